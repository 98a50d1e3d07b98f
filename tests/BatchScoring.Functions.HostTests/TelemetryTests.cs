using BatchScoring.Tests;

namespace BatchScoring.Functions.HostTests;

/// <summary>
/// The app under the real host exports a run's traces and metrics over OTLP (<c>OTEL_EXPORTER_OTLP_ENDPOINT</c>, set by
/// <see cref="HostFixture"/> to a collector in the test): an HTTP-started run's spans (Durable's orchestration and
/// activity spans, ours inside them, tagged with the run's id) and its metrics reach the collector.
/// </summary>
[Collection(HostCollection.Name)]
public sealed class TelemetryTests(HostFixture host)
{
    [Fact]
    public Task StartRun_OtlpConfigured_TheRunsSpansAndMetricsReachTheCollector() => host.WithHostLogAsync(async () =>
    {
        // Arrange
        var spec = Samples.Spec("digits-traced", $"{HostFixture.Inputs}/digits", $"{HostFixture.Outputs}/digits-traced/results.csv");

        // Act
        var started = await host.StartRunAsync(spec);
        var run = await host.WaitForRunAsync(started.GetProperty("runUri").GetString()!);
        var id = run.GetProperty("id").GetString()!;

        // Assert: spans are sent in batches (every 5 s), metrics every minute.
        Assert.True(run.GetProperty("runtimeStatus").GetString() == "completed", $"run {run}");
        string[] spans = ["planning", "mini-batch", "commit", "batchscoring.run.id", id];
        await Waits.UntilAsync(() => spans.All(s => host.Telemetry.Bodies("/v1/traces").Contains(s, StringComparison.Ordinal)), TimeSpan.FromSeconds(60), $"the spans {string.Join(", ", spans)} at the collector");
        await Waits.UntilAsync(() => host.Telemetry.Bodies("/v1/metrics").Contains("batchscoring.items.scored", StringComparison.Ordinal), TimeSpan.FromSeconds(90), "the metric batchscoring.items.scored at the collector");
    });
}
