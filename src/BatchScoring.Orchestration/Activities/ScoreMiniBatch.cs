using BatchScoring.Core.Runs;
using BatchScoring.Engine;
using BatchScoring.Orchestration.Contracts;
using Microsoft.DurableTask;

namespace BatchScoring.Orchestration.Activities;

/// <summary>
/// Scores one mini-batch through the engine, which stages its part and error records under names derived from the
/// index (a retry or a second delivery overwrites them, atomically), then writes the mini-batch's done marker. A
/// mini-batch whose marker exists (a duplicate delivery, or a re-run reusing staged parts) is not scored again.
/// </summary>
public sealed class ScoreMiniBatch(ScoringEngine engine, RunFiles files) : RunActivity<MiniBatchWork, MiniBatchOutcome>(engine, files)
{
    protected override async Task<MiniBatchOutcome> ExecuteAsync(TaskActivityContext context, MiniBatchWork input)
    {
        var done = RunLayout.DonePath(input.Run.StagingPrefix, input.Index);
        if (await Files.ReadJsonAsync<MiniBatchOutcome>(done) is { } previous)
        {
            return previous with { Reused = true };
        }

        var run = await OpenAsync(input.Run);
        var result = await Engine.ScoreMiniBatchAsync(run.Spec, run.Plan, input.Index, input.Run.StagingPrefix);
        var outcome = new MiniBatchOutcome(input.Index, result.ItemsScored, result.ItemsFailed, result.Duration.TotalSeconds, input.Run.Starter, Reused: false, Host: $"{Environment.MachineName}/{Environment.ProcessId}", ItemsTruncated: result.ItemsTruncated)
        {
            PartBytes = result.Part?.Size,
            PartETag = result.Part?.ETag,
        };
        await Files.WriteMarkerAsync(done, outcome);
        return outcome;
    }
}
