using System.Text.Json;
using BatchScoring.Core.Spec;
using BatchScoring.Engine;
using BatchScoring.Functions.Runs;
using BatchScoring.Orchestration.Contracts;
using Microsoft.DurableTask.Client;

namespace BatchScoring.Functions.Http;

/// <summary>Maps Durable's instance metadata to the API's run resources.</summary>
internal static class RunViews
{
    private static readonly JsonSerializerOptions StatusJson = new() { PropertyNameCaseInsensitive = true };

    public static string Status(OrchestrationRuntimeStatus status) => JsonNamingPolicy.CamelCase.ConvertName(status.ToString());

    /// <summary>The spec a run was started with (its inputs read), or null.</summary>
    public static RunSpec? SpecOf(OrchestrationMetadata run) =>
        run.SerializedInput is not null && Try(run.ReadInputAs<ScoringRunInput>) is { } input ? RunSpecSerializer.TryParse(input.SpecJson).Spec : null;

    /// <summary>Where a run's summary is written: beside its output.</summary>
    public static string SummaryPath(RunSpec spec) => StagingLayout.Beside(spec.Output.Path, ".summary.json");

    /// <summary>
    /// A run with its inputs and outputs read (<c>getInputsAndOutputs: true</c>). <paramref name="failureFilesWritten"/>:
    /// a failed run's error records and summary exist (its failure budget stopped it; other failures write none).
    /// </summary>
    public static RunResource Resource(OrchestrationMetadata run, RunUrls urls, BlobLinks links, bool failureFilesWritten = false)
    {
        var spec = SpecOf(run);
        var result = run.RuntimeStatus == OrchestrationRuntimeStatus.Completed && run.SerializedOutput is not null ? Try(run.ReadOutputAs<ScoringRunResult>) : null;
        var failure = RunFailures.Of(run);
        var self = new RunLinks(urls.Run(run.InstanceId), urls.Cancel(run.InstanceId));
        var fileLinks = result is not null
            ? self with { Output = result.OutputPath is null ? null : links.For(result.OutputPath), Errors = links.For(result.ErrorsPath), Summary = links.For(result.SummaryPath) }
            : run.RuntimeStatus == OrchestrationRuntimeStatus.Failed && failureFilesWritten && spec is not null
                ? self with { Errors = links.For(StagingLayout.ErrorsBeside(spec.Output.Path)), Summary = links.For(SummaryPath(spec)) }
                : self;
        return new RunResource(run.InstanceId, spec?.Name, Status(run.RuntimeStatus), run.CreatedAt, run.LastUpdatedAt, Progress(run), failure, result, fileLinks);
    }

    public static RunListItem Item(OrchestrationMetadata run, RunUrls urls) =>
        new(run.InstanceId, Status(run.RuntimeStatus), run.CreatedAt, run.LastUpdatedAt, Progress(run), new RunLinks(urls.Run(run.InstanceId), urls.Cancel(run.InstanceId)));

    /// <summary>
    /// The run's progress, from its serialized custom status. A query without inputs and outputs (<c>GET /api/runs</c>)
    /// still returns the custom status, but no data converter, and <see cref="OrchestrationMetadata.ReadCustomStatusAs{T}"/>
    /// then refuses to read it: such a status is read here, names matched case-insensitively as the worker's
    /// serializer writes them.
    /// </summary>
    private static RunProgress? Progress(OrchestrationMetadata run) =>
        run.SerializedCustomStatus is not { } status ? null
            : run.DataConverter is { } converter ? Try(() => converter.Deserialize<RunProgress>(status))
            : Try(() => JsonSerializer.Deserialize<RunProgress>(status, StatusJson));

    /// <summary>A payload written by another version of the app may not read as today's record: it is left out, not an error.</summary>
    private static T? Try<T>(Func<T?> read)
        where T : class
    {
        try
        {
            return read();
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
