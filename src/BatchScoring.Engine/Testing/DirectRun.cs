using BatchScoring.Core.Runs;
using BatchScoring.Core.Spec;

namespace BatchScoring.Engine.Testing;

/// <summary>
/// Runs a whole spec in this process without an orchestration engine: plan, score every mini-batch (up to
/// <c>execution.maxParallelMiniBatches</c> at once), commit. No retries, budgets or durability: those belong to the
/// Durable orchestration. A test seam (hence the Testing namespace): used by tests and benchmarks of the engine itself,
/// never by a host.
/// </summary>
public static class DirectRun
{
    public static async Task<DirectRunResult> RunAsync(ScoringEngine engine, RunSpec spec, string runId, CancellationToken cancellationToken = default)
    {
        var plan = await engine.PlanAsync(spec, cancellationToken: cancellationToken);
        var staging = RunLayout.StagingPrefix(spec.Output.Path, runId);
        var results = new MiniBatchResult[plan.MiniBatches.Count];
        var options = new ParallelOptions { MaxDegreeOfParallelism = spec.Execution.MaxParallelMiniBatches, CancellationToken = cancellationToken };
        await Parallel.ForEachAsync(Enumerable.Range(0, plan.MiniBatches.Count), options, async (i, ct) =>
            results[i] = await engine.ScoreMiniBatchAsync(spec, plan, i, staging, ct));
        var parts = results.Where(r => r.Part is not null).ToDictionary(r => r.Index, r => r.Part!);
        var commit = await engine.CommitAsync(spec, plan, staging, [], results.Where(r => r.ItemsFailed > 0).Select(r => r.Index).ToHashSet(), parts, cancellationToken);
        foreach (var result in results)
        {
            // Staged parts are only needed until the commit; nothing here reuses them.
            await engine.Store.DeleteAsync(result.ErrorsPath, cancellationToken);
            if (result.PartPath is not null)
            {
                await engine.Store.DeleteAsync(result.PartPath, cancellationToken);
            }
        }

        return new DirectRunResult(plan.MiniBatches.Count, results, commit);
    }
}
