using BatchScoring.Core.Planning;
using BatchScoring.Orchestration.Contracts;

namespace BatchScoring.Orchestration.Reports;

/// <summary>
/// A run's timeline from what the commit already holds (every mini-batch's done or failed marker, read by listing):
/// one entry per mini-batch, in index order, for the attempt that ended it. Attempts that failed before a later one
/// succeeded leave no marker of their own; they show as the entry's <see cref="TimelineEntry.Attempt"/> above 1.
/// </summary>
public static class RunTimeline
{
    public static (TimelineHeader Header, List<TimelineEntry> Entries) Build(
        string run,
        DateTime startedUtc,
        string startKey,
        MiniBatchPlan plan,
        IReadOnlyDictionary<int, MiniBatchOutcome> done,
        IReadOnlyDictionary<int, MiniBatchFailure> failed)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(done);
        ArgumentNullException.ThrowIfNull(failed);
        var fileIndex = new Dictionary<string, int>(plan.Files.Count, StringComparer.Ordinal);
        for (var f = 0; f < plan.Files.Count; f++)
        {
            fileIndex.TryAdd(plan.Files[f].Path, f);
        }

        long Ms(DateTime utc) => (long)Math.Max(0, (utc - startedUtc).TotalMilliseconds);
        var entries = new List<TimelineEntry>(plan.MiniBatches.Count);
        foreach (var batch in plan.MiniBatches)
        {
            var input = batch.Slices.Count > 0 && fileIndex.TryGetValue(batch.Slices[0].Path, out var first) ? first : -1;
            if (failed.TryGetValue(batch.Index, out var failure))
            {
                var at = Ms(failure.RecordedUtc ?? startedUtc);
                entries.Add(new TimelineEntry(batch.Index, failure.Attempts, "", at, at, 0, batch.Items, TimelineOutcome.Failed, input));
            }
            else if (done.TryGetValue(batch.Index, out var outcome))
            {
                var reused = outcome.StartKey != startKey;
                var start = outcome.StartedUtc is { } s ? Ms(s) : 0;
                var end = start + (long)Math.Round(outcome.Seconds * 1000);
                entries.Add(new TimelineEntry(batch.Index, outcome.Attempt, outcome.Host, start, end, outcome.ItemsScored, outcome.ItemsFailed, reused ? TimelineOutcome.Reused : TimelineOutcome.Done, input));
            }
        }

        return (new TimelineHeader(run, startedUtc, [.. plan.Files.Select(f => f.Path)]), entries);
    }
}
