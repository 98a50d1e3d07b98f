using BatchScoring.Core.Spec;
using BatchScoring.Orchestration.Contracts;
using Microsoft.DurableTask.Client;

namespace BatchScoring.Orchestration.Progress;

/// <summary>How a client reads a run (fetched with its inputs and outputs): its spec, result and failure reason.</summary>
public static class RunOutcome
{
    /// <summary>
    /// The spec the run was started with, its output path template resolved as the run resolved it (with the start it
    /// published) once it has started; null when its input cannot be read.
    /// </summary>
    public static RunSpec? SpecOf(OrchestrationMetadata run)
    {
        ArgumentNullException.ThrowIfNull(run);
        if (Try(() => run.SerializedInput is null ? null : run.ReadInputAs<ScoringRunInput>()) is not { Spec: { } spec } input)
        {
            return null;
        }

        var started = input.State?.StartedUtc ?? RunProgressView.Read<RunProgress>(run)?.StartedUtc;
        return started is { } utc ? spec.WithOutputFor(utc, run.InstanceId) : spec;
    }

    /// <summary>The committed result of a completed run, or null.</summary>
    public static ScoringRunResult? ResultOf(OrchestrationMetadata run) =>
        run.RuntimeStatus == OrchestrationRuntimeStatus.Completed && run.SerializedOutput is not null ? Try(run.ReadOutputAs<ScoringRunResult>) : null;

    /// <summary>Why a failed run failed (<see cref="RunFailures.Of"/>), or null.</summary>
    public static string? ReasonOf(OrchestrationMetadata run) => RunFailures.Of(run)?.Message;

    private static T? Try<T>(Func<T?> read)
        where T : class
    {
        try
        {
            return read();
        }
        catch (Exception e) when (e is System.Text.Json.JsonException or InvalidOperationException or NotSupportedException or ArgumentException)
        {
            return null;
        }
    }
}
