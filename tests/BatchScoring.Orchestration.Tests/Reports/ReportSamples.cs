using BatchScoring.Core.Runs;
using BatchScoring.Core.Spec;
using BatchScoring.Orchestration.Contracts;
using BatchScoring.Orchestration.Reports;

namespace BatchScoring.Orchestration.Tests.Reports;

/// <summary>Summaries and timelines for the report tests, as a large run would write them.</summary>
internal static class ReportSamples
{
    /// <summary>An input name that would run script if a report wrote it into HTML or a script element as it is.</summary>
    public const string MaliciousInput = "in/</script><img src=x onerror=alert(1)>.csv";

    public static RunSummary Summary(RunStatus status = RunStatus.Failed, string output = "out/results.csv", int miniBatches = 100_000) => new(
        Status: status,
        Reason: status == RunStatus.Failed ? "allowedFailedCount 10 exceeded: 11 mini-batches failed (7, 19, 20, ...)" : null,
        FailedStep: status == RunStatus.Failed ? "scoring" : null,
        Run: "nightly-<b>scores</b>",
        Fingerprint: "f00dfeed",
        Engine: DurableEngine.InMemory,
        StartedUtc: new DateTime(2026, 1, 5, 2, 0, 0, DateTimeKind.Utc),
        FinishedUtc: new DateTime(2026, 1, 5, 4, 47, 0, DateTimeKind.Utc),
        WallSeconds: 10_020.5,
        MiniBatches: new RunSummary.MiniBatchCounts(miniBatches, miniBatches - 11, 11, 0),
        Items: new RunSummary.ItemCounts(10_000_000, 9_998_000, 2_000),
        MiniBatchSeconds: new DurationStats(miniBatches, 0.5, 2.1, 4.8, 61.2),
        ItemsPerSecond: 997.8,
        ModelHash: "sha256:9f86d081884c7d65",
        Output: status == RunStatus.Succeeded ? new RunSummary.OutputFile(output, "0x8DC1", 123_456_789) : null,
        EarlierOutput: null,
        Errors: RunLayout.ErrorsBeside(output),
        ErrorRecords: 2_000,
        FailureBudget: new RunSummary.BudgetState(-1, 10, 100, 10, 2_000, 11),
        Spec: new RunSpec
        {
            Name = "nightly",
            Input = new InputSpec { Location = "in/<daily>", Glob = "**/*.csv" },
            Model = new ModelSpec { Location = "models/mlp.onnx" },
            Output = new OutputSpec { Path = output },
        },
        Notes: ["'in/a.csv': 6 records, and 15 line breaks inside quoted fields: some records span several lines."],
        CommitSeconds: 12.5,
        Series: new RunSummary.SeriesState("nightly", 40, 36, 4, "out/_ledger/nightly"));

    public static TimelineHeader Header(int inputs = 50) =>
        new("nightly", new DateTime(2026, 1, 5, 2, 0, 0, DateTimeKind.Utc), [MaliciousInput, .. Enumerable.Range(1, inputs - 1).Select(i => $"in/2026/01/05/part-{i:D5}.csv")]);

    /// <summary>
    /// A run of <paramref name="count"/> mini-batches of 100 items on 4 workers with 8 slots each, ending near 10^7 ms:
    /// every 97th retried (attempt 2), every 1,009th failed (a few items failed in every 13th); durations vary, with
    /// a few long ones.
    /// </summary>
    public static List<TimelineEntry> Timeline(int count = 100_000, int inputs = 50)
    {
        var random = new Random(21);
        var workers = Enumerable.Range(0, 4).Select(w => $"scoring-vm-{w}/{12345 + w}").ToArray();
        var slotFree = new long[workers.Length * 8];
        var entries = new List<TimelineEntry>(count);
        for (var i = 0; i < count; i++)
        {
            var slot = 0;
            for (var k = 1; k < slotFree.Length; k++)
            {
                slot = slotFree[k] < slotFree[slot] ? k : slot;
            }

            var duration = 1_500 + random.Next(2_000) + (i % 997 == 0 ? 60_000 : 0);
            var start = slotFree[slot] + random.Next(20);
            var outcome = i % 1_009 == 500 ? TimelineOutcome.Failed : TimelineOutcome.Done;
            var attempt = outcome == TimelineOutcome.Failed ? 3 : i % 97 == 0 ? 2 : 1;
            if (attempt == 2)
            {
                // The first attempt of a retried mini-batch failed on its worker: it comes first, as the commit writes it.
                entries.Add(new TimelineEntry(i, 1, workers[(slot / 8 + 1) % workers.Length], Math.Max(0, start - 900), start - 100, 0, 0, TimelineOutcome.AttemptFailed, i * inputs / count));
            }

            entries.Add(new TimelineEntry(i, attempt, workers[slot / 8], start, start + duration, 100, i % 13 == 0 ? 3 : 0, outcome, i * inputs / count));
            slotFree[slot] = start + duration;
        }

        return entries;
    }

    public static ErrorDigest Errors(string output = "out/results.csv") => new(
        RunLayout.ErrorsBeside(output),
        2_000,
        [
            new ErrorDigest.KindDigest("invalidValue", 1_989, [new ErrorDigest.Sample(0, MaliciousInput + " row 3", "column 'x' is not a number: '<script>alert(2)</script>'")]),
            new ErrorDigest.KindDigest("miniBatch", 11, [new ErrorDigest.Sample(500, "in/a.csv rows 1-100", "mini-batch 500 failed after 3 tries: timed out")]),
        ],
        0);
}
