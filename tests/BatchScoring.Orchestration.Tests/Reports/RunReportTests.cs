using System.Text.Json;
using System.Text.RegularExpressions;
using BatchScoring.Orchestration.Contracts;
using BatchScoring.Orchestration.Reports;

namespace BatchScoring.Orchestration.Tests.Reports;

public sealed partial class RunReportTests
{
    [Fact]
    public void Render_FailedRun_OutcomeFieldsAppearEncoded()
    {
        // Arrange
        var summary = ReportSamples.Summary();

        // Act
        var html = RunReport.Render(summary, ReportSamples.Header(), ReportSamples.Timeline(2_000), ReportSamples.Errors());

        // Assert
        Assert.Contains("<title>nightly-&lt;b&gt;scores&lt;/b&gt;: failed</title>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<b>scores", html, StringComparison.Ordinal);
        string[] expected =
        [
            "<span class=\"status failed\">failed</span>",
            "<tr><th>reason</th><td>allowedFailedCount 10 exceeded: 11 mini-batches failed (7, 19, 20, ...)</td></tr>",
            "<tr><th>failed step</th><td>scoring</td></tr>",
            "<code>in/&lt;daily&gt;</code> glob <code>**/*.csv</code>",
            "hash <code>sha256:9f86d081884c7d65</code>",
            "none <span class=\"dim\">(the output path is <code>out/results.csv</code>)</span>",
            "100,000 total: 99,989 succeeded, 11 failed, 0 reused",
            "10,000,000 total: 9,998,000 scored, 2,000 failed",
            "failed items 2,000 of any number allowed (errorThreshold); failed mini-batches 11 of 10 allowed",
            "wall 2h 47m 00s (10,020.5 s), commit 12.5 s",
            "nightly: 40 input(s) seen, 36 skipped (scored by an earlier run), 4 scored; ledger <code>out/_ledger/nightly</code>",
            "<li>&#39;in/a.csv&#39;: 6 records, and 15 line breaks inside quoted fields",
            "997.8 items/s",
        ];
        foreach (var text in expected)
        {
            Assert.Contains(text, html, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Render_SucceededRun_OutputPathAndBytes()
    {
        // Act
        var html = RunReport.Render(ReportSamples.Summary(RunStatus.Succeeded), ReportSamples.Header(), ReportSamples.Timeline(100), ReportSamples.Errors());

        // Assert
        Assert.Contains("<span class=\"status succeeded\">succeeded</span>", html, StringComparison.Ordinal);
        Assert.Contains("<code>out/results.csv</code> 123,456,789 bytes", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<th>reason</th>", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_MaliciousInputName_EncodedInHtmlAndEscapedInTheData()
    {
        // Arrange: the first input, which the slowest mini-batch (0) reads, and an error sample name script.
        var timeline = ReportSamples.Timeline(2_000);

        // Act
        var html = RunReport.Render(ReportSamples.Summary(), ReportSamples.Header(), timeline, ReportSamples.Errors());

        // Assert: no text from the run becomes markup; the only script ends are the page's two.
        Assert.DoesNotContain("<img", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<script>alert", html, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(2, Regex.Count(html, "</script", RegexOptions.IgnoreCase));
        Assert.Contains("<code>in/&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;.csv</code>", html, StringComparison.Ordinal);
        Assert.Contains("&#39;&lt;script&gt;alert(2)&lt;/script&gt;&#39;", html, StringComparison.Ordinal);
        var data = DataOf(html);
        Assert.Equal(ReportSamples.MaliciousInput, data.GetProperty("inputs")[0].GetString());
        Assert.Equal(timeline.Count, data.GetProperty("i").GetArrayLength());
    }

    [Fact]
    public void Render_AnyRun_ReferencesNothingOnTheNetwork()
    {
        // Act
        var html = RunReport.Render(ReportSamples.Summary(), ReportSamples.Header(), ReportSamples.Timeline(1_000), ReportSamples.Errors());

        // Assert: no URL at all, no resource attribute, no CSS import or url(), and a policy that allows no fetch.
        Assert.DoesNotContain("http://", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("https://", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotMatch(ResourceAttribute(), html);
        Assert.DoesNotContain("url(", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("@import", html, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("content=\"default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_Timeline_TheTenSlowestAreTheLongestNotReused()
    {
        // Arrange: some reused mini-batches, longer than any other, which this run did not score.
        var header = ReportSamples.Header();
        var timeline = ReportSamples.Timeline(5_000);
        for (var i = 3; i < 5_000; i += 500)
        {
            timeline[i] = timeline[i] with { Outcome = TimelineOutcome.Reused, EndMs = timeline[i].StartMs + 500_000 };
        }

        // The oracle: a plain pass keeping the 10 longest, equal durations by lower index.
        var slowest = new List<TimelineEntry>();
        foreach (var entry in timeline)
        {
            if (entry.Outcome is TimelineOutcome.Reused or TimelineOutcome.AttemptFailed)
            {
                continue;
            }

            var at = 0;
            while (at < slowest.Count && (Duration(slowest[at]) > Duration(entry) || (Duration(slowest[at]) == Duration(entry) && slowest[at].MiniBatch < entry.MiniBatch)))
            {
                at++;
            }

            if (at < 10)
            {
                slowest.Insert(at, entry);
                if (slowest.Count > 10)
                {
                    slowest.RemoveAt(10);
                }
            }
        }

        // Act
        var html = RunReport.Render(ReportSamples.Summary(), header, timeline, ReportSamples.Errors());

        // Assert
        var table = html[html.IndexOf("<table class=\"grid\" id=\"slowest\">", StringComparison.Ordinal)..];
        table = table[..table.IndexOf("</table>", StringComparison.Ordinal)];
        var rows = SlowestRow().Matches(table).Select(m => (Index: int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture), Worker: m.Groups[2].Value, Input: m.Groups[3].Value)).ToList();
        Assert.Equal(slowest.Select(e => e.MiniBatch), rows.Select(r => r.Index));
        Assert.Equal(slowest.Select(e => e.Worker), rows.Select(r => r.Worker));
        Assert.Equal(slowest.Select(e => System.Net.WebUtility.HtmlEncode(header.Inputs[e.Input])), rows.Select(r => r.Input));
    }

    [Fact]
    public void Render_Timeline_ThroughputAndHistogramCountEveryMeasuredMiniBatch()
    {
        // Arrange
        var timeline = ReportSamples.Timeline(3_000);

        // Act
        var data = DataOf(RunReport.Render(ReportSamples.Summary(), ReportSamples.Header(), timeline, ReportSamples.Errors()));

        // Assert: the histogram holds every mini-batch (the attempt that ended it); throughput × bucket time is every item scored.
        Assert.Equal(timeline.Count(e => e.Outcome != TimelineOutcome.AttemptFailed), data.GetProperty("histogram").EnumerateArray().Sum(c => c.GetInt64()));
        var seconds = data.GetProperty("bucketMs").GetInt64() / 1000.0;
        var items = data.GetProperty("throughput").EnumerateArray().Sum(v => v.GetDouble() * seconds);
        Assert.Equal(timeline.Sum(e => e.Items), items, tolerance: timeline.Count * 0.05 * seconds);
        Assert.Equal(data.GetProperty("laneRows").EnumerateArray().Sum(r => r.GetInt32()) + 1, data.GetProperty("rowStart").GetArrayLength());
    }

    [Fact]
    public void Render_NoTimeline_SaysSoAndDrawsNoTimelineCharts()
    {
        // Act
        var html = RunReport.Render(ReportSamples.Summary(), null, [], ReportSamples.Errors());

        // Assert
        Assert.Contains("No timeline: <code>out/results.csv.timeline.jsonl</code> was not found beside the output", html, StringComparison.Ordinal);
        Assert.DoesNotContain("id=\"lanes-chart\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("timeline-data\">", html, StringComparison.Ordinal);
        Assert.Contains("<tr><th>failed step</th><td>scoring</td></tr>", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_ErrorDigest_KindsWithSamplesAndThePath()
    {
        // Act
        var html = RunReport.Render(ReportSamples.Summary(), null, [], ReportSamples.Errors());

        // Assert
        Assert.Contains("2,000 error record(s), all of them in <code>out/results.csv.errors.jsonl</code>.", html, StringComparison.Ordinal);
        Assert.Contains("<tr><td><code>invalidValue</code></td><td>1,989</td>", html, StringComparison.Ordinal);
        Assert.Contains("<li>mini-batch 500, <code>in/a.csv rows 1-100</code>: mini-batch 500 failed after 3 tries: timed out</li>", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_NoErrorsFile_SaysSo()
    {
        // Act
        var html = RunReport.Render(ReportSamples.Summary(RunStatus.Succeeded), null, [], ErrorDigest.None);

        // Assert
        Assert.Contains("The run wrote no error records file.", html, StringComparison.Ordinal);
        Assert.DoesNotContain("error-kinds", html, StringComparison.Ordinal);
    }

    /// <summary>The page's timeline data, parsed from its JSON script element.</summary>
    private static JsonElement DataOf(string html)
    {
        const string Open = "<script type=\"application/json\" id=\"timeline-data\">";
        var start = html.IndexOf(Open, StringComparison.Ordinal) + Open.Length;
        var end = html.IndexOf("</script>", start, StringComparison.Ordinal);
        return JsonDocument.Parse(html[start..end]).RootElement.Clone();
    }

    private static long Duration(TimelineEntry entry) => entry.EndMs - entry.StartMs;

    [GeneratedRegex("""(?:src|href|action|poster|data)\s*=\s*["']?\s*(?:[a-z]+:)?//""", RegexOptions.IgnoreCase)]
    private static partial Regex ResourceAttribute();

    [GeneratedRegex("""<tr><td>\d+</td><td>(\d+)</td><td>[^<]*</td><td>\d+</td><td>\w+</td><td>([^<]*)</td><td><code>([^<]*)</code></td>""")]
    private static partial Regex SlowestRow();
}
