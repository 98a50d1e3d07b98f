namespace BatchScoring.Orchestration.Contracts;

/// <summary>A mini-batch of a run that failed after all its tries, and why.</summary>
public sealed record MiniBatchFailure(RunRef Run, int Index, int Attempts, string Reason)
{
    /// <summary>When the failure was recorded (UTC), for the run's timeline.</summary>
    public DateTime? RecordedUtc { get; init; }
}
