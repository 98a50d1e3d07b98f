using BatchScoring.Core.Spec;
using BatchScoring.Orchestration.Contracts;
using Microsoft.DurableTask;

namespace BatchScoring.Orchestration.Orchestrators;

/// <summary><see cref="ScoreShard"/> for a task hub whose runs must keep to given containers (see <see cref="ConfinedScoringRun"/>).</summary>
public sealed class ConfinedScoreShard(SpecContainers containers) : TaskOrchestrator<ShardInput, ShardResult>
{
    public override Task<ShardResult> RunAsync(TaskOrchestrationContext context, ShardInput input)
    {
        ArgumentNullException.ThrowIfNull(context);
        OrchestrationInputs.ThrowIfAny(OrchestrationInputs.Problems(input, containers), nameof(ScoreShard), context.InstanceId);
        return new ScoreShard().RunAsync(context, input);
    }
}
