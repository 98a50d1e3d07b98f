using BatchScoring.Orchestration.Activities;
using BatchScoring.Orchestration.Contracts;
using Microsoft.Azure.Functions.Worker;

namespace BatchScoring.Functions.Activities;

/// <summary>Writes the summary of a run that failed in one of its steps: the <see cref="RecordRunFailure"/> activity as a function (the activity class does the work).</summary>
public sealed class RecordRunFailureActivity(RecordRunFailure activity)
{
    /// <param name="input">The activity's input.</param>
    /// <param name="instanceId">The calling orchestration's instance id (activity trigger binding data).</param>
    [Function(nameof(RecordRunFailure))]
    public Task<RunFailureRecord> RunAsync([ActivityTrigger] RunFailureInput input, string instanceId) =>
        activity.RunAsync(new FunctionActivityContext(nameof(RecordRunFailure), instanceId), input);
}
