using BatchScoring.Orchestration.Activities;
using BatchScoring.Orchestration.Contracts;
using Microsoft.Azure.Functions.Worker;

namespace BatchScoring.Functions.Activities;

/// <summary>Scores one mini-batch: the <see cref="ScoreMiniBatch"/> activity as a function (the activity class does the work).</summary>
public sealed class ScoreMiniBatchActivity(ScoreMiniBatch activity)
{
    /// <param name="input">The activity's input.</param>
    /// <param name="instanceId">The calling orchestration's instance id (activity trigger binding data).</param>
    [Function(nameof(ScoreMiniBatch))]
    public Task<MiniBatchOutcome> RunAsync([ActivityTrigger] MiniBatchWork input, string instanceId) =>
        activity.RunAsync(new FunctionActivityContext(nameof(ScoreMiniBatch), instanceId), input);
}
