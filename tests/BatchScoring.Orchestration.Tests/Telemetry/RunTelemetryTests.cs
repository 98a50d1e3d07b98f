using System.Diagnostics;
using System.Text.Json;
using BatchScoring.Core.Diagnostics;
using BatchScoring.Orchestration.Contracts;
using BatchScoring.Orchestration.Progress;
using BatchScoring.Storage;
using Microsoft.DurableTask.Client;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using Tags = BatchScoring.Core.Diagnostics.BatchScoringTelemetry.Tags;

namespace BatchScoring.Orchestration.Tests.Telemetry;

/// <summary>Not run beside other tests: the meter is process-wide, and its sums are compared with one run's summary.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TelemetryCollection
{
    public const string Name = "telemetry";
}

/// <summary>
/// A run as a tracing backend sees it, through OpenTelemetry's in-memory exporter: one trace, Durable Task's spans for
/// the run, its shards and activities, ours inside them (planning, a mini-batch span per mini-batch with its read,
/// score and write times, commit), and counts equal to the run's summary, in the spans and in the metrics.
/// </summary>
[Collection(TelemetryCollection.Name)]
public sealed class RunTelemetryTests
{
    [Fact]
    public async Task Run_Traced_OneTraceWithTheSpanTreeAndTheSummarysCounts()
    {
        // Arrange: 40 rows, 4 per mini-batch; mini-batch 2 fails once (a retry), items with x = 7 or 13 fail.
        var spans = new List<Activity>();
        var metrics = new List<Metric>();
        using var tracing = Sdk.CreateTracerProviderBuilder().AddSource([.. BatchScoringTelemetry.Sources]).AddInMemoryExporter(spans).Build();
        using var meters = Sdk.CreateMeterProviderBuilder().AddMeter(BatchScoringTelemetry.Name).AddInMemoryExporter(metrics).Build();
        await using var fixture = await OrchestrationFixture.StartAsync();
        fixture.WriteInput(40);
        var spec = OrchestrationFixture.TestSpec(Guid.NewGuid().ToString("N"), 4, new TestScorer.Faults { FailOnce = [2], FailItemsWithX = [7, 13] });

        // Act
        var run = await fixture.RunAsync(spec);
        tracing.ForceFlush();
        meters.ForceFlush();

        // Assert
        Assert.True(run.RuntimeStatus == OrchestrationRuntimeStatus.Completed, RunFailures.Of(run)?.Message);
        var result = run.ReadOutputAs<ScoringRunResult>()!;
        using var summary = JsonDocument.Parse(await fixture.Store.ReadAllBytesAsync(result.SummaryPath));
        var items = summary.RootElement.GetProperty("items");

        List<Activity> runSpans;
        lock (spans)
        {
            var root = spans.Single(s => s.DisplayName == "orchestration:ScoringRun" && s.Kind == ActivityKind.Server && Equals(s.GetTagItem("durabletask.task.instance_id"), run.InstanceId));
            runSpans = spans.Where(s => s.TraceId == root.TraceId).ToList();
        }

        var byId = runSpans.ToDictionary(s => s.SpanId);
        string? Parent(Activity s) => byId.TryGetValue(s.ParentSpanId, out var p) ? p.DisplayName : null;
        var miniBatches = runSpans.Where(s => s.Source.Name == BatchScoringTelemetry.Name && s.DisplayName == "mini-batch").ToList();
        Assert.Equal("activity:PlanMiniBatches", Parent(runSpans.Single(s => s.DisplayName == "planning")));
        Assert.Equal("activity:CommitOutput", Parent(runSpans.Single(s => s.DisplayName == "commit")));
        Assert.All(miniBatches, s => Assert.Equal("activity:ScoreMiniBatch", Parent(s)));
        Assert.Contains(runSpans, s => s.DisplayName == "orchestration:ScoreShard");

        // Every mini-batch scored once (its failed attempt is a span with an error status), each with its chunks.
        var scored = miniBatches.Where(s => s.Status != ActivityStatusCode.Error).ToList();
        Assert.Equal(Enumerable.Range(0, 10), scored.Select(s => (int)s.GetTagItem(Tags.MiniBatch)!).Order());
        Assert.Equal(2, (int)miniBatches.Single(s => s.Status == ActivityStatusCode.Error).GetTagItem(Tags.MiniBatch)!);
        Assert.Equal(2, (int)scored.Single(s => (int)s.GetTagItem(Tags.MiniBatch)! == 2).GetTagItem(Tags.Attempt)!);
        foreach (var stage in new[] { Tags.ReadSeconds, Tags.ScoreSeconds, Tags.WriteSeconds })
        {
            Assert.All(scored, m => Assert.True(m.GetTagItem(stage) is double seconds && seconds >= 0 && seconds <= m.Duration.TotalSeconds, $"{stage} of mini-batch {m.GetTagItem(Tags.MiniBatch)}: {m.GetTagItem(stage)}"));
        }

        Assert.Equal(items.GetProperty("scored").GetInt64(), scored.Sum(s => (long)s.GetTagItem(Tags.ItemsScored)!));
        Assert.Equal(items.GetProperty("failed").GetInt64(), scored.Sum(s => (long)s.GetTagItem(Tags.ItemsFailed)!));
        Assert.All(scored, s => Assert.Equal(run.InstanceId, s.GetTagItem(Tags.RunId)));
        Assert.All(scored, s => Assert.Equal(spec.Name, s.GetTagItem(Tags.RunName)));
        Assert.All(scored, s => Assert.NotNull(s.GetTagItem(Tags.Worker)));

        Assert.Equal(items.GetProperty("scored").GetInt64(), Sum(metrics, "batchscoring.items.scored"));
        Assert.Equal(items.GetProperty("failed").GetInt64(), Sum(metrics, "batchscoring.items.failed"));
        Assert.Equal(1, Sum(metrics, "batchscoring.minibatch.retries"));
        Assert.Equal(11, Count(metrics, "batchscoring.minibatch.duration"));
        Assert.Equal(0, Sum(metrics, "batchscoring.minibatches.in_flight"));
    }

    private static long Sum(List<Metric> metrics, string name) => Total(metrics, name, point => point.GetSumLong());

    private static long Count(List<Metric> metrics, string name) => Total(metrics, name, point => point.GetHistogramCount());

    /// <summary>A value of every point of the metric named <paramref name="name"/>, added up.</summary>
    private static long Total(List<Metric> metrics, string name, Func<MetricPoint, long> value)
    {
        long total = 0;
        foreach (var metric in metrics.Where(m => m.Name == name))
        {
            foreach (ref readonly var point in metric.GetMetricPoints())
            {
                total += value(point);
            }
        }

        return total;
    }
}
