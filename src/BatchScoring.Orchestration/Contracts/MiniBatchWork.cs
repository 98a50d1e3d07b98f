namespace BatchScoring.Orchestration.Contracts;

/// <summary>One attempt at one mini-batch of a run: references only.</summary>
public sealed record MiniBatchWork(RunRef Run, int Index, int Attempt);
