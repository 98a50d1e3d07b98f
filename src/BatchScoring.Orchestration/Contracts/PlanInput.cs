namespace BatchScoring.Orchestration.Contracts;

/// <summary>Plan a run's spec.</summary>
public sealed record PlanInput(string SpecJson);
