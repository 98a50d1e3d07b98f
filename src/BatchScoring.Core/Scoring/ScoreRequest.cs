using BatchScoring.Core.Data;

namespace BatchScoring.Core.Scoring;

/// <summary>A chunk of one mini-batch: rows of one tabular file, or files.</summary>
public sealed record ScoreRequest(int MiniBatchIndex, TabularBatch? Table, IReadOnlyList<FileItem>? Files)
{
    public int ItemCount => Table?.RowCount ?? Files?.Count ?? 0;

    public static ScoreRequest ForTable(int miniBatchIndex, TabularBatch table) => new(miniBatchIndex, table, null);

    public static ScoreRequest ForFiles(int miniBatchIndex, IReadOnlyList<FileItem> files) => new(miniBatchIndex, null, files);
}
