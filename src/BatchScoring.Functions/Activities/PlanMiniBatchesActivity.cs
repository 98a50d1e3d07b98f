using BatchScoring.Orchestration.Activities;
using BatchScoring.Orchestration.Contracts;
using Microsoft.Azure.Functions.Worker;

namespace BatchScoring.Functions.Activities;

/// <summary>Lists and plans a run's inputs: the <see cref="PlanMiniBatches"/> activity as a function (the activity class does the work).</summary>
public sealed class PlanMiniBatchesActivity(PlanMiniBatches activity)
{
    /// <param name="input">The activity's input.</param>
    /// <param name="instanceId">The calling orchestration's instance id (activity trigger binding data).</param>
    [Function(nameof(PlanMiniBatches))]
    public Task<PlanResult> RunAsync([ActivityTrigger] PlanInput input, string instanceId) =>
        activity.RunAsync(new FunctionActivityContext(nameof(PlanMiniBatches), instanceId), input);
}
