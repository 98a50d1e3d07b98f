using BatchScoring.Orchestration.Activities;
using BatchScoring.Orchestration.Contracts;
using Microsoft.Azure.Functions.Worker;

namespace BatchScoring.Functions.Activities;

/// <summary>Commits a run's output, error records and summary: the <see cref="CommitOutput"/> activity as a function (the activity class does the work).</summary>
public sealed class CommitOutputActivity(CommitOutput activity)
{
    /// <param name="input">The activity's input.</param>
    /// <param name="instanceId">The calling orchestration's instance id (activity trigger binding data).</param>
    [Function(nameof(CommitOutput))]
    public Task<ScoringRunResult> RunAsync([ActivityTrigger] CommitInput input, string instanceId) =>
        activity.RunAsync(new FunctionActivityContext(nameof(CommitOutput), instanceId), input);
}
