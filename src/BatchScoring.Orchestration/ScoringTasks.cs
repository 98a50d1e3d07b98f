using BatchScoring.Orchestration.Activities;
using BatchScoring.Orchestration.Orchestrators;

namespace BatchScoring.Orchestration;

/// <summary>
/// The orchestrators and activities of a scoring run: the one list every host registers, each under its class name.
/// <c>ScoringWorker</c> registers from it; the Functions app has one <c>[Function]</c> wrapper per entry, and its
/// tests check the wrappers against this list.
/// </summary>
public static class ScoringTasks
{
    public static IReadOnlyList<Type> Orchestrators { get; } = [typeof(ScoringRun), typeof(ScoreShard)];

    /// <summary>Activities, registered as singletons by <c>AddBatchScoring</c>.</summary>
    public static IReadOnlyList<Type> Activities { get; } = [typeof(PlanMiniBatches), typeof(ScoreMiniBatch), typeof(RecordMiniBatchFailure), typeof(CommitOutput), typeof(RecordRunFailure)];
}
