using System.Reflection;
using BatchScoring.Engine.Pipeline;
using BatchScoring.Tests;

namespace BatchScoring.Engine.Tests.Pipeline;

/// <summary>
/// A chunk spreads its parts over the CPU slots the engine can lend it, never over more than the process has, and a
/// lower mini-batch still gets a freed slot first.
/// </summary>
public sealed class LentCoresTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task ForEach_OneChunkAndAFreeSlot_TwoPartsRunAtOnce()
    {
        // Arrange: the chunk holds one of two slots
        var capacity = new ScoringCapacity(cpuSlots: 2);
        await capacity.Cpu.WaitAsync(0, CancellationToken.None);
        using var both = new CountdownEvent(2);
        var met = new bool[2];

        // Act: the first two parts each wait for the other; on one core the first would wait in vain
        await Task.Run(() => capacity.LendCores(0).ForEachAsync(6, i =>
        {
            if (i < 2)
            {
                both.Signal();
                met[i] = both.Wait(Patience);
            }
        }, CancellationToken.None)).WaitAsync(Patience * 2);

        // Assert: both met, and the lent slot came back
        Assert.Equal([true, true], met);
        Assert.Equal(1, capacity.Cpu.Free);
    }

    [Fact]
    public async Task ForEach_EveryOtherSlotBusy_PartsRunOneAtATimeAndTheAskIsWithdrawn()
    {
        // Arrange: the chunk holds one slot, other work the other
        var capacity = new ScoringCapacity(cpuSlots: 2);
        await capacity.Cpu.WaitAsync(0, CancellationToken.None);
        await capacity.Cpu.WaitAsync(0, CancellationToken.None);
        var running = 0;
        var most = 0;
        var ran = new int[20];

        // Act
        await Task.Run(() => capacity.LendCores(0).ForEachAsync(ran.Length, i =>
        {
            var now = Interlocked.Increment(ref running);
            InterlockedMax(ref most, now);
            Thread.Sleep(1);
            ran[i]++;
            Interlocked.Decrement(ref running);
        }, CancellationToken.None)).WaitAsync(Patience);

        // Assert: every part once, on the chunk's own slot; a slot freed later is not taken by the finished chunk
        Assert.All(ran, n => Assert.Equal(1, n));
        Assert.Equal(1, most);
        capacity.Cpu.Release();
        Assert.Equal(1, capacity.Cpu.Free);
    }

    [Fact]
    public async Task ForEach_TwoChunksBorrowing_NeverMoreAtOnceThanTheSlots()
    {
        // Arrange: three slots, two chunks holding one each
        var capacity = new ScoringCapacity(cpuSlots: 3);
        var running = 0;
        var most = 0;
        var ran = new int[2, 60];

        async Task ChunkAsync(int chunk)
        {
            await capacity.Cpu.WaitAsync(chunk, CancellationToken.None);
            try
            {
                await capacity.LendCores(chunk).ForEachAsync(60, i =>
                {
                    InterlockedMax(ref most, Interlocked.Increment(ref running));
                    Thread.SpinWait(20_000);
                    Interlocked.Increment(ref ran[chunk, i]);
                    Interlocked.Decrement(ref running);
                }, CancellationToken.None);
            }
            finally
            {
                capacity.Cpu.Release();
            }
        }

        // Act
        await Task.WhenAll(Task.Run(() => ChunkAsync(0)), Task.Run(() => ChunkAsync(1))).WaitAsync(Patience);

        // Assert
        Assert.All(ran.Cast<int>(), n => Assert.Equal(1, n));
        Assert.InRange(most, 1, 3);
        Assert.Equal(3, capacity.Cpu.Free);
    }

    [Fact]
    public async Task ForEach_SlotFreedWhileALowerMiniBatchWaits_TheLowerGetsIt()
    {
        // Arrange: mini-batch 5's chunk holds a slot and asks for the other, held by other work; mini-batch 0 waits too
        var capacity = new ScoringCapacity(cpuSlots: 2);
        await capacity.Cpu.WaitAsync(5, CancellationToken.None);
        await capacity.Cpu.WaitAsync(5, CancellationToken.None);
        using var go = new ManualResetEventSlim();
        var chunk = Task.Run(() => capacity.LendCores(5).ForEachAsync(2, _ => go.Wait(Patience), CancellationToken.None));
        await Waits.UntilAsync(() => capacity.Cpu.Free == 0 && Waiting(capacity.Cpu) == 1 && !chunk.IsCompleted, Patience, "mini-batch 5's ask for a second slot being queued");
        var lower = capacity.Cpu.WaitAsync(0, CancellationToken.None);

        // Act: the other work ends
        capacity.Cpu.Release();

        // Assert: mini-batch 0 got the slot, not mini-batch 5's second part
        await lower.WaitAsync(Patience);
        go.Set();
        await chunk.WaitAsync(Patience);
        capacity.Cpu.Release(); // mini-batch 0's
        capacity.Cpu.Release(); // the chunk's own
        Assert.Equal(2, capacity.Cpu.Free);
    }

    [Fact]
    public async Task ForEach_PartThrows_LaterPartsNotStartedAndTheFailureThrown()
    {
        // Arrange
        var capacity = new ScoringCapacity(cpuSlots: 2);
        await capacity.Cpu.WaitAsync(0, CancellationToken.None);
        var started = 0;

        // Act
        var failure = await Assert.ThrowsAsync<InvalidOperationException>(() => Task.Run(() => capacity.LendCores(0).ForEachAsync(1000, i =>
        {
            Interlocked.Increment(ref started);
            if (i == 3)
            {
                throw new InvalidOperationException("part 3 failed");
            }

            Thread.Sleep(1);
        }, CancellationToken.None)).WaitAsync(Patience));

        // Assert
        Assert.Equal("part 3 failed", failure.Message);
        Assert.InRange(started, 4, 20);
        Assert.Equal(1, capacity.Cpu.Free);
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int seen;
        while ((seen = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, seen) != seen)
        {
        }
    }

    /// <summary>
    /// The asks queued at <paramref name="gate"/>: the gate does not show them (only <see cref="PriorityGate.Free"/>),
    /// and the test must know the chunk's ask is queued before mini-batch 0 asks, or a lower mini-batch getting the
    /// slot would prove nothing.
    /// </summary>
    private static int Waiting(PriorityGate gate)
    {
        var waiters = typeof(PriorityGate).GetField("waiters", BindingFlags.NonPublic | BindingFlags.Instance)?.GetValue(gate)
            ?? throw new InvalidOperationException("PriorityGate has no field 'waiters' (its queue of asks) any more: update this test's look at it.");
        return (int)waiters.GetType().GetProperty("Count")!.GetValue(waiters)!;
    }
}
