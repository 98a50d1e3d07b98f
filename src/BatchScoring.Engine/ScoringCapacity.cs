using BatchScoring.Core.Scoring;
using BatchScoring.Engine.Pipeline;

namespace BatchScoring.Engine;

/// <summary>
/// How much scoring work this process does at once, whatever the number of mini-batches in flight: one CPU slot per
/// core, each running one chunk from decode through inference to formatting, or a part of a chunk that borrows it
/// (<see cref="IChunkCores"/>; ONNX Runtime gets one intra-op thread per call by default, so the cores are never
/// oversubscribed), and a bound on the chunks read but not yet written, which
/// bounds memory. Both go to the lowest mini-batch index first (<see cref="PriorityGate"/>): mini-batches end one after
/// another, not all together.
/// </summary>
public sealed class ScoringCapacity
{
    /// <param name="cpuSlots">Chunks scored at once; default one per core.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="cpuSlots"/> is less than 1.</exception>
    public ScoringCapacity(int? cpuSlots = null)
    {
        if (cpuSlots is < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(cpuSlots), cpuSlots, "at least one CPU slot is needed");
        }

        CpuSlots = cpuSlots ?? Environment.ProcessorCount;
        ChunksInFlight = (2 * CpuSlots) + 2;
        Cpu = new PriorityGate(CpuSlots);
        Chunks = new PriorityGate(ChunksInFlight);
    }

    /// <summary>Chunks being decoded, scored and formatted at once, in the whole process.</summary>
    public int CpuSlots { get; }

    /// <summary>Chunks read and not yet written, in the whole process.</summary>
    public int ChunksInFlight { get; }

    /// <summary>Chunks one mini-batch reads ahead of its writer.</summary>
    public int ChunksPerMiniBatch => CpuSlots + 1;

    internal PriorityGate Cpu { get; }

    /// <summary>The slots a chunk of mini-batch <paramref name="priority"/> may spread its work over (<see cref="IChunkCores"/>).</summary>
    internal IChunkCores LendCores(long priority) => new LentCores(Cpu, CpuSlots, priority);

    internal PriorityGate Chunks { get; }
}
