using System.Runtime.ExceptionServices;
using BatchScoring.Core.Scoring;

namespace BatchScoring.Engine.Pipeline;

/// <summary>
/// The engine's <see cref="IChunkCores"/>: a chunk that holds one CPU slot runs its parts on that slot's thread and asks
/// the CPU gate for up to every other slot, at the chunk's priority, while parts remain. A slot that comes after the
/// parts have all started is returned at once, and the asks still waiting are withdrawn when the last part starts, so a
/// chunk never holds a slot it does not use.
/// </summary>
internal sealed class LentCores(PriorityGate cpu, int slots, long priority) : IChunkCores
{
    public async Task ForEachAsync(int count, Action<int> body, CancellationToken cancellationToken)
    {
        if (count <= 0)
        {
            return;
        }

        var work = new Parts(count, body, cancellationToken);
        using var stopAsking = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var helpers = new Task[Math.Min(slots - 1, count - 1)];
        for (var h = 0; h < helpers.Length; h++)
        {
            helpers[h] = Task.Run(() => HelpAsync(work, stopAsking.Token), CancellationToken.None);
        }

        work.Run();
        await stopAsking.CancelAsync();
        await Task.WhenAll(helpers);
        work.ThrowIfFailed();
    }

    private async Task HelpAsync(Parts work, CancellationToken stopAsking)
    {
        try
        {
            await cpu.WaitAsync(priority, stopAsking);
        }
        catch (OperationCanceledException)
        {
            return; // every part had started: nothing to help with
        }

        try
        {
            work.Run();
        }
        finally
        {
            cpu.Release();
        }
    }

    /// <summary>Parts handed out one at a time to whichever thread asks next; the first failure stops the handing out.</summary>
    private sealed class Parts(int count, Action<int> body, CancellationToken cancellationToken)
    {
        private int next = -1;
        private ExceptionDispatchInfo? failure;

        public void Run()
        {
            int i;
            while (Volatile.Read(ref failure) is null && (i = Interlocked.Increment(ref next)) < count)
            {
                try
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    body(i);
                }
                catch (Exception e)
                {
                    Interlocked.CompareExchange(ref failure, ExceptionDispatchInfo.Capture(e), null);
                }
            }
        }

        public void ThrowIfFailed() => failure?.Throw();
    }
}
