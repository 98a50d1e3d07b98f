namespace BatchScoring.Functions.Runs;

/// <summary>
/// Serialises the look-up-then-start of one deterministic instance id inside this worker process. Two deliveries of
/// one blob event (or two invocations of one timer occurrence) run concurrently; on the Azure Storage backend both
/// look-ups then find nothing, both starts succeed, and the backend silently drops the second start message, so
/// the second delivery would claim a run it did not start. Behind the gate the second look-up finds the first
/// start's instance. Ids are striped over a fixed set of semaphores: bounded memory, and an unrelated id sharing
/// a stripe only waits for one look-up and start.
/// </summary>
internal static class StartGate
{
    private static readonly SemaphoreSlim[] Stripes = Enumerable.Range(0, 64).Select(_ => new SemaphoreSlim(1, 1)).ToArray();

    /// <summary>Waits for the gate of <paramref name="instanceId"/>; disposing the result leaves it.</summary>
    public static async Task<IDisposable> EnterAsync(string instanceId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(instanceId);
        var stripe = Stripes[(int)((uint)StringComparer.Ordinal.GetHashCode(instanceId) % (uint)Stripes.Length)];
        await stripe.WaitAsync(cancellationToken);
        return new Exit(stripe);
    }

    private sealed class Exit(SemaphoreSlim stripe) : IDisposable
    {
        private int done;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref done, 1) == 0)
            {
                stripe.Release();
            }
        }
    }
}
