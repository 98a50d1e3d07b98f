using BatchScoring.Engine;
using BatchScoring.Orchestration.Contracts;
using Microsoft.DurableTask;

namespace BatchScoring.Orchestration.Activities;

/// <summary>
/// What every activity of a run starts with, in one place: the engine, the run's files, and the spec and plan of the
/// run an input refers to (read once per process).
/// </summary>
public abstract class RunActivity<TInput, TOutput>(ScoringEngine engine, RunFiles files) : TaskActivity<TInput, TOutput>
{
    protected ScoringEngine Engine => engine;

    protected RunFiles Files => files;

    protected Task<RunContext> OpenAsync(RunRef run, CancellationToken cancellationToken = default) => files.OpenAsync(run.StagingPrefix, cancellationToken);
}
