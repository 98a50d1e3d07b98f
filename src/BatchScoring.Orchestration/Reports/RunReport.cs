using System.Globalization;
using System.Net;
using System.Text;
using BatchScoring.Core.Runs;
using BatchScoring.Orchestration.Contracts;

namespace BatchScoring.Orchestration.Reports;

/// <summary>
/// A run's report (<c>results.csv.report.html</c>): one self-contained HTML page, with its styles and script inline and
/// no reference to anything outside it (its Content-Security-Policy forbids any), that a browser opens from disk. It
/// shows the run's outcome from its summary, its throughput over time, a lane per worker with each mini-batch as a bar
/// (retries and failures in their own colours), a histogram of mini-batch durations with the slowest mini-batches,
/// and the error records by kind with samples. The charts are drawn on canvases from compact arrays in a JSON script
/// element, never one element per mini-batch: 100,000 mini-batches draw in about a second. Every text from the run
/// (paths, worker names, messages) is HTML-encoded, or JSON-escaped with every <c>&lt;</c> written <c>\u003C</c>.
/// When drawn, the page sets <c>data-rendered</c> on its body to the milliseconds since it began loading; a script error
/// sets <c>data-error</c>.
/// </summary>
public static partial class RunReport
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    /// <summary>
    /// Renders the report. <paramref name="header"/> is null when the run has no timeline (the page says so and leaves
    /// the timeline's charts out); <paramref name="timeline"/> is then empty.
    /// </summary>
    public static string Render(RunSummary summary, TimelineHeader? header, IReadOnlyList<TimelineEntry> timeline, ErrorDigest errors)
    {
        ArgumentNullException.ThrowIfNull(summary);
        ArgumentNullException.ThrowIfNull(timeline);
        ArgumentNullException.ThrowIfNull(errors);
        var view = header is null ? null : TimelineView.Of(timeline);
        var html = new StringBuilder(header is null ? 16 * 1024 : 64 * 1024 + (timeline.Count * 48));
        var status = StatusText(summary.Status);
        html.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
            .Append("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'\">\n")
            .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
            .Append("<title>").Append(Encode($"{summary.Run}: {status}")).Append("</title>\n<style>").Append(Css).Append("</style>\n</head>\n<body>\n");
        AppendOutcome(html, summary, header, status);
        if (view is null)
        {
            html.Append("<section id=\"timeline\"><h2>Timeline</h2><p class=\"note\">No timeline: ")
                .Append(Code(RunLayout.TimelineBeside(summary.Spec.Output.Path)))
                .Append(" was not found beside the output, so throughput, workers and mini-batch durations are not shown.</p></section>\n");
        }
        else if (timeline.Count == 0)
        {
            html.Append("<section id=\"timeline\"><h2>Timeline</h2><p class=\"note\">The timeline holds no mini-batches.</p></section>\n");
        }
        else
        {
            AppendCharts(html, view, header!);
        }

        AppendErrors(html, errors);
        if (view is { Entries.Count: > 0 })
        {
            html.Append("<script type=\"application/json\" id=\"timeline-data\">").Append(DataJson(view, header!)).Append("</script>\n");
        }

        html.Append("<script>").Append(Script).Append("</script>\n</body>\n</html>\n");
        return html.ToString();
    }

    private static void AppendOutcome(StringBuilder html, RunSummary summary, TimelineHeader? header, string status)
    {
        var spec = summary.Spec;
        html.Append("<header><h1>Run ").Append(Encode(summary.Run)).Append(" <span class=\"status ").Append(status).Append("\">").Append(status).Append("</span></h1>");
        if (summary.Reason is { } reason)
        {
            html.Append("<p class=\"reason\">").Append(Encode(reason)).Append("</p>");
        }

        html.Append("</header>\n<section id=\"outcome\"><h2>Outcome</h2><table class=\"kv\">\n");
        void Row(string label, string valueHtml) => html.Append("<tr><th>").Append(label).Append("</th><td>").Append(valueHtml).Append("</td></tr>\n");

        Row("status", $"<span class=\"status {status}\">{status}</span>");
        if (summary.Reason is { } why)
        {
            Row("reason", Encode(why));
        }

        if (summary.FailedStep is { } step)
        {
            Row("failed step", Encode(step));
        }

        Row("run", $"{Encode(summary.Run)} <span class=\"dim\">(fingerprint {Encode(summary.Fingerprint)}, engine {Encode(System.Text.Json.JsonSerializer.Serialize(summary.Engine).Trim('"'))})</span>");
        Row("inputs", $"{Code(spec.Input.Location)} glob {Code(spec.Input.Glob)}" + (header is null ? "" : F($" <span class=\"dim\">({header.Inputs.Count:N0} file(s) in the timeline)</span>")));
        Row("model", (spec.Model.Location.Length > 0 ? Code(spec.Model.Location) + " " : "") + (summary.ModelHash.Length > 0 ? $"hash {Code(summary.ModelHash)}" : "<span class=\"dim\">(no model)</span>"));
        Row("output", summary.Output is { } output
            ? F($"{Code(output.Path)} {output.Bytes:N0} bytes <span class=\"dim\">(ETag {Encode(output.ETag)})</span>")
            : $"none <span class=\"dim\">(the output path is {Code(spec.Output.Path)})</span>");
        if (summary.EarlierOutput is { } earlier)
        {
            Row("earlier output", F($"{Code(earlier.Path)} {earlier.Bytes:N0} bytes is an earlier run's, not this run's"));
        }

        var m = summary.MiniBatches;
        Row("mini-batches", F($"{m.Total:N0} total: {m.Succeeded:N0} succeeded, {m.Failed:N0} failed, {m.Reused:N0} reused"));
        var items = summary.Items;
        Row("items", F($"{items.Total:N0} total: {items.Scored:N0} scored, {items.Failed:N0} failed") + (items.Truncated > 0 ? F($", {items.Truncated:N0} truncated") : ""));
        var b = summary.FailureBudget;
        Row("failure budget", F($"failed items {b.FailedItems:N0} of {Limit(b.ErrorThreshold)} allowed (errorThreshold); failed mini-batches {b.FailedMiniBatches:N0} of {Limit(b.AllowedFailedMiniBatches)} allowed (allowedFailedCount {b.AllowedFailedCount}, allowedFailedPercent {b.AllowedFailedPercent}%)"));
        Row("time", F($"started {summary.StartedUtc:yyyy-MM-dd HH:mm:ss} UTC, finished {summary.FinishedUtc:yyyy-MM-dd HH:mm:ss} UTC; wall {Duration(summary.WallSeconds)}") + (summary.CommitSeconds is { } commit ? F($", commit {commit:F1} s") : ""));
        var d = summary.MiniBatchSeconds;
        Row("throughput", F($"{summary.ItemsPerSecond:N1} items/s; mini-batch seconds min {d.Min:F2}, median {d.Median:F2}, p95 {d.P95:F2}, max {d.Max:F2} ({d.Count:N0} timed)"));
        Row("error records", F($"{summary.ErrorRecords:N0}") + (summary.Errors is { } errorsPath ? " in " + Code(errorsPath) : ""));
        if (summary.Series is { } series)
        {
            Row("series", F($"{Encode(series.Name)}: {series.InputsSeen:N0} input(s) seen, {series.InputsSkipped:N0} skipped (scored by an earlier run), {series.InputsScored:N0} scored; ledger {Code(series.Ledger)}"));
        }

        if (summary.Notes is { Count: > 0 } notes)
        {
            Row("notes", "<ul>" + string.Concat(notes.Select(n => "<li>" + Encode(n) + "</li>")) + "</ul>");
        }

        html.Append("</table></section>\n");
    }

    private static void AppendCharts(StringBuilder html, TimelineView view, TimelineHeader header)
    {
        html.Append("<section id=\"throughput\"><h2>Throughput</h2><p class=\"dim\">Items scored per second over the run (a mini-batch's items spread over its time; reused mini-batches left out).</p>")
            .Append("<div class=\"chart\"><canvas id=\"throughput-chart\"></canvas></div></section>\n");

        var counts = new long[5];
        foreach (var e in view.Entries)
        {
            counts[e.Outcome switch { TimelineOutcome.Failed => 2, TimelineOutcome.Reused => 3, TimelineOutcome.AttemptFailed => 4, _ => e.Attempt > 1 ? 1 : 0 }]++;
        }

        html.Append(F($"<section id=\"workers\"><h2>Workers</h2><p class=\"dim\">{view.Workers.Count:N0} worker(s), one lane each; a row per mini-batch running at once on the worker. Hover a bar for its mini-batch.</p>"))
            .Append("<p class=\"legend\">")
            .Append(F($"<span><i class=\"sw done\"></i>done on the first attempt ({counts[0]:N0})</span>"))
            .Append(F($"<span><i class=\"sw retry\"></i>done after a retry ({counts[1]:N0})</span>"))
            .Append(F($"<span><i class=\"sw failed\"></i>failed after all its tries ({counts[2]:N0})</span>"))
            .Append(F($"<span><i class=\"sw reused\"></i>reused from an earlier start ({counts[3]:N0})</span>"))
            .Append(F($"<span><i class=\"sw attempt\"></i>an attempt that failed on its worker ({counts[4]:N0})</span>"))
            .Append("</p><div class=\"chart lanes\"><canvas id=\"lanes-chart\"></canvas><div id=\"tip\" hidden></div></div></section>\n");

        html.Append("<section id=\"durations\"><h2>Mini-batch durations</h2><div class=\"chart\"><canvas id=\"histogram-chart\"></canvas></div>")
            .Append(F($"<h3>The {TimelineView.SlowestCount} slowest mini-batches</h3>"))
            .Append("<table class=\"grid\" id=\"slowest\"><thead><tr><th>#</th><th>mini-batch</th><th>seconds</th><th>attempt</th><th>outcome</th><th>worker</th><th>input</th><th>items</th><th>failed</th><th>started</th></tr></thead><tbody>\n");
        var rank = 0;
        foreach (var e in view.Slowest())
        {
            var input = e.Input >= 0 && e.Input < header.Inputs.Count ? header.Inputs[e.Input] : "?";
            html.Append(F($"<tr><td>{++rank}</td><td>{e.MiniBatch}</td><td>{TimelineView.Duration(e) / 1000.0:N2}</td><td>{e.Attempt}</td><td>{OutcomeText(e.Outcome)}</td><td>{Encode(e.Worker)}</td><td>{Code(input)}</td><td>{e.Items:N0}</td><td>{e.FailedItems:N0}</td><td>+{e.StartMs / 1000.0:N1} s</td></tr>\n"));
        }

        html.Append("</tbody></table></section>\n");
    }

    private static void AppendErrors(StringBuilder html, ErrorDigest errors)
    {
        html.Append("<section id=\"errors\"><h2>Error records</h2>");
        if (errors.Path is null)
        {
            html.Append("<p class=\"note\">The run wrote no error records file.</p>");
        }
        else
        {
            html.Append(errors.Total == 0 && errors.UnreadableLines == 0
                ? $"<p>No error records: {Code(errors.Path)} is empty.</p>"
                : F($"<p>{errors.Total:N0} error record(s), all of them in {Code(errors.Path)}.</p>"));
            if (errors.UnreadableLines > 0)
            {
                html.Append(F($"<p class=\"note\">{errors.UnreadableLines:N0} line(s) of the file are not error records and are not counted.</p>"));
            }

            if (errors.Kinds.Count > 0)
            {
                html.Append(F($"<table class=\"grid\" id=\"error-kinds\"><thead><tr><th>kind</th><th>records</th><th>samples (the first {ErrorDigest.SamplesPerKind} of each kind)</th></tr></thead><tbody>\n"));
                foreach (var kind in errors.Kinds)
                {
                    html.Append(F($"<tr><td>{Code(kind.Kind)}</td><td>{kind.Count:N0}</td><td><ul class=\"samples\">"));
                    foreach (var sample in kind.Samples)
                    {
                        html.Append(F($"<li>mini-batch {sample.MiniBatch}, {Code(sample.Item)}: {Encode(sample.Message)}</li>"));
                    }

                    html.Append("</ul></td></tr>\n");
                }

                html.Append("</tbody></table>");
            }
        }

        html.Append("</section>\n");
    }

    private static string StatusText(RunStatus status) => status == RunStatus.Succeeded ? "succeeded" : "failed";

    private static string OutcomeText(TimelineOutcome outcome) => outcome switch
    {
        TimelineOutcome.Failed => "failed",
        TimelineOutcome.Reused => "reused",
        TimelineOutcome.AttemptFailed => "attempt failed",
        _ => "done",
    };

    private static string Limit(long allowed) => allowed < 0 ? "any number" : allowed.ToString("N0", Invariant);

    private static string Duration(double seconds)
    {
        var time = TimeSpan.FromSeconds(Math.Max(0, seconds));
        var text = time.TotalHours >= 1 ? F($"{(int)time.TotalHours}h {time.Minutes:D2}m {time.Seconds:D2}s")
            : time.TotalMinutes >= 1 ? F($"{time.Minutes}m {time.Seconds:D2}s")
            : F($"{seconds:F1} s");
        return time.TotalMinutes >= 1 ? F($"{text} ({seconds:N1} s)") : text;
    }

    private static string Encode(string? text) => WebUtility.HtmlEncode(text ?? "");

    private static string Code(string? text) => "<code>" + Encode(text) + "</code>";

    private static string F(FormattableString text) => text.ToString(Invariant);
}
