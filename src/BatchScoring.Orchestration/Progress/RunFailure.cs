namespace BatchScoring.Orchestration.Progress;

/// <summary>
/// Why a run failed: the cause's message (the failure budget's reason, or the error of the step that failed) without
/// Durable's "Task ... failed with an unhandled exception" wrappers; the cause's exception type where the task hub
/// recorded it; and <see cref="Task"/>, the activity or sub-orchestration that failed (absent when the orchestration
/// itself stopped the run).
/// </summary>
public sealed record RunFailure(string Message, string? ErrorType, string? Task = null);
