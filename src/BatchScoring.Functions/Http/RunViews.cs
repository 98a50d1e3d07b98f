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
    /// A run with its inputs and outputs read (<c>getInputsAndOutputs: true</c>). <paramref name="failureFiles"/>: which of
    /// a failed run's summary and report (every failure writes both) and error records (written when its failure budget stopped it)
    /// exist.
    /// </summary>
    public static RunResource Resource(OrchestrationMetadata run, RunProgress? progress, RunUrls urls, BlobLinks links, (bool Summary, bool Errors) failureFiles = default)
    {
        var spec = RunOutcome.SpecOf(run);
        var result = RunOutcome.ResultOf(run);
        var failure = RunFailures.Of(run);
        var self = new RunLinks(urls.Run(run.InstanceId), urls.Cancel(run.InstanceId));
        var fileLinks = result is not null
            ? self with { Output = result.OutputPath is null ? null : links.For(result.OutputPath), Errors = links.For(result.ErrorsPath), Summary = links.For(result.SummaryPath), Report = spec is null ? null : links.For(RunLayout.ReportBeside(spec.Output.Path)) }
            : run.RuntimeStatus == OrchestrationRuntimeStatus.Failed && spec is not null
                ? self with
                {
                    Errors = failureFiles.Errors ? links.For(RunLayout.ErrorsBeside(spec.Output.Path)) : null,
                    Summary = failureFiles.Summary ? links.For(RunLayout.SummaryBeside(spec.Output.Path)) : null,
                    Report = failureFiles.Summary ? links.For(RunLayout.ReportBeside(spec.Output.Path)) : null,
                }
                : self;
        return new RunResource(run.InstanceId, spec?.Name, Status(run.RuntimeStatus), run.CreatedAt, run.LastUpdatedAt, ForClients(progress), failure, result, fileLinks);
    }

    public static RunListItem Item(OrchestrationMetadata run, RunUrls urls) =>
        new(run.InstanceId, Status(run.RuntimeStatus), run.CreatedAt, run.LastUpdatedAt, ForClients(RunProgressView.Read<RunProgress>(run)), new RunLinks(urls.Run(run.InstanceId), urls.Cancel(run.InstanceId)));

    /// <summary>Progress as the API shows it: the ids of the shards the run waits for are the orchestration's bookkeeping, not the client's.</summary>
    private static RunProgress? ForClients(RunProgress? progress) => progress is null ? null : progress with { Shards = null };
}
