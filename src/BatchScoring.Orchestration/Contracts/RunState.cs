namespace BatchScoring.Orchestration.Contracts;

/// <summary>
/// What <c>ScoringRun</c> carries from one <c>ContinueAsNew</c> generation to the next: the plan's result, the next
/// mini-batch to schedule, the counts and the first failed indexes (at most 20, for messages). Its size does not
/// depend on the size of the run.
/// </summary>
public sealed record RunState(
    PlanResult Plan,
    string Start,
    DateTime StartedUtc,
    int NextMiniBatch,
    int Done,
    int Failed,
    long ItemsScored,
    long ItemsFailed,
    IReadOnlyList<int> FailedIndexes);
