using BatchScoring.Functions.Options;
using BatchScoring.Orchestration.Contracts;
using BatchScoring.Orchestration.Orchestrators;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;
using Microsoft.Extensions.Options;

namespace BatchScoring.Functions.Orchestrations;

/// <summary>
/// The <see cref="ScoringRun"/> orchestrator as a function: it hands the context and input over, once the input has
/// passed <see cref="OrchestrationInputs"/> (a valid spec that keeps to the app's containers: a run started through
/// Durable's own HTTP API is checked as one started through the app's).
/// </summary>
public sealed class ScoringRunOrchestrator(IOptions<BatchScoringOptions> options)
{
    [Function(nameof(ScoringRun))]
    public Task<ScoringRunResult> RunAsync([OrchestrationTrigger] TaskOrchestrationContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var input = context.GetInput<ScoringRunInput>();
        var problems = OrchestrationInputs.Problems(input, options.Value.Containers, context.InstanceId);
        if (problems.Count > 0)
        {
            context.CreateReplaySafeLogger<ScoringRunOrchestrator>().OrchestrationRefused(nameof(ScoringRun), context.InstanceId, string.Join("; ", problems));
        }

        OrchestrationInputs.ThrowIfAny(problems, nameof(ScoringRun), context.InstanceId);
        return new ScoringRun().RunAsync(context, input!);
    }
}
