using BatchScoring.Core.Diagnostics;
using BatchScoring.Engine;
using BatchScoring.Orchestration.Contracts;
using BatchScoring.Storage.Azure;
using Microsoft.DurableTask;

namespace BatchScoring.Orchestration.Activities;

/// <summary>
/// What every activity of a run starts with, in one place: the engine, the run's files, and the spec and plan of the
/// run an input refers to (read once per process). Every activity runs in its own storage phase, named after its
/// class, so that counted storage requests say which step sent them (<see cref="StorageRequests.Phase"/>).
/// </summary>
public abstract class RunActivity<TInput, TOutput>(ScoringEngine engine, RunFiles files) : TaskActivity<TInput, TOutput>
{
    public sealed override async Task<TOutput> RunAsync(TaskActivityContext context, TInput input)
    {
        using var phase = StorageRequests.BeginPhase(GetType().Name);
        using var span = SpanName is { } name ? BatchScoringTelemetry.Start(name) : null;
        span?.SetTag(BatchScoringTelemetry.Tags.RunId, context?.InstanceId);
        try
        {
            return await ExecuteAsync(context!, input);
        }
        catch (Exception e) when (span is not null)
        {
            span.SetStatus(System.Diagnostics.ActivityStatusCode.Error, e.Message);
            throw;
        }
    }

    /// <summary>The span the whole activity is (<c>planning</c>, <c>commit</c>), or null when it makes its own or none.</summary>
    protected virtual string? SpanName => null;

    /// <summary>The activity's work.</summary>
    protected abstract Task<TOutput> ExecuteAsync(TaskActivityContext context, TInput input);

    protected ScoringEngine Engine => engine;

    protected RunFiles Files => files;

    protected Task<RunContext> OpenAsync(RunRef run, CancellationToken cancellationToken = default) => files.OpenAsync(run.StagingPrefix, cancellationToken);
}
