namespace BatchScoring.Core.Data;

/// <summary>Why one item could not be read or scored.</summary>
public sealed record ItemError(ErrorKind Kind, string Message);
