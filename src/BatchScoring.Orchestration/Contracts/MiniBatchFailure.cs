namespace BatchScoring.Orchestration.Contracts;

/// <summary>A mini-batch of a run that failed after all its tries, and why.</summary>
public sealed record MiniBatchFailure(RunRef Run, int Index, int Attempts, string Reason);
