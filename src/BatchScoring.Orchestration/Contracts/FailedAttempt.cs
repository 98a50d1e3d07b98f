namespace BatchScoring.Orchestration.Contracts;

/// <summary>
/// One attempt at a mini-batch that failed on its worker, as that worker recorded it before the failure went back to
/// the shard (<c>attempts/{index}.{attempt}.json</c> in staging): which start of the run (<see cref="RunRef.StartKey"/>),
/// the worker (machine/pid), when it started, how long it ran, and why it failed. The commit lists them into the
/// run's timeline. An attempt abandoned at <c>execution.miniBatchTimeout</c> is recorded only if it fails later; a
/// worker that is killed records nothing.
/// </summary>
public sealed record FailedAttempt(int Index, int Attempt, string StartKey, string Host, DateTime StartedUtc, double Seconds, string Error);
