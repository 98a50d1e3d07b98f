namespace BatchScoring.Core.Scoring;

/// <summary>
/// The cores a scorer may spread one chunk's work over: the one the chunk runs on, and any other the engine can lend it
/// while the work lasts. The engine lends its own CPU slots, at the chunk's priority (the mini-batch index), so the
/// process never runs more scoring work than it has slots and a lower mini-batch still gets them first. A scorer whose
/// chunk splits into independent parts (the text scorer's inference batches) uses it; the others score a chunk on one
/// core, and the engine runs one chunk per slot.
/// </summary>
public interface IChunkCores
{
    /// <summary>
    /// Runs <paramref name="body"/> once for each index in [0, <paramref name="count"/>), in increasing order of start,
    /// on the calling thread and on any slot the engine can lend meanwhile; returns when every started call has ended.
    /// The first exception stops the calls not yet started and is thrown.
    /// </summary>
    Task ForEachAsync(int count, Action<int> body, CancellationToken cancellationToken);
}

/// <summary>The <see cref="IChunkCores"/> of a chunk scored outside the engine's slots: every call on the calling thread.</summary>
internal sealed class OneCore : IChunkCores
{
    public static OneCore Instance { get; } = new();

    public Task ForEachAsync(int count, Action<int> body, CancellationToken cancellationToken)
    {
        for (var i = 0; i < count; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            body(i);
        }

        return Task.CompletedTask;
    }
}
