using BatchScoring.Core.Runs;
using BatchScoring.Tests;
using Microsoft.DurableTask.Client;

namespace BatchScoring.Orchestration.Tests.Backends;

/// <summary>
/// The in-memory engine forgets finished shards (100,000 mini-batches left 1.9 GiB of their histories behind), and
/// what still comes for them later (their attempts' time-out timers, a late attempt) starts nothing.
/// </summary>
public sealed class ForgottenShardsTests
{
    [Fact]
    public async Task Run_ShardsFinished_ForgottenAfterAWhileWithoutLeftoverInstances()
    {
        // Arrange: 12 shards of 2 mini-batches, forgotten 1 s after they finish; each attempt has a 3 s time-out timer
        // that fires after its shard is forgotten.
        using var folder = new TempFolder();
        await using var host = ScoringHost.Create(folder.Path);
        var durable = await host.StartDurableAsync(activitySlots: 8, forgetShardsAfter: TimeSpan.FromSeconds(1));
        folder.Write("in/data.csv", "id,x\n" + string.Concat(Enumerable.Range(0, 24).Select(i => $"{i},{i}\n")));
        var spec = OrchestrationFixture.TestSpec(Guid.NewGuid().ToString("N"), 1);
        spec = spec with { Execution = spec.Execution with { MaxParallelMiniBatches = 2, MiniBatchTimeout = 3 } };

        // Act
        var id = await durable.Client.ScheduleNewOrchestrationInstanceAsync(nameof(Orchestrators.ScoringRun), new Contracts.ScoringRunInput(spec, DurableEngine.InMemory));
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        var run = await durable.Client.WaitForInstanceCompletionAsync(id, getInputsAndOutputs: true, cancel.Token);

        // Assert: the run is right; then, once the timers have fired, no shard is left, finished or started anew.
        Assert.Equal(OrchestrationRuntimeStatus.Completed, run.RuntimeStatus);
        Assert.Equal(24, run.ReadOutputAs<Contracts.ScoringRunResult>()!.ItemsScored);
        await Waits.UntilAsync(() => Shards(durable.Client, id).Result == 0, TimeSpan.FromSeconds(30), "every shard being forgotten");
        var lastTimer = run.LastUpdatedAt.UtcDateTime + TimeSpan.FromSeconds(spec.Execution.MiniBatchTimeout + 1);
        await Waits.UntilAsync(() => DateTime.UtcNow > lastTimer, TimeSpan.FromSeconds(30), "the last time-out timer firing");
        Assert.Equal(0, await Shards(durable.Client, id));
        Assert.Equal(OrchestrationRuntimeStatus.Completed, (await durable.Client.GetInstanceAsync(id))!.RuntimeStatus);
    }

    private static async Task<int> Shards(DurableTaskClient client, string runId)
    {
        var count = 0;
        await foreach (var _ in client.GetAllInstancesAsync(new OrchestrationQuery { InstanceIdPrefix = RunLayout.ShardPrefix(runId), PageSize = 100 }))
        {
            count++;
        }

        return count;
    }
}
