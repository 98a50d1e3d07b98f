using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using BatchScoring.Core.Runs;
using BatchScoring.Core.Spec;
using BatchScoring.Orchestration.Contracts;
using BatchScoring.Orchestration.Reports;
using BatchScoring.Tests;
using Microsoft.DurableTask.Client;
using Xunit.Abstractions;

namespace BatchScoring.Orchestration.Tests.Reports;

/// <summary>The report in a real browser: headless Chromium opens it from disk, runs its script and draws it.</summary>
public sealed partial class RunReportBrowserTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(120);

    [Fact]
    public async Task Render_HundredThousandMiniBatches_DrawsInChromiumWithoutErrors()
    {
        // Arrange: 100,000 mini-batches on 4 workers, with retries and failures, an input named to break out of the page.
        using var temp = new TempFolder();
        var timeline = ReportSamples.Timeline(100_000);
        Assert.Contains(timeline, e => e.Attempt > 1 && e.Outcome == TimelineOutcome.Done);
        Assert.Contains(timeline, e => e.Outcome == TimelineOutcome.Failed);
        Assert.Contains(timeline, e => e.Outcome == TimelineOutcome.AttemptFailed);
        var watch = System.Diagnostics.Stopwatch.StartNew();
        var html = RunReport.Render(ReportSamples.Summary(), ReportSamples.Header(), timeline, ReportSamples.Errors());
        var renderMs = watch.ElapsedMilliseconds;
        var file = temp.Write("out/results.csv.report.html", html);

        // Act
        var dom = await Chromium.DumpDomAsync(file, Timeout);

        // Assert: the script ran to its end without an error, and the injected markup never became an element.
        var body = Body().Match(dom);
        Assert.True(body.Success, dom.Length > 2_000 ? dom[..2_000] : dom);
        var error = Attribute(body.Value, "data-error");
        Assert.True(error is null, $"the page's script failed: {error}");
        var rendered = Attribute(body.Value, "data-rendered");
        Assert.NotNull(rendered);
        var ms = double.Parse(rendered, CultureInfo.InvariantCulture);
        output.WriteLine($"100,000 mini-batches: page {html.Length:N0} characters rendered in {renderMs:N0} ms, drawn {ms:N0} ms after it began loading (chromium {string.Join(' ', Chromium.Flags)})");
        Assert.InRange(ms, 1, 20_000);
        Assert.DoesNotContain("<img", dom, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("id=\"lanes-chart\"", dom, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Render_NoTimeline_RunsInChromiumWithoutErrors()
    {
        // Arrange
        using var temp = new TempFolder();
        var file = temp.Write("out/results.csv.report.html", RunReport.Render(ReportSamples.Summary(), null, [], ErrorDigest.None));

        // Act
        var dom = await Chromium.DumpDomAsync(file, Timeout);

        // Assert
        var body = Body().Match(dom).Value;
        Assert.Null(Attribute(body, "data-error"));
        Assert.NotNull(Attribute(body, "data-rendered"));
    }

    [Fact]
    public async Task Open_DigitsSampleReport_ShowsTheSummarysCountsAndDrawsEveryChart()
    {
        // Arrange: the digits sample, run to completion on the in-memory engine, as `batchscore run` does.
        await using var fixture = await OrchestrationFixture.StartAsync(new TempFolder().CopyFromRepo("samples/digits-tabular/data", "samples/models"));
        var spec = RunSpecSerializer.Parse(File.ReadAllText(Repo.PathOf("samples/digits-tabular/spec.json")));
        spec = spec with { Execution = spec.Execution with { Reuse = false } };
        var run = await fixture.RunAsync(spec);
        Assert.Equal(OrchestrationRuntimeStatus.Completed, run.RuntimeStatus);

        // Act
        var dom = await Chromium.DumpDomAsync(Path.Combine(fixture.Store.Root, RunLayout.ReportBeside(spec.Output.Path)), Timeout);

        // Assert: what a person reads is the summary's (the oracle: the summary file beside the output), the charts are drawn.
        using var summary = JsonDocument.Parse(fixture.Read(RunLayout.SummaryBeside(spec.Output.Path)));
        AssertShowsSummary(dom, summary.RootElement, "succeeded");
        AssertChartsDrawn(dom, ["throughput-chart", "lanes-chart", "histogram-chart"]);
    }

    [Fact]
    public async Task Open_FailedRunReport_ShowsTheReasonAndTheSummarysCountsAndDrawsEveryChart()
    {
        // Arrange: mini-batch 3 fails every try; the budget allows none, so the run fails after scoring the others.
        await using var fixture = await OrchestrationFixture.StartAsync();
        fixture.WriteInput(40);
        var spec = OrchestrationFixture.TestSpec(Guid.NewGuid().ToString("N"), 4, new TestScorer.Faults { AlwaysFail = [3] }) is var s
            ? s with { Execution = s.Execution with { MaxTries = 2 }, Failures = new FailuresSpec { AllowedFailedCount = 0 } }
            : null!;
        var run = await fixture.RunAsync(spec);
        Assert.Equal(OrchestrationRuntimeStatus.Failed, run.RuntimeStatus);

        // Act
        var dom = await Chromium.DumpDomAsync(Path.Combine(fixture.Store.Root, RunLayout.ReportBeside(spec.Output.Path)), Timeout);

        // Assert
        using var summary = JsonDocument.Parse(fixture.Read(RunLayout.SummaryBeside(spec.Output.Path)));
        AssertShowsSummary(dom, summary.RootElement, "failed");
        Assert.Contains(System.Net.WebUtility.HtmlEncode(summary.RootElement.GetProperty("reason").GetString()!), dom, StringComparison.Ordinal);
        AssertChartsDrawn(dom, ["throughput-chart", "lanes-chart", "histogram-chart"]);
    }

    /// <summary>The page's script ran without an error, and its outcome table says what the summary says.</summary>
    private static void AssertShowsSummary(string dom, JsonElement summary, string status)
    {
        var body = Body().Match(dom);
        Assert.True(body.Success, dom.Length > 2_000 ? dom[..2_000] : dom);
        Assert.Null(Attribute(body.Value, "data-error"));
        Assert.NotNull(Attribute(body.Value, "data-rendered"));
        Assert.Equal(status, summary.GetProperty("status").GetString());
        var m = summary.GetProperty("miniBatches");
        var items = summary.GetProperty("items");
        Assert.Contains(string.Create(CultureInfo.InvariantCulture, $"<th>mini-batches</th><td>{m.GetProperty("total").GetInt64():N0} total: {m.GetProperty("succeeded").GetInt64():N0} succeeded, {m.GetProperty("failed").GetInt64():N0} failed, {m.GetProperty("reused").GetInt64():N0} reused</td>"), dom, StringComparison.Ordinal);
        Assert.Contains(string.Create(CultureInfo.InvariantCulture, $"<th>items</th><td>{items.GetProperty("total").GetInt64():N0} total: {items.GetProperty("scored").GetInt64():N0} scored, {items.GetProperty("failed").GetInt64():N0} failed"), dom, StringComparison.Ordinal);
        Assert.Contains($">{status}<", dom, StringComparison.Ordinal);
    }

    /// <summary>Every chart has coloured pixels (the page counts them into <c>data-ink</c> once drawn): not blank.</summary>
    private static void AssertChartsDrawn(string dom, string[] charts)
    {
        foreach (var chart in charts)
        {
            var tag = Regex.Match(dom, $"<canvas[^>]*id=\"{chart}\"[^>]*>");
            Assert.True(tag.Success, $"no canvas '{chart}' in the page");
            var ink = Attribute(tag.Value, "data-ink");
            Assert.True(ink is not null && long.Parse(ink, CultureInfo.InvariantCulture) > 0, $"canvas '{chart}' is blank: {tag.Value}");
        }
    }

    private static string? Attribute(string tag, string name)
    {
        var match = Regex.Match(tag, name + "=\"([^\"]*)\"");
        return match.Success ? System.Net.WebUtility.HtmlDecode(match.Groups[1].Value) : null;
    }

    [GeneratedRegex("<body[^>]*>")]
    private static partial Regex Body();
}
