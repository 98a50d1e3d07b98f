using System.Net;
using BatchScoring.Orchestration.Orchestrators;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Http;
using Microsoft.DurableTask.Client;

namespace BatchScoring.Functions.Http;

/// <summary>
/// <c>GET /api/runs?status=running,failed&amp;top=50&amp;continuationToken=...</c>: runs (ScoringRun instances, not
/// their shards), newest pages as the task hub returns them, filtered by runtime status, one page per call. A page
/// may hold fewer than <c>top</c> runs (shards are left out); follow <c>next</c> until it is absent.
/// </summary>
public sealed class ListRuns
{
    public const int DefaultTop = 50;
    public const int MaxTop = 1000;

    private static readonly OrchestrationRuntimeStatus[] Filterable =
    [
        OrchestrationRuntimeStatus.Pending, OrchestrationRuntimeStatus.Running, OrchestrationRuntimeStatus.Suspended,
        OrchestrationRuntimeStatus.Completed, OrchestrationRuntimeStatus.Failed, OrchestrationRuntimeStatus.Terminated,
    ];

    [Function(nameof(ListRuns))]
    public async Task<HttpResponseData> RunAsync(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "runs")] HttpRequestData request,
        [DurableClient] DurableTaskClient client,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(client);
        var query = request.Query;
        var errors = new List<ProblemField>();
        var statuses = new List<OrchestrationRuntimeStatus>();
        foreach (var value in (query.GetValues("status") ?? []).SelectMany(v => v.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)))
        {
            var status = Filterable.FirstOrDefault(s => string.Equals(RunViews.Status(s), value, StringComparison.OrdinalIgnoreCase), (OrchestrationRuntimeStatus)(-1));
            if ((int)status < 0)
            {
                errors.Add(new ProblemField("status", $"'{value}' is not a run status; use {string.Join(", ", Filterable.Select(RunViews.Status))}"));
            }
            else
            {
                statuses.Add(status);
            }
        }

        var top = DefaultTop;
        if (query["top"] is { } topText && (!int.TryParse(topText, out top) || top is < 1 or > MaxTop))
        {
            errors.Add(new ProblemField("top", $"must be a whole number from 1 to {MaxTop}, was '{topText}'"));
        }

        if (errors.Count > 0)
        {
            return await HttpResponses.ProblemAsync(request, new Problem(ProblemTypes.InvalidRequest, "The query is not valid.", 400, $"{errors.Count} invalid query parameter(s).", request.Url.PathAndQuery, errors), cancellationToken);
        }

        var continuation = query["continuationToken"] is { Length: > 0 } token ? token : null;
        var filter = new OrchestrationQuery { Statuses = statuses.Count > 0 ? statuses : null, PageSize = top, ContinuationToken = continuation };
        var urls = new RunUrls(request);
        await using var pages = client.GetAllInstancesAsync(filter).AsPages(continuation, top).GetAsyncEnumerator(cancellationToken);
        var page = await pages.MoveNextAsync() ? pages.Current : null;
        var runs = (page?.Values ?? []).Where(r => r.Name == nameof(ScoringRun)).Select(r => RunViews.Item(r, urls)).ToList();
        var next = page?.ContinuationToken is { Length: > 0 } nextToken ? nextToken : null;
        var nextLink = next is null ? null : urls.Runs(Query(statuses, top, next));
        return await HttpResponses.JsonAsync(request, HttpStatusCode.OK, new RunList(runs, next, nextLink), cancellationToken);
    }

    private static string Query(List<OrchestrationRuntimeStatus> statuses, int top, string continuation) =>
        (statuses.Count > 0 ? $"status={string.Join(',', statuses.Select(RunViews.Status))}&" : "") + $"top={top}&continuationToken={Uri.EscapeDataString(continuation)}";
}
