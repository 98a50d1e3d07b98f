using Microsoft.DurableTask.Client;

namespace BatchScoring.Orchestration.Runs;

/// <summary>
/// The one way every host cancels a run: terminate it and, recursively, its shards, so nothing new is scheduled;
/// mini-batches already running finish and nothing is committed. The Functions app's client terminates
/// sub-orchestrations itself; the runner's (<c>ServiceDurableTaskClient</c>) finds them by the run's shard prefix.
/// </summary>
public static class RunCancellation
{
    public static Task TerminateAsync(DurableTaskClient client, string runId, string reason, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(client);
        return client.TerminateInstanceAsync(runId, new TerminateInstanceOptions(reason, Recursive: true), cancellationToken);
    }
}
