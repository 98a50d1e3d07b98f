namespace BatchScoring.Functions.Http;

/// <summary>The 202 answer to a cancel: the run's termination is requested; follow <see cref="RunLinks.Self"/> until it shows <c>terminated</c>.</summary>
public sealed record CancelAccepted(string Id, string Message, RunLinks Links);
