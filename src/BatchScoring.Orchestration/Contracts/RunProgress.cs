namespace BatchScoring.Orchestration.Contracts;

/// <summary>The custom status of a run (a few hundred bytes), updated at every fan-in.</summary>
public sealed record RunProgress(
    string Phase,
    int Total,
    int Done,
    int Failed,
    int InFlight,
    long ItemsScored,
    long ItemsFailed,
    double ItemsPerSecond,
    double? EtaSeconds);
