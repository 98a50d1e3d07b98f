using System.Net;
using BatchScoring.Functions.Runs;
using BatchScoring.Orchestration.Contracts;
using BatchScoring.Orchestration.Progress;
using BatchScoring.Orchestration.Runs;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Http;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;

namespace BatchScoring.Functions.Http;

/// <summary>
/// <c>POST /api/runs/{id}/cancel</c>: terminates a pending, running or suspended run and its shards (202; the run
/// shows <c>terminated</c> shortly after). A run already cancelled answers 200 with its state; a completed or failed
/// run answers 409 (there is nothing to cancel); an unknown id 404.
/// </summary>
public sealed class CancelRun(BlobLinks links, ILogger<CancelRun> logger)
{
    public const string Reason = "cancelled through POST /api/runs/{id}/cancel";

    [Function(nameof(CancelRun))]
    public async Task<HttpResponseData> RunAsync(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "runs/{id}/cancel")] HttpRequestData request,
        [DurableClient] DurableTaskClient client,
        string id,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(client);
        var run = await client.GetInstanceAsync(id, getInputsAndOutputs: true, cancellationToken);
        var urls = new RunUrls(request);
        switch (run?.RuntimeStatus)
        {
            case null:
                return await HttpResponses.NotFoundAsync(request, id, cancellationToken);
            case OrchestrationRuntimeStatus.Terminated:
                return await HttpResponses.JsonAsync(request, HttpStatusCode.OK, RunViews.Resource(run, RunProgressView.Read<RunProgress>(run), urls, links), cancellationToken);
            case OrchestrationRuntimeStatus.Completed or OrchestrationRuntimeStatus.Failed:
                var status = RunViews.Status(run.RuntimeStatus);
                return await HttpResponses.ProblemAsync(
                    request,
                    new Problem(ProblemTypes.RunFinished, "The run has already finished.", 409, $"Run '{id}' is {status} (since {run.LastUpdatedAt:u}); there is nothing to cancel.", request.Url.AbsolutePath, RuntimeStatus: status),
                    cancellationToken);
            default:
                await RunCancellation.TerminateAsync(client, id, Reason, cancellationToken);
                logger.RunCancelled(id);
                return await HttpResponses.JsonAsync(
                    request,
                    HttpStatusCode.Accepted,
                    new CancelAccepted(id, "Termination requested; the run shows 'terminated' once the task hub has processed it.", new RunLinks(urls.Run(id), urls.Cancel(id))),
                    new Dictionary<string, string> { ["Location"] = urls.Run(id) },
                    cancellationToken);
        }
    }
}
