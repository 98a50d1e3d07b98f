using BatchScoring.Core.Runs;

namespace BatchScoring.Orchestration.Contracts;

/// <summary>
/// The lock a run holds on its output (<see cref="RunLayout.LockPath"/>): which run (its instance id and name, engine,
/// host and process), since when, its staging folder once planned, and how long it may go without staging anything
/// while alive (<see cref="QuietSeconds"/>: a mini-batch's tries, time-outs and back-offs, and a margin).
/// </summary>
public sealed record OutputLockRecord(
    string Run,
    string Name,
    DurableEngine Engine,
    string Machine,
    int ProcessId,
    DateTime StartedUtc,
    double QuietSeconds,
    string? Staging = null);
