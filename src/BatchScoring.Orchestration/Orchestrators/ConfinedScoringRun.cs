using BatchScoring.Core.Spec;
using BatchScoring.Orchestration.Contracts;
using Microsoft.DurableTask;

namespace BatchScoring.Orchestration.Orchestrators;

/// <summary>
/// <see cref="ScoringRun"/> for a task hub whose runs must keep to given containers (the Functions app's, and runner
/// workers that join its hub with <c>--containers</c>): the input passes <see cref="OrchestrationInputs"/> first, so a
/// run started there by any means reads and writes nothing outside them.
/// </summary>
public sealed class ConfinedScoringRun(SpecContainers containers) : TaskOrchestrator<ScoringRunInput, ScoringRunResult>
{
    public override Task<ScoringRunResult> RunAsync(TaskOrchestrationContext context, ScoringRunInput input)
    {
        ArgumentNullException.ThrowIfNull(context);
        OrchestrationInputs.ThrowIfAny(OrchestrationInputs.Problems(input, containers, context.InstanceId), nameof(ScoringRun), context.InstanceId);
        return new ScoringRun().RunAsync(context, input);
    }
}
