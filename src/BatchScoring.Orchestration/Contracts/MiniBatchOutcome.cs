namespace BatchScoring.Orchestration.Contracts;

/// <summary>
/// What a scored mini-batch reports: counts and its duration, never data; which start of which run scored it
/// (<see cref="RunRef.StartKey"/>) and on which host
/// process (machine/pid), and whether this delivery found it already staged (by an earlier run, or an earlier
/// delivery) instead of scoring it; and how many items were scored on part of their content (texts truncated to the
/// model's sequence length). <see cref="PartBytes"/> and <see cref="PartETag"/> are the staged part as written, so the
/// commit assembles it without asking the store about each part.
/// </summary>
public sealed record MiniBatchOutcome(int Index, long ItemsScored, long ItemsFailed, double Seconds, string StartKey, bool Reused, string Host = "", long ItemsTruncated = 0)
{
    public long? PartBytes { get; init; }

    public string? PartETag { get; init; }

    /// <summary>When the attempt that scored it started (UTC), for the run's timeline; null in markers of older runs.</summary>
    public DateTime? StartedUtc { get; init; }

    /// <summary>The attempt that scored it (1 for the first; more after retries).</summary>
    public int Attempt { get; init; } = 1;
}
