using BatchScoring.Orchestration.Activities;
using BatchScoring.Orchestration.Orchestrators;
using Microsoft.DurableTask;

namespace BatchScoring.Orchestration;

/// <summary>Registers the scoring orchestration's orchestrators and activities with any Durable Task worker.</summary>
public static class ScoringRegistry
{
    public static DurableTaskRegistry AddScoringRun(this DurableTaskRegistry registry) => registry
        .AddOrchestrator<ScoringRun>()
        .AddOrchestrator<ScoreShard>()
        .AddActivity<PlanMiniBatches>()
        .AddActivity<ScoreMiniBatch>()
        .AddActivity<RecordMiniBatchFailure>()
        .AddActivity<CommitOutput>()
        .AddActivity<RecordRunFailure>();
}
