using BatchScoring.Orchestration.Contracts;
using BatchScoring.Orchestration.Orchestrators;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;

namespace BatchScoring.Functions.Orchestrations;

/// <summary>The <see cref="ScoringRun"/> orchestrator as a function: it only hands the context and input over.</summary>
public static class ScoringRunOrchestrator
{
    [Function(nameof(ScoringRun))]
    public static Task<ScoringRunResult> RunAsync([OrchestrationTrigger] TaskOrchestrationContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return new ScoringRun().RunAsync(context, context.GetInput<ScoringRunInput>()!);
    }
}
