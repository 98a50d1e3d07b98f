using System.Globalization;
using System.Text.RegularExpressions;
using BatchScoring.Orchestration.Contracts;
using BatchScoring.Orchestration.Reports;
using BatchScoring.Tests;
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

    private static string? Attribute(string tag, string name)
    {
        var match = Regex.Match(tag, name + "=\"([^\"]*)\"");
        return match.Success ? System.Net.WebUtility.HtmlDecode(match.Groups[1].Value) : null;
    }

    [GeneratedRegex("<body[^>]*>")]
    private static partial Regex Body();
}
