using BatchScoring.Orchestration.Contracts;
using BatchScoring.Orchestration.Orchestrators;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;

namespace BatchScoring.Functions.Orchestrations;

/// <summary>The <see cref="ScoreShard"/> sub-orchestrator as a function: it only hands the context and input over.</summary>
public static class ScoreShardOrchestrator
{
    [Function(nameof(ScoreShard))]
    public static Task<ShardResult> RunAsync([OrchestrationTrigger] TaskOrchestrationContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return new ScoreShard().RunAsync(context, context.GetInput<ShardInput>()!);
    }
}
