using BatchScoring.Core.Spec;
using BatchScoring.Engine;
using BatchScoring.Orchestration.Contracts;
using Microsoft.DurableTask;

namespace BatchScoring.Orchestration.Activities;

/// <summary>
/// Scores one mini-batch through the engine, which stages its part and error records under names derived from the
/// index (a retry or a second delivery overwrites them, atomically), then writes the mini-batch's done marker. A
/// mini-batch whose marker exists (a duplicate delivery, or a re-run reusing staged parts) is not scored again.
/// </summary>
public sealed class ScoreMiniBatch(ScoringEngine engine) : TaskActivity<MiniBatchWork, MiniBatchOutcome>
{
    public override async Task<MiniBatchOutcome> RunAsync(TaskActivityContext context, MiniBatchWork input)
    {
        var done = RunFiles.DonePath(input.StagingPrefix, input.Index);
        if (await RunFiles.ReadJsonAsync<MiniBatchOutcome>(engine.Store, done, default) is { } previous)
        {
            return previous with { Reused = true };
        }

        var spec = RunSpecSerializer.Parse(input.SpecJson);
        var plan = await RunFiles.LoadPlanAsync(engine.Store, input.PlanPath, default);
        var result = await engine.ScoreMiniBatchAsync(spec, plan, input.Index, input.StagingPrefix);
        var outcome = new MiniBatchOutcome(input.Index, result.ItemsScored, result.ItemsFailed, result.Duration.TotalSeconds, input.RunId, Reused: false, Host: $"{Environment.MachineName}/{Environment.ProcessId}");
        await RunFiles.WriteJsonAsync(engine.Store, done, outcome, default);
        return outcome;
    }
}
