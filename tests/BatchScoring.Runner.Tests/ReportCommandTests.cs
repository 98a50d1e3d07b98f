using BatchScoring.Tests;

namespace BatchScoring.Runner.Tests;

/// <summary><c>batchscore report</c> over a summary, timeline and error records written by hand, as a run leaves them.</summary>
public sealed class ReportCommandTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(90);

    private const string Summary = """
        {
          "status": "failed",
          "reason": "allowedFailedCount 0 exceeded: 1 mini-batches failed (2)",
          "failedStep": "scoring",
          "run": "nightly-42",
          "fingerprint": "0f1e2d",
          "engine": "in-memory",
          "startedUtc": "2026-01-05T02:00:00Z",
          "finishedUtc": "2026-01-05T02:10:00Z",
          "wallSeconds": 600.5,
          "miniBatches": { "total": 3, "succeeded": 2, "failed": 1, "reused": 0 },
          "items": { "total": 300, "scored": 197, "failed": 103, "truncated": 0 },
          "miniBatchSeconds": { "count": 3, "min": 1.5, "median": 2.5, "p95": 4.0, "max": 4.0 },
          "itemsPerSecond": 0.33,
          "modelHash": "sha256:abcdef",
          "errors": "out/results.csv.errors.jsonl",
          "errorRecords": 103,
          "failureBudget": { "errorThreshold": -1, "allowedFailedCount": 0, "allowedFailedPercent": 100, "allowedFailedMiniBatches": 0, "failedItems": 103, "failedMiniBatches": 1 },
          "spec": { "name": "nightly", "input": { "location": "in", "glob": "*.csv", "mode": "tabular" }, "scorer": { "type": "noop" }, "output": { "path": "out/results.csv" } },
          "commitSeconds": 0.8
        }
        """;

    private const string Timeline = """
        {"run":"nightly-42","startedUtc":"2026-01-05T02:00:00Z","inputs":["in/a.csv","in/b.csv"]}
        {"i":0,"a":1,"w":"vm-1/100","s":10,"e":1510,"n":97,"f":3,"o":"done","in":0}
        {"i":1,"a":2,"w":"vm-2/200","s":20,"e":4020,"n":100,"o":"done","in":1}
        {"i":2,"a":3,"w":"vm-1/100","s":1600,"e":4100,"n":0,"f":100,"o":"failed","in":1}

        """;

    private const string Errors = """
        {"miniBatch":0,"item":"in/a.csv row 5","kind":"invalidValue","message":"column 'x' is not a number: 'abc'"}
        {"miniBatch":2,"item":"in/b.csv rows 1-100","kind":"miniBatch","message":"mini-batch 2 failed after 3 tries: scorer crashed"}

        """;

    [Fact]
    public async Task Report_SummaryWithTimelineAndErrors_WritesTheHtmlBesideTheOutput()
    {
        // Arrange
        using var temp = new TempFolder();
        temp.Write("out/results.csv.summary.json", Summary);
        temp.Write("out/results.csv.timeline.jsonl", Timeline);
        temp.Write("out/results.csv.errors.jsonl", Errors);

        // Act
        var (code, text) = await Batchscore.RunAsync(temp.Path, null, Timeout, "report", "out/results.csv.summary.json");

        // Assert
        Assert.True(code == 0, text);
        var report = Path.Combine(temp.Path, "out", "results.csv.report.html");
        Assert.Contains($"report  {report}", text, StringComparison.Ordinal);
        Assert.Contains("run nightly-42: failed; 3 mini-batch(es) in the timeline; 2 error record(s)", text, StringComparison.Ordinal);
        var html = File.ReadAllText(report);
        Assert.Contains("<span class=\"status failed\">failed</span>", html, StringComparison.Ordinal);
        Assert.Contains("allowedFailedCount 0 exceeded: 1 mini-batches failed (2)", html, StringComparison.Ordinal);
        Assert.Contains("mini-batch 2 failed after 3 tries: scorer crashed", html, StringComparison.Ordinal);
        Assert.Contains("column &#39;x&#39; is not a number: &#39;abc&#39;", html, StringComparison.Ordinal);
        Assert.Contains(Path.Combine(temp.Path, "out", "results.csv.errors.jsonl"), html, StringComparison.Ordinal);
        Assert.Contains("id=\"lanes-chart\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Report_OutputWithoutTimeline_WritesTheReportSayingSo()
    {
        // Arrange: the output's path given (here a full path), no timeline, no errors file.
        using var temp = new TempFolder();
        temp.Write("out/results.csv.summary.json", Summary);

        // Act
        var (code, text) = await Batchscore.RunAsync(temp.Path, null, Timeout, "report", Path.Combine(temp.Path, "out", "results.csv"));

        // Assert
        Assert.True(code == 0, text);
        Assert.Contains("no timeline (out/results.csv.timeline.jsonl is not there)", text, StringComparison.Ordinal);
        var html = File.ReadAllText(Path.Combine(temp.Path, "out", "results.csv.report.html"));
        Assert.Contains("No timeline: <code>out/results.csv.timeline.jsonl</code> was not found", html, StringComparison.Ordinal);
        Assert.Contains("The run wrote no error records file.", html, StringComparison.Ordinal);
        Assert.DoesNotContain("id=\"lanes-chart\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Report_NoSuchSummary_ExitsFourNamingIt()
    {
        // Arrange
        using var temp = new TempFolder();

        // Act
        var (code, text) = await Batchscore.RunAsync(temp.Path, null, Timeout, "report", "out/results.csv");

        // Assert
        Assert.Equal(4, code);
        Assert.Contains("error: no run summary beside 'out/results.csv': 'out/results.csv.summary.json' is not in", text, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(temp.Path, "out", "results.csv.report.html")));
    }

    [Theory]
    [InlineData("{\"name\":\"nightly\",\"input\":{\"location\":\"in\"}}")]
    [InlineData("{}")]
    [InlineData("not json")]
    public async Task Report_NotASummary_ExitsTwoNamingIt(string content)
    {
        // Arrange: a spec, an empty object, and text where a summary should be.
        using var temp = new TempFolder();
        temp.Write("out/results.csv.summary.json", content);

        // Act
        var (code, text) = await Batchscore.RunAsync(temp.Path, null, Timeout, "report", "out/results.csv.summary.json");

        // Assert
        Assert.Equal(2, code);
        Assert.Contains("error: 'out/results.csv.summary.json' is not a run summary", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Report_MalformedTimeline_ExitsTwoNamingTheLine()
    {
        // Arrange
        using var temp = new TempFolder();
        temp.Write("out/results.csv.summary.json", Summary);
        temp.Write("out/results.csv.timeline.jsonl", Timeline.Replace("\"o\":\"failed\"", "\"o\":\"lost\"", StringComparison.Ordinal));

        // Act
        var (code, text) = await Batchscore.RunAsync(temp.Path, null, Timeout, "report", "out/results.csv");

        // Assert
        Assert.Equal(2, code);
        Assert.Contains("error: timeline 'out/results.csv.timeline.jsonl' line 4: not valid JSON for a timeline entry", text, StringComparison.Ordinal);
    }
}
