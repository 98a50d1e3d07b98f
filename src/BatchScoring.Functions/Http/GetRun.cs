using System.Net;
using BatchScoring.Core.Runs;
using BatchScoring.Functions.Runs;
using BatchScoring.Orchestration.Progress;
using BatchScoring.Storage;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Http;
using Microsoft.DurableTask.Client;

namespace BatchScoring.Functions.Http;

/// <summary>
/// <c>GET /api/runs/{id}</c>: the run's status, progress (the shards it waits for included, so it moves, never backwards, with
/// every mini-batch), failure reason, result and links; 404 for an unknown id.
/// </summary>
public sealed class GetRun(BlobLinks links, IBlobStore store)
{
    [Function(nameof(GetRun))]
    public async Task<HttpResponseData> RunAsync(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "runs/{id}")] HttpRequestData request,
        [DurableClient] DurableTaskClient client,
        string id,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(client);
        var run = await client.GetInstanceAsync(id, getInputsAndOutputs: true, cancellationToken);
        if (run is null)
        {
            return await HttpResponses.NotFoundAsync(request, id, cancellationToken);
        }

        var failureFiles = run.RuntimeStatus == OrchestrationRuntimeStatus.Failed && RunOutcome.SpecOf(run) is { } spec
            ? (await store.GetInfoAsync(RunLayout.SummaryBeside(spec.Output.Path), cancellationToken) is not null,
               await store.GetInfoAsync(RunLayout.ErrorsBeside(spec.Output.Path), cancellationToken) is not null)
            : default;
        var progress = await RunProgressView.ReadAsync(client, run, cancellationToken);
        return await HttpResponses.JsonAsync(request, HttpStatusCode.OK, RunViews.Resource(run, progress, new RunUrls(request), links, failureFiles), cancellationToken);
    }
}
