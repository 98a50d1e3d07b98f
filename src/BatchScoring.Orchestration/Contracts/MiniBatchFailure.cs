namespace BatchScoring.Orchestration.Contracts;

/// <summary>A mini-batch that failed after all its tries in run <see cref="RunId"/> (the ScoringRun instance), and why.</summary>
public sealed record MiniBatchFailure(string RunId, string SpecJson, string PlanPath, string StagingPrefix, int Index, int Attempts, string Reason);
