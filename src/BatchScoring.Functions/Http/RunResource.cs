using BatchScoring.Orchestration.Contracts;
using BatchScoring.Orchestration.Progress;

namespace BatchScoring.Functions.Http;

/// <summary>
/// A run as <c>GET /api/runs/{id}</c> shows it: its Durable status, progress (the orchestration's custom status),
/// why it failed, its result once completed, and links to itself and to its files.
/// </summary>
public sealed record RunResource(
    string Id,
    string? Name,
    string RuntimeStatus,
    DateTimeOffset CreatedAt,
    DateTimeOffset LastUpdatedAt,
    RunProgress? Progress,
    RunFailure? Failure,
    ScoringRunResult? Result,
    RunLinks Links);

/// <summary>
/// Where to go next: the run itself, its cancel action, and its files once they exist (blob URLs on a blob account):
/// output, error records and summary after it completed; error records and summary after its failure budget stopped it.
/// </summary>
public sealed record RunLinks(string Self, string Cancel, string? Output = null, string? Errors = null, string? Summary = null, string? Report = null);

/// <summary>One run in <c>GET /api/runs</c>.</summary>
public sealed record RunListItem(string Id, string RuntimeStatus, DateTimeOffset CreatedAt, DateTimeOffset LastUpdatedAt, RunProgress? Progress, RunLinks Links);

/// <summary>A page of <c>GET /api/runs</c>: pass <see cref="ContinuationToken"/> back (or follow <see cref="Next"/>) for the next page.</summary>
public sealed record RunList(IReadOnlyList<RunListItem> Runs, string? ContinuationToken, string? Next);
