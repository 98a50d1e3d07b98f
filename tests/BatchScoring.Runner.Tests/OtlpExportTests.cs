using BatchScoring.Tests;

namespace BatchScoring.Runner.Tests;

/// <summary>
/// <c>batchscore run --otlp URL</c> (and <c>OTEL_EXPORTER_OTLP_ENDPOINT</c>) sends the run's spans and metrics to an
/// OTLP/HTTP collector: a listener in the test receives them from a real export. OTLP bodies are protobuf, whose strings
/// are their UTF-8 bytes, so span and metric names are found in them as they are.
/// </summary>
public sealed class OtlpExportTests
{
    private const string Spec = """
        {
          "name": "traced",
          "input": { "location": "in", "glob": "*.csv", "mode": "tabular", "passThroughColumns": ["id"] },
          "miniBatch": { "rows": 2 },
          "scorer": { "type": "noop" },
          "output": { "path": "out/results.csv" }
        }
        """;

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Run_OtlpEndpoint_CollectorReceivesTheRunsSpansAndMetrics(bool option)
    {
        // Arrange
        using var collector = OtlpCollector.Start();
        using var temp = new TempFolder();
        temp.Write("spec.json", Spec);
        temp.Write("in/a.csv", "id\n1\n2\n3\n4\n5\n");
        var environment = option
            ? null
            : new Dictionary<string, string> { ["OTEL_EXPORTER_OTLP_ENDPOINT"] = collector.Url, ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf" };
        string[] args = option ? ["run", "spec.json", "--otlp", collector.Url] : ["run", "spec.json"];

        // Act
        var (code, text) = await Batchscore.RunAsync(temp.Path, environment, TimeSpan.FromSeconds(90), args);

        // Assert
        Assert.True(code == 0, text);
        var traces = collector.Bodies("/v1/traces");
        foreach (var span in new[] { "orchestration:ScoringRun", "activity:ScoreMiniBatch", "planning", "mini-batch", "batchscoring.score.seconds", "commit", "batchscoring.run.name", "traced" })
        {
            Assert.True(traces.Contains(span, StringComparison.Ordinal), $"no span or attribute '{span}' in {traces.Length} characters of /v1/traces");
        }

        var metrics = collector.Bodies("/v1/metrics");
        foreach (var metric in new[] { "batchscoring.items.scored", "batchscoring.minibatch.duration" })
        {
            Assert.True(metrics.Contains(metric, StringComparison.Ordinal), $"no metric '{metric}' in {metrics.Length} characters of /v1/metrics");
        }
    }

    [Fact]
    public async Task Run_OtlpNotAUrl_RefusedNamingTheOption()
    {
        using var temp = new TempFolder();
        temp.Write("spec.json", Spec);
        temp.Write("in/a.csv", "id\n1\n");

        var (code, text) = await Batchscore.RunAsync(temp.Path, null, TimeSpan.FromSeconds(90), "run", "spec.json", "--otlp", "localhost:4318");

        Assert.Equal(2, code);
        Assert.Contains("error: --otlp must be an http:// or https:// URL of an OTLP/HTTP collector", text, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(temp.Path, "out", "results.csv")));
    }
}
