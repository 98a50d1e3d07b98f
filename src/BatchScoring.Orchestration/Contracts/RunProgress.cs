namespace BatchScoring.Orchestration.Contracts;

/// <summary>
/// A run's progress, a few hundred bytes. The run's own custom status counts the mini-batches of the shards it has
/// collected and names the shards it is waiting for (<see cref="Shards"/>); each of those publishes its own
/// (<see cref="ShardProgress"/>), and <see cref="Progress.RunProgressView"/> adds them up, so progress moves with
/// every mini-batch, never backwards, and <see cref="InFlight"/> counts the mini-batches really being scored. The
/// counts and the names change together, so a shard that finished before the run collected it is counted once. Once
/// a run failed, <see cref="EarlierOutput"/> names the file at its output path that an earlier run left (a failed run
/// writes no output; the file there is not its own), and <see cref="Summary"/> its summary, when it could be written
/// (absent when it could not: a full disk, a store that refused it).
/// </summary>
public sealed record RunProgress(
    RunPhase Phase,
    int Total,
    int Done,
    int Failed,
    int InFlight,
    long ItemsScored,
    long ItemsFailed,
    double ItemsPerSecond,
    double? EtaSeconds,
    DateTime? StartedUtc = null,
    string? EarlierOutput = null,
    IReadOnlyList<string>? Shards = null,
    string? Summary = null)
{
    /// <summary>A run in <paramref name="phase"/> with nothing counted yet.</summary>
    public static RunProgress Empty(RunPhase phase, DateTime? startedUtc = null) => new(phase, 0, 0, 0, 0, 0, 0, 0, null, startedUtc);

    /// <summary>
    /// These counts with the rate (items scored a second since <see cref="StartedUtc"/>) and the ETA (the time the
    /// finished mini-batches took, for those left) as of <paramref name="nowUtc"/>; unchanged without a start time.
    /// </summary>
    public RunProgress WithRate(DateTime nowUtc)
    {
        if (StartedUtc is not { } started)
        {
            return this;
        }

        var elapsed = (nowUtc - started).TotalSeconds;
        var finished = Done + Failed;
        var rate = elapsed > 0 ? ItemsScored / elapsed : 0;
        double? eta = finished > 0 && elapsed > 0 ? elapsed / finished * (Total - finished) : null;
        return this with { ItemsPerSecond = Math.Round(rate, 1), EtaSeconds = eta is null ? null : Math.Round(eta.Value, 1) };
    }
}
