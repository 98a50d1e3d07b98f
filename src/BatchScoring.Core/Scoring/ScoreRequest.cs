using BatchScoring.Core.Data;

namespace BatchScoring.Core.Scoring;

/// <summary>A chunk of one mini-batch: rows of one tabular file, or files.</summary>
public sealed record ScoreRequest(int MiniBatchIndex, TabularBatch? Table, IReadOnlyList<FileItem>? Files)
{
    public int ItemCount => Table?.RowCount ?? Files?.Count ?? 0;

    /// <summary>The cores this chunk's work may spread over (the engine's lent slots; one core outside the engine).</summary>
    public IChunkCores Cores { get; init; } = OneCore.Instance;

    public static ScoreRequest ForTable(int miniBatchIndex, TabularBatch table) => new(miniBatchIndex, table, null);

    public static ScoreRequest ForFiles(int miniBatchIndex, IReadOnlyList<FileItem> files) => new(miniBatchIndex, null, files);
}
