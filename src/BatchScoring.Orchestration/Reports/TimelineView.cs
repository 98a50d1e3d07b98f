using BatchScoring.Orchestration.Contracts;

namespace BatchScoring.Orchestration.Reports;

/// <summary>
/// What a report draws from a timeline, computed once: a row per mini-batch slot of each worker (the mini-batches a
/// worker ran at once, packed so that no two on a row overlap), items scored per second in time buckets, a histogram of
/// durations and the slowest mini-batches. Reused mini-batches (scored by an earlier start of the run) are drawn but
/// are not counted in throughput, durations or the slowest; attempts that failed before a mini-batch's last are drawn
/// but are not mini-batches (<see cref="EndsAMiniBatch"/>) in durations or the slowest.
/// </summary>
internal sealed class TimelineView
{
    /// <summary>Buckets of the throughput chart.</summary>
    public const int ThroughputBuckets = 120;

    /// <summary>Bins of the duration histogram.</summary>
    public const int HistogramBins = 40;

    /// <summary>Mini-batches in the table of the slowest.</summary>
    public const int SlowestCount = 10;

    private TimelineView(IReadOnlyList<TimelineEntry> entries, IReadOnlyList<string> workers, int[] rowOf, int[] laneRows, long endMs)
    {
        Entries = entries;
        Workers = workers;
        RowOf = rowOf;
        LaneRows = laneRows;
        EndMs = endMs;
    }

    public IReadOnlyList<TimelineEntry> Entries { get; }

    /// <summary>The workers, in ordinal order of name: one lane each.</summary>
    public IReadOnlyList<string> Workers { get; }

    /// <summary>Each entry's row (rows of lane 0 first, then lane 1's, ...).</summary>
    public int[] RowOf { get; }

    /// <summary>The number of rows of each lane.</summary>
    public int[] LaneRows { get; }

    /// <summary>When the last mini-batch ended, in ms since the run started (at least 1).</summary>
    public long EndMs { get; }

    public int Rows => LaneRows.Sum();

    public static TimelineView Of(IReadOnlyList<TimelineEntry> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        var workers = entries.Select(e => e.Worker).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var laneOf = workers.Select((w, i) => (w, i)).ToDictionary(p => p.w, p => p.i, StringComparer.Ordinal);
        var rowOf = new int[entries.Count];
        var laneRows = new int[workers.Count];

        // Per lane, in order of start: the row whose last mini-batch ended first takes the next one if it has ended.
        var lanes = new int[entries.Count];
        for (var i = 0; i < lanes.Length; i++)
        {
            lanes[i] = laneOf[entries[i].Worker];
        }

        var order = Enumerable.Range(0, entries.Count).ToArray();
        Array.Sort(order, (x, y) =>
            lanes[x] != lanes[y] ? lanes[x].CompareTo(lanes[y])
            : entries[x].StartMs != entries[y].StartMs ? entries[x].StartMs.CompareTo(entries[y].StartMs)
            : entries[x].MiniBatch.CompareTo(entries[y].MiniBatch));
        var firstRow = 0;
        foreach (var lane in order.GroupBy(i => lanes[i]))
        {
            var free = new PriorityQueue<int, (long End, int Row)>();
            var rows = 0;
            foreach (var i in lane)
            {
                var entry = entries[i];
                int row;
                if (free.TryPeek(out _, out var end) && end.End <= entry.StartMs)
                {
                    row = free.Dequeue();
                }
                else
                {
                    row = rows++;
                }

                rowOf[i] = firstRow + row;
                free.Enqueue(row, (Math.Max(entry.EndMs, entry.StartMs), row));
            }

            laneRows[lane.Key] = rows;
            firstRow += rows;
        }

        var endMs = Math.Max(1, entries.Count == 0 ? 1 : entries.Max(e => Math.Max(e.StartMs, e.EndMs)));
        return new TimelineView(entries, workers, rowOf, laneRows, endMs);
    }

    /// <summary>Items scored per second in <see cref="ThroughputBuckets"/> (or fewer) buckets of <c>BucketMs</c>; a mini-batch's items are spread evenly over its time.</summary>
    public (long BucketMs, double[] ItemsPerSecond) Throughput()
    {
        var bucketMs = Math.Max(1, (EndMs + ThroughputBuckets - 1) / ThroughputBuckets);
        var buckets = (int)((EndMs + bucketMs - 1) / bucketMs);
        var items = new double[Math.Max(1, buckets)];
        foreach (var entry in Entries)
        {
            if (entry.Outcome == TimelineOutcome.Reused || entry.Items <= 0)
            {
                continue;
            }

            var (start, end) = (Math.Max(0, entry.StartMs), Math.Max(entry.StartMs, entry.EndMs));
            if (end == start)
            {
                items[Math.Min(items.Length - 1, (int)(start / bucketMs))] += entry.Items;
                continue;
            }

            for (var b = (int)(start / bucketMs); b < items.Length && b * bucketMs < end; b++)
            {
                var overlap = Math.Min(end, (b + 1) * bucketMs) - Math.Max(start, b * bucketMs);
                items[b] += entry.Items * (double)overlap / (end - start);
            }
        }

        for (var b = 0; b < items.Length; b++)
        {
            items[b] /= bucketMs / 1000.0;
        }

        return (bucketMs, items);
    }

    /// <summary>
    /// Mini-batch durations (ms) in <see cref="HistogramBins"/> bins of <c>BinMs</c> from 0. When a few mini-batches
    /// take far longer than the rest (the longest more than twice the 99th percentile), the bins cover the 99th
    /// percentile and the last one, <c>Overflow</c>, holds every longer one, so that the rest are not one bar.
    /// </summary>
    public (long BinMs, long[] Counts, bool Overflow) Histogram()
    {
        var durations = Entries.Where(EndsAMiniBatch).Select(Duration).Order().ToArray();
        var counts = new long[HistogramBins];
        if (durations.Length == 0)
        {
            return (1, counts, false);
        }

        var (p99, longest) = (durations[Math.Clamp((int)Math.Ceiling(0.99 * durations.Length) - 1, 0, durations.Length - 1)], durations[^1]);
        var overflow = longest > 2 * p99;
        var binMs = overflow ? Math.Max(1, (p99 / (HistogramBins - 1)) + 1) : Math.Max(1, (longest / HistogramBins) + 1);
        foreach (var duration in durations)
        {
            counts[Math.Min(HistogramBins - 1, (int)(duration / binMs))]++;
        }

        return (binMs, counts, overflow);
    }

    /// <summary>The <see cref="SlowestCount"/> longest mini-batches (not reused), longest first; equal ones by index.</summary>
    public List<TimelineEntry> Slowest() =>
        [.. Entries.Where(EndsAMiniBatch).OrderByDescending(Duration).ThenBy(e => e.MiniBatch).Take(SlowestCount)];

    /// <summary>Whether an entry is the attempt that ended a mini-batch this start scored: not reused, not an earlier failed attempt.</summary>
    private static bool EndsAMiniBatch(TimelineEntry entry) => entry.Outcome is not (TimelineOutcome.Reused or TimelineOutcome.AttemptFailed);

    public static long Duration(TimelineEntry entry) => Math.Max(0, entry.EndMs - entry.StartMs);
}
