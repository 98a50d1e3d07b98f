using BatchScoring.Core.Data;

namespace BatchScoring.Core.Scoring;

/// <summary>
/// Results for a chunk: columns as the scorer's output schema, one value per item of the request (the values of
/// failed items are ignored), and an error per item (null when scored).
/// </summary>
public sealed record ScoreResult(IReadOnlyList<DataColumn> Columns, ItemError?[] Errors)
{
    /// <summary>Items scored on part of their content only (texts cut at the model's sequence length); the run summary adds them up.</summary>
    public int ItemsTruncated { get; init; }
}
