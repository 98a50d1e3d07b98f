using BatchScoring.Functions.Options;
using BatchScoring.Orchestration.Contracts;
using BatchScoring.Orchestration.Orchestrators;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;
using Microsoft.Extensions.Options;

namespace BatchScoring.Functions.Orchestrations;

/// <summary>
/// The <see cref="ScoreShard"/> sub-orchestrator as a function: it hands the context and input over, once the input
/// has passed <see cref="OrchestrationInputs"/> (its run's staging folder is one in the outputs container).
/// </summary>
public sealed class ScoreShardOrchestrator(IOptions<BatchScoringOptions> options)
{
    [Function(nameof(ScoreShard))]
    public Task<ShardResult> RunAsync([OrchestrationTrigger] TaskOrchestrationContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var input = context.GetInput<ShardInput>();
        var problems = OrchestrationInputs.Problems(input, options.Value.Containers);
        if (problems.Count > 0)
        {
            context.CreateReplaySafeLogger<ScoreShardOrchestrator>().OrchestrationRefused(nameof(ScoreShard), context.InstanceId, string.Join("; ", problems));
        }

        OrchestrationInputs.ThrowIfAny(problems, nameof(ScoreShard), context.InstanceId);
        return new ScoreShard().RunAsync(context, input!);
    }
}
