using System.Globalization;
using BatchScoring.Core.Spec;

namespace BatchScoring.Core.Runs;

/// <summary>
/// Azure ML's failure budget: <c>errorThreshold</c> counts failed items, <c>allowedFailedCount</c> failed
/// mini-batches (after all their tries), <c>allowedFailedPercent</c> their share of all mini-batches; -1 (100 for
/// the percentage) ignores a limit. Unlike PRS, which checks the percentage only at the end, a run is stopped as
/// soon as a limit is exceeded or can no longer be met (the number of mini-batches is known from the plan). Whatever
/// the limits, a run that had items to score and scored none fails (<see cref="CheckSomethingScored"/>): the default
/// budget allows any number of failed items and mini-batches, but not a success with nothing scored.
/// </summary>
internal sealed class FailureBudget(FailuresSpec limits, int totalMiniBatches)
{
    /// <summary>Failed mini-batches named in a reason; the rest are "...". Callers keep no more indexes than this.</summary>
    public const int IndexesNamed = 20;

    public FailuresSpec Limits { get; } = limits;

    public int TotalMiniBatches { get; } = totalMiniBatches;

    /// <summary>Failed mini-batches the percentage allows, or -1 when it allows all.</summary>
    public long AllowedByPercent => Limits.AllowedFailedPercent >= 100 ? -1 : (long)Math.Floor(Limits.AllowedFailedPercent * TotalMiniBatches / 100.0);

    /// <summary>The tightest limit on failed mini-batches, or -1 when none applies.</summary>
    public long AllowedFailedMiniBatches
    {
        get
        {
            var (count, byPercent) = (Limits.AllowedFailedCount, AllowedByPercent);
            return count < 0 ? byPercent : byPercent < 0 ? count : Math.Min(count, byPercent);
        }
    }

    /// <summary>
    /// Null while the budget holds; otherwise why not, naming the limit and the counts, e.g.
    /// <c>allowedFailedCount 2 exceeded: 3 mini-batches failed (7, 19, 20)</c>.
    /// </summary>
    public string? Check(long failedItems, long failedMiniBatches, IReadOnlyList<int> failedIndexes)
    {
        if (Limits.ErrorThreshold >= 0 && failedItems > Limits.ErrorThreshold)
        {
            return $"errorThreshold {Limits.ErrorThreshold} exceeded: {failedItems} items failed";
        }

        if (Limits.AllowedFailedCount >= 0 && failedMiniBatches > Limits.AllowedFailedCount)
        {
            return $"allowedFailedCount {Limits.AllowedFailedCount} exceeded: {failedMiniBatches} mini-batches failed ({List(failedIndexes, failedMiniBatches)})";
        }

        if (AllowedByPercent >= 0 && failedMiniBatches > AllowedByPercent)
        {
            var percent = Limits.AllowedFailedPercent.ToString(CultureInfo.InvariantCulture);
            return $"allowedFailedPercent {percent} can no longer be met: {failedMiniBatches} of {TotalMiniBatches} mini-batches failed ({List(failedIndexes, failedMiniBatches)}), at most {AllowedByPercent} may";
        }

        return null;
    }

    /// <summary>
    /// Null when the run scored at least one item, or had none to score; otherwise why it fails, e.g.
    /// <c>nothing was scored: all 8 mini-batches failed</c>.
    /// </summary>
    public string? CheckSomethingScored(long itemsScored, long totalItems, long itemsFailed, long failedMiniBatches)
    {
        if (itemsScored > 0 || totalItems == 0)
        {
            return null;
        }

        return failedMiniBatches >= TotalMiniBatches
            ? string.Create(CultureInfo.InvariantCulture, $"nothing was scored: all {TotalMiniBatches} mini-batches failed")
            : string.Create(CultureInfo.InvariantCulture, $"nothing was scored: all {totalItems} items failed ({itemsFailed} item errors, {failedMiniBatches} of {TotalMiniBatches} mini-batches failed)");
    }

    /// <summary>What is left: items and mini-batches that may still fail (-1: no limit).</summary>
    public (long Items, long MiniBatches) Remaining(long failedItems, long failedMiniBatches) =>
        (Limits.ErrorThreshold < 0 ? -1 : Math.Max(0, Limits.ErrorThreshold - failedItems),
         AllowedFailedMiniBatches < 0 ? -1 : Math.Max(0, AllowedFailedMiniBatches - failedMiniBatches));

    /// <summary>
    /// Whether failures counted since <see cref="Remaining"/> was taken (a shard's own) exceed what was left then; -1
    /// in <paramref name="itemsLeft"/> or <paramref name="miniBatchesLeft"/> is no limit.
    /// </summary>
    public static bool ExceedsRemaining(long itemsLeft, long miniBatchesLeft, long failedItems, long failedMiniBatches) =>
        (itemsLeft >= 0 && failedItems > itemsLeft) || (miniBatchesLeft >= 0 && failedMiniBatches > miniBatchesLeft);

    private static string List(IReadOnlyList<int> indexes, long count) =>
        string.Join(", ", indexes.Take(IndexesNamed)) + (count > Math.Min(IndexesNamed, indexes.Count) ? ", ..." : "");
}
