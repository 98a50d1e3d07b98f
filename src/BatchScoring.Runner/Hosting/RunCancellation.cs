using BatchScoring.Core.Runs;
using Microsoft.DurableTask.Client;

namespace BatchScoring.Runner.Hosting;

/// <summary>Terminating a run: the run itself (so nothing new is scheduled) and its running shards.</summary>
internal static class RunCancellation
{
    public static async Task TerminateAsync(DurableTaskClient client, string runId, string reason, CancellationToken cancellationToken)
    {
        await client.TerminateInstanceAsync(runId, reason, cancellationToken);
        var shards = new OrchestrationQuery
        {
            InstanceIdPrefix = RunLayout.ShardPrefix(runId),
            Statuses = [OrchestrationRuntimeStatus.Pending, OrchestrationRuntimeStatus.Running],
            PageSize = 1000,
        };
        await foreach (var shard in client.GetAllInstancesAsync(shards).WithCancellation(cancellationToken))
        {
            await client.TerminateInstanceAsync(shard.InstanceId, "run cancelled", cancellationToken);
        }
    }
}
