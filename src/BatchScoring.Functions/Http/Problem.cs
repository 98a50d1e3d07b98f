namespace BatchScoring.Functions.Http;

/// <summary>
/// An RFC 7807 problem document (<c>application/problem+json</c>). <see cref="Errors"/> lists every invalid field
/// with its JSON path (<c>$.input.location</c>) or, for a query string, the parameter's name.
/// </summary>
public sealed record Problem(
    string Type,
    string Title,
    int Status,
    string? Detail = null,
    string? Instance = null,
    IReadOnlyList<ProblemField>? Errors = null,
    string? Source = null,
    string? RuntimeStatus = null);
