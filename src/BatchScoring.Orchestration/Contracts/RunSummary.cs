using BatchScoring.Core.Runs;
using BatchScoring.Core.Spec;

namespace BatchScoring.Orchestration.Contracts;

/// <summary>The run summary written beside the output (<c>results.summary.json</c>).</summary>
public sealed record RunSummary(
    RunStatus Status,
    string? Reason,
    string Run,
    string Fingerprint,
    DurableEngine Engine,
    DateTime StartedUtc,
    DateTime FinishedUtc,
    double WallSeconds,
    RunSummary.MiniBatchCounts MiniBatches,
    RunSummary.ItemCounts Items,
    DurationStats MiniBatchSeconds,
    double ItemsPerSecond,
    string ModelHash,
    string? Output,
    string Errors,
    long ErrorRecords,
    RunSummary.BudgetState FailureBudget,
    RunSpec Spec)
{
    public sealed record MiniBatchCounts(int Total, int Succeeded, int Failed, int Reused);

    /// <summary>Items in the plan, scored, failed, and scored on part of their content (texts truncated to <c>model.text.maxSequenceLength</c>).</summary>
    public sealed record ItemCounts(long Total, long Scored, long Failed, long Truncated = 0);

    public sealed record BudgetState(long ErrorThreshold, long AllowedFailedCount, double AllowedFailedPercent, long AllowedFailedMiniBatches, long FailedItems, long FailedMiniBatches);
}
