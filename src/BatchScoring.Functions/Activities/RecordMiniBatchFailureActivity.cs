using BatchScoring.Orchestration.Activities;
using BatchScoring.Orchestration.Contracts;
using Microsoft.Azure.Functions.Worker;

namespace BatchScoring.Functions.Activities;

/// <summary>Records a mini-batch that failed after all its tries: the <see cref="RecordMiniBatchFailure"/> activity as a function (the activity class does the work).</summary>
public sealed class RecordMiniBatchFailureActivity(RecordMiniBatchFailure activity)
{
    /// <param name="input">The activity's input.</param>
    /// <param name="instanceId">The calling orchestration's instance id (activity trigger binding data).</param>
    [Function(nameof(RecordMiniBatchFailure))]
    public Task<long> RunAsync([ActivityTrigger] MiniBatchFailure input, string instanceId) =>
        activity.RunAsync(new FunctionActivityContext(nameof(RecordMiniBatchFailure), instanceId), input);
}
