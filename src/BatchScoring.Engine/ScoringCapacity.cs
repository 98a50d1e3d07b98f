namespace BatchScoring.Engine;

/// <summary>
/// How much scoring work this process does at once, whatever the number of mini-batches in flight: one CPU slot per
/// core, each running one chunk from decode through inference to formatting (ONNX Runtime gets one intra-op thread per
/// call by default, so the cores are never oversubscribed), and a bound on the chunks read but not yet written, which
/// bounds memory.
/// </summary>
public sealed class ScoringCapacity : IDisposable
{
    public ScoringCapacity(int? cpuSlots = null)
    {
        CpuSlots = Math.Max(1, cpuSlots ?? Environment.ProcessorCount);
        ChunksInFlight = (2 * CpuSlots) + 2;
        Cpu = new SemaphoreSlim(CpuSlots, CpuSlots);
        Chunks = new SemaphoreSlim(ChunksInFlight, ChunksInFlight);
    }

    /// <summary>Chunks being decoded, scored and formatted at once, in the whole process.</summary>
    public int CpuSlots { get; }

    /// <summary>Chunks read and not yet written, in the whole process.</summary>
    public int ChunksInFlight { get; }

    /// <summary>Chunks one mini-batch reads ahead of its writer.</summary>
    public int ChunksPerMiniBatch => CpuSlots + 1;

    internal SemaphoreSlim Cpu { get; }

    internal SemaphoreSlim Chunks { get; }

    public void Dispose()
    {
        Cpu.Dispose();
        Chunks.Dispose();
    }
}
