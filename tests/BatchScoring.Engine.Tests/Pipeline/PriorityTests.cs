using BatchScoring.Engine.Pipeline;

namespace BatchScoring.Engine.Tests.Pipeline;

/// <summary>The engine's gates give the cores to the lowest mini-batch first, so mini-batches end one after another.</summary>
public sealed class PriorityTests
{
    [Fact]
    public async Task Gate_EachRelease_GoesToTheLowestPriorityThenTheFirstCome()
    {
        var gate = new PriorityGate(1);
        await gate.WaitAsync(0, CancellationToken.None);
        var waits = new (string Name, Task Task)[] { ("5", gate.WaitAsync(5, default)), ("2a", gate.WaitAsync(2, default)), ("9", gate.WaitAsync(9, default)), ("2b", gate.WaitAsync(2, default)) };
        var granted = new List<string>();
        for (var i = 0; i < waits.Length; i++)
        {
            gate.Release();
            granted.AddRange(waits.Where(w => w.Task.IsCompletedSuccessfully && !granted.Contains(w.Name)).Select(w => w.Name));
            Assert.Equal(i + 1, granted.Count); // one release, one waiter through
        }

        Assert.Equal(["2a", "2b", "5", "9"], granted);
        Assert.Equal(0, gate.Free);
        gate.Release();
        Assert.Equal(1, gate.Free);
    }

    [Fact]
    public async Task Gate_CancelledWaiter_LeavesItsPlaceAndThePermitGoesOn()
    {
        var gate = new PriorityGate(1);
        await gate.WaitAsync(0, CancellationToken.None);
        using var cancel = new CancellationTokenSource();
        var cancelled = gate.WaitAsync(1, cancel.Token);
        var next = gate.WaitAsync(2, CancellationToken.None);

        await cancel.CancelAsync();
        gate.Release();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled);
        Assert.True(next.IsCompletedSuccessfully);
        Assert.Equal(0, gate.Free);
    }

    /// <summary>
    /// Two mini-batches' pipelines on one CPU slot: from the lower one's first chunk to its last, the higher one scores
    /// only a few chunks, those it had in the gate's queue before the lower one had any waiting or that slip in when
    /// the lower one has none waiting (shared evenly, as a FIFO gate did, it would score about as many as the lower
    /// one). Counted from the lower one's start, not the run's: on a busy machine the higher one may run alone a while.
    /// </summary>
    [Fact]
    public async Task Pipelines_TwoMiniBatchesOnOneSlot_TheLowerEndsFirst()
    {
        var capacity = new ScoringCapacity(cpuSlots: 1);
        const int items = 40;
        var processed = new int[2];
        int? higherWhenLowerStarted = null;
        int? higherWhenLowerEnded = null;

        async Task RunAsync(int index)
        {
            await OrderedPipeline.RunAsync(
                Items(items),
                async (item, ct) =>
                {
                    if (index == 0 && higherWhenLowerStarted is null)
                    {
                        higherWhenLowerStarted = Volatile.Read(ref processed[1]);
                    }

                    await Task.Delay(2, ct);
                    Interlocked.Increment(ref processed[index]);
                    return item;
                },
                (_, _) => ValueTask.CompletedTask,
                capacity,
                index,
                CancellationToken.None);
            if (index == 0)
            {
                higherWhenLowerEnded = Volatile.Read(ref processed[1]);
            }
        }

        await Task.WhenAll(Task.Run(() => RunAsync(1)), Task.Run(() => RunAsync(0))).WaitAsync(TimeSpan.FromMinutes(1));

        Assert.Equal([items, items], processed);
        var meanwhile = higherWhenLowerEnded - higherWhenLowerStarted;
        Assert.True(meanwhile <= 10, $"mini-batch 1 scored {meanwhile} of {items} chunks while mini-batch 0 scored its {items} ({higherWhenLowerStarted} before, {higherWhenLowerEnded} at its end)");
    }

    private static async IAsyncEnumerable<Item> Items(int count)
    {
        for (var i = 0; i < count; i++)
        {
            await Task.Yield();
            yield return new Item();
        }
    }

    private sealed class Item : IDisposable
    {
        public void Dispose()
        {
        }
    }
}
