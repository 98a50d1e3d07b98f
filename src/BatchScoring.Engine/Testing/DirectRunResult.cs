namespace BatchScoring.Engine.Testing;

/// <summary>The outcome of a <see cref="DirectRun"/>.</summary>
public sealed record DirectRunResult(int MiniBatches, IReadOnlyList<MiniBatchResult> Results, CommitResult Commit)
{
    public long ItemsScored => Results.Sum(r => r.ItemsScored);

    public long ItemsFailed => Results.Sum(r => r.ItemsFailed);
}
