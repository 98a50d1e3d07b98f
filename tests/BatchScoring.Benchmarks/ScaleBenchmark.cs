using System.Diagnostics;
using BatchScoring.Core.Runs;
using BatchScoring.Core.Spec;
using BatchScoring.Engine.Testing;
using BatchScoring.Orchestration.Contracts;
using BatchScoring.Orchestration.Orchestrators;
using BatchScoring.Tests;
using Microsoft.DurableTask.Client;

namespace BatchScoring.Benchmarks;

/// <summary>
/// Orchestration overhead: N one-file mini-batches scored by a no-op scorer through the ScoringRun orchestration on
/// the in-memory Durable engine (plan, fan-out through shards, commit), 32 mini-batches in flight.
/// </summary>
internal static class ScaleBenchmark
{
    /// <param name="direct">Score through <see cref="DirectRun"/> (same engine, no Durable engine) to tell their costs apart.</param>
    public static async Task<int> RunAsync(int miniBatches, bool direct = false)
    {
        var root = Path.Combine(Path.GetTempPath(), $"bs-bench-scale-{miniBatches}");
        if (Directory.Exists(Path.Combine(root, "out")))
        {
            Directory.Delete(Path.Combine(root, "out"), recursive: true);
        }

        var input = Path.Combine(root, "in");
        Directory.CreateDirectory(input);
        for (var i = Directory.GetFiles(input).Length; i < miniBatches; i++)
        {
            File.WriteAllText(Path.Combine(input, $"{i:D7}.txt"), "x");
        }

        var spec = new RunSpec
        {
            Name = "scale",
            Input = new InputSpec { Location = "in", Glob = "*.txt" },
            MiniBatch = new MiniBatchSpec { Files = 1 },
            Scorer = new ScorerSpec { Type = ScorerSpec.NoOp },
            Execution = new ExecutionSpec { MaxParallelMiniBatches = 32, Reuse = false },
            Output = new OutputSpec { Path = "out/results.csv" },
        };
        await using var host = ScoringHost.Create(root);
        var engine = host.Engine;
        if (direct)
        {
            var started = Stopwatch.StartNew();
            var outcome = await DirectRun.RunAsync(engine, spec, "direct");
            Console.WriteLine($"{miniBatches,7:N0} mini-batches (no-op scorer, DirectRun: the engine without a Durable engine): {Measure.Seconds(started.Elapsed)}, " +
                $"{started.Elapsed.TotalMilliseconds / miniBatches:F2} ms per mini-batch, {Measure.PeakMemory()}, managed heap after {GC.GetTotalMemory(forceFullCollection: true) / 1048576.0:F0} MiB");
            return outcome.ItemsScored == miniBatches ? 0 : 1;
        }

        var durable = await host.StartDurableAsync(activitySlots: spec.Execution.MaxParallelMiniBatches + 2);
        var client = durable.Client;

        var watch = Stopwatch.StartNew();
        var id = await client.ScheduleNewOrchestrationInstanceAsync(nameof(ScoringRun), new ScoringRunInput(spec, DurableEngine.InMemory));
        var run = await client.WaitForInstanceCompletionAsync(id, getInputsAndOutputs: true);
        var elapsed = watch.Elapsed;
        var result = run.ReadOutputAs<ScoringRunResult>();
        if (run.RuntimeStatus != OrchestrationRuntimeStatus.Completed || result?.ItemsScored != miniBatches)
        {
            Console.Error.WriteLine($"run {run.RuntimeStatus}: {run.FailureDetails?.ErrorMessage}");
            return 1;
        }

        Console.WriteLine($"{miniBatches,7:N0} mini-batches (no-op scorer, in-memory engine, {spec.Execution.MaxParallelMiniBatches} in flight): {Measure.Seconds(elapsed)}, " +
            $"{elapsed.TotalMilliseconds / miniBatches:F2} ms per mini-batch, {Measure.PeakMemory()}");

        // Where the memory is: the managed heap with every finished instance still held by the in-memory engine,
        // then after purging them.
        var held = GC.GetTotalMemory(forceFullCollection: true);
        var purged = await client.PurgeAllInstancesAsync(new PurgeInstancesFilter(CreatedFrom: DateTimeOffset.MinValue, Statuses: [OrchestrationRuntimeStatus.Completed]));
        var after = GC.GetTotalMemory(forceFullCollection: true);
        Console.WriteLine($"        managed heap after the run {held / 1048576.0:F0} MiB; after purging {purged.PurgedInstanceCount} finished instances {after / 1048576.0:F0} MiB");
        return 0;
    }
}
