namespace BatchScoring.Orchestration.Contracts;

/// <summary>One attempt at one mini-batch: references only.</summary>
public sealed record MiniBatchWork(string RunId, string SpecJson, string PlanPath, string StagingPrefix, int Index, int Attempt);
