using System.Text.Json;
using BatchScoring.Core.Runs;
using BatchScoring.Functions.Runs;
using BatchScoring.Orchestration.Contracts;
using BatchScoring.Orchestration.Progress;
using Microsoft.DurableTask.Client;

namespace BatchScoring.Functions.Http;

/// <summary>Maps Durable's instance metadata to the API's run resources.</summary>
internal static class RunViews
{
    public static string Status(OrchestrationRuntimeStatus status) => JsonNamingPolicy.CamelCase.ConvertName(status.ToString());

    /// <summary>
    /// A run with its inputs and outputs read (<c>getInputsAndOutputs: true</c>). <paramref name="failureFilesWritten"/>:
    /// a failed run's error records and summary exist (its failure budget stopped it; other failures write none).
    /// </summary>
    public static RunResource Resource(OrchestrationMetadata run, RunProgress? progress, RunUrls urls, BlobLinks links, bool failureFilesWritten = false)
    {
        var spec = RunOutcome.SpecOf(run);
        var result = RunOutcome.ResultOf(run);
        var failure = RunFailures.Of(run);
        var self = new RunLinks(urls.Run(run.InstanceId), urls.Cancel(run.InstanceId));
        var fileLinks = result is not null
            ? self with { Output = result.OutputPath is null ? null : links.For(result.OutputPath), Errors = links.For(result.ErrorsPath), Summary = links.For(result.SummaryPath) }
            : run.RuntimeStatus == OrchestrationRuntimeStatus.Failed && failureFilesWritten && spec is not null
                ? self with { Errors = links.For(RunLayout.ErrorsBeside(spec.Output.Path)), Summary = links.For(RunLayout.SummaryBeside(spec.Output.Path)) }
                : self;
        return new RunResource(run.InstanceId, spec?.Name, Status(run.RuntimeStatus), run.CreatedAt, run.LastUpdatedAt, progress, failure, result, fileLinks);
    }

    public static RunListItem Item(OrchestrationMetadata run, RunUrls urls) =>
        new(run.InstanceId, Status(run.RuntimeStatus), run.CreatedAt, run.LastUpdatedAt, RunProgressView.Read<RunProgress>(run), new RunLinks(urls.Run(run.InstanceId), urls.Cancel(run.InstanceId)));
}
