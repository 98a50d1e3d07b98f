using BatchScoring.Core.Planning;
using BatchScoring.Orchestration.Contracts;

namespace BatchScoring.Orchestration.Reports;

/// <summary>
/// A run's timeline from what the commit lists (every mini-batch's done or failed marker, and the records of attempts
/// that failed on their workers): per mini-batch, in index order, an entry for each of this start's failed attempts,
/// then one for the attempt that ended it. An attempt abandoned at its time-out, or lost with a killed worker, leaves
/// no record; it shows only as the final entry's <see cref="TimelineEntry.Attempt"/>.
/// </summary>
public static class RunTimeline
{
    public static (TimelineHeader Header, List<TimelineEntry> Entries) Build(
        string run,
        DateTime startedUtc,
        string startKey,
        MiniBatchPlan plan,
        IReadOnlyDictionary<int, MiniBatchOutcome> done,
        IReadOnlyDictionary<int, MiniBatchFailure> failed,
        IReadOnlyList<FailedAttempt>? attempts = null)
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
        var tries = (attempts ?? []).Where(a => a.StartKey == startKey).ToLookup(a => a.Index);
        var entries = new List<TimelineEntry>(plan.MiniBatches.Count);
        foreach (var batch in plan.MiniBatches)
        {
            var input = batch.Slices.Count > 0 && fileIndex.TryGetValue(batch.Slices[0].Path, out var first) ? first : -1;
            foreach (var attempt in tries[batch.Index].OrderBy(a => a.Attempt))
            {
                var start = Ms(attempt.StartedUtc);
                entries.Add(new TimelineEntry(batch.Index, attempt.Attempt, attempt.Host, start, start + (long)Math.Round(attempt.Seconds * 1000), 0, 0, TimelineOutcome.AttemptFailed, input));
            }

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
