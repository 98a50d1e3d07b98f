namespace BatchScoring.Engine.Pipeline;

/// <summary>
/// A counting gate whose waiters are let through lowest priority value first (ties: first come, first served). The
/// engine's CPU slots and read-ahead budget are such gates, keyed by mini-batch index: the mini-batches in flight do not
/// share the cores evenly and end together, but the lowest finishes first and is staged while the next ones fill any
/// core it leaves idle, so a run's progress and its resume points advance mini-batch by mini-batch.
/// </summary>
internal sealed class PriorityGate
{
    private readonly Lock sync = new();
    private readonly PriorityQueue<Waiter, (long Priority, long Arrival)> waiters = new();
    private long arrivals;
    private int free;

    public PriorityGate(int permits)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(permits, 1);
        free = permits;
    }

    /// <summary>Permits free now (for tests and diagnostics).</summary>
    public int Free
    {
        get
        {
            lock (sync)
            {
                return free;
            }
        }
    }

    /// <summary>Waits for a permit; among waiters, the lowest <paramref name="priority"/> gets the next one.</summary>
    public Task WaitAsync(long priority, CancellationToken cancellationToken)
    {
        Waiter waiter;
        lock (sync)
        {
            if (free > 0 && waiters.Count == 0)
            {
                free--;
                return Task.CompletedTask;
            }

            waiter = new Waiter();
            waiters.Enqueue(waiter, (priority, arrivals++));
        }

        if (cancellationToken.CanBeCanceled)
        {
            waiter.Cancellation = cancellationToken.Register(static state => ((Waiter)state!).Cancel(), waiter);
        }

        return waiter.Task;
    }

    /// <summary>Returns a permit: to the waiter of lowest priority, or to the pool when none waits.</summary>
    public void Release()
    {
        lock (sync)
        {
            while (waiters.TryDequeue(out var next, out _))
            {
                // A cancelled waiter left its place in the queue; the permit goes on to the next.
                if (next.TryGrant())
                {
                    return;
                }
            }

            free++;
        }
    }

    private sealed class Waiter() : TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)
    {
        private int state; // 0 waiting, 1 granted, 2 cancelled

        public CancellationTokenRegistration Cancellation { get; set; }

        public bool TryGrant()
        {
            if (Interlocked.CompareExchange(ref state, 1, 0) != 0)
            {
                return false;
            }

            Cancellation.Dispose();
            TrySetResult();
            return true;
        }

        public void Cancel()
        {
            if (Interlocked.CompareExchange(ref state, 2, 0) == 0)
            {
                TrySetCanceled();
            }
        }
    }
}
