using System.Net;
using BatchScoring.Core.Runs;
using BatchScoring.Functions.Options;
using BatchScoring.Orchestration.Ledger;
using BatchScoring.Storage;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Http;
using Microsoft.Extensions.Options;

namespace BatchScoring.Functions.Http;

/// <summary>
/// <c>GET /api/series/{name}[?input=PATH]</c>: an incremental series' committed runs, from its ledger in the outputs
/// container (<c>{outputs}/_ledger/{name}</c>), each with the inputs it scored and their versions, the model's hash, the
/// output and the counts; with <c>input</c>, every version of that input the series scored, when, by which model, into
/// which output. 404 when the series has no committed run (or never scored the input).
/// </summary>
public sealed class GetSeries(IBlobStore store, IOptions<BatchScoringOptions> options)
{
    [Function(nameof(GetSeries))]
    public async Task<HttpResponseData> RunAsync(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "series/{name}")] HttpRequestData request,
        string name,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(options);
        if (!RunLayout.IsSeriesName(name))
        {
            return await HttpResponses.ProblemAsync(request, new Problem(ProblemTypes.InvalidRequest, "The series name is not valid.", 400, $"A series name is 1-64 letters, digits, '-', '_' or '.', was '{name}'.", request.Url.AbsolutePath, [new ProblemField("name", "must be 1-64 letters, digits, '-', '_' or '.'")]), cancellationToken);
        }

        var folder = RunLayout.LedgerFolderIn(options.Value.OutputsContainer, name);
        var history = await SeriesHistory.ReadAsync(new SeriesLedger(store), name, folder, cancellationToken);
        if (history.Runs.Count == 0)
        {
            return await HttpResponses.ProblemAsync(request, new Problem(ProblemTypes.SeriesNotFound, "No such series.", 404, $"Series '{name}' has no committed runs: nothing in its ledger '{folder}'.", request.Url.AbsolutePath), cancellationToken);
        }

        if (request.Query["input"] is { Length: > 0 } input)
        {
            var versions = history.VersionsOf(input);
            return versions.Count == 0
                ? await HttpResponses.ProblemAsync(request, new Problem(ProblemTypes.SeriesNotFound, "The series never scored this input.", 404, $"Series '{name}' never scored '{input}'; inputs are named as the runs list them (container/path).", request.Url.PathAndQuery), cancellationToken)
                : await HttpResponses.JsonAsync(request, HttpStatusCode.OK, new { series = name, input, versions }, cancellationToken);
        }

        return await HttpResponses.JsonAsync(request, HttpStatusCode.OK, history, cancellationToken);
    }
}
