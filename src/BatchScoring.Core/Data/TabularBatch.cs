namespace BatchScoring.Core.Data;

/// <summary>
/// A chunk of rows read from one tabular file: one <see cref="FeatureBlock"/> per feature input the scorer asked for,
/// one string column per text input, the pass-through columns, and a read error per row (null when fine). Rows are consecutive data rows of the file,
/// the first being <see cref="FirstRow"/> (0-based). Disposing returns the blocks' buffers.
/// </summary>
public sealed class TabularBatch(string sourcePath, long firstRow, int rowCount, IReadOnlyList<FeatureBlock> features, IReadOnlyList<DataColumn> passThrough, ItemError?[] rowErrors, IReadOnlyList<DataColumn>? texts = null) : IDisposable
{
    public string SourcePath { get; } = sourcePath;

    public long FirstRow { get; } = firstRow;

    public int RowCount { get; } = rowCount;

    public IReadOnlyList<FeatureBlock> Features { get; } = features;

    public IReadOnlyList<DataColumn> PassThrough { get; } = passThrough;

    /// <summary>
    /// One string column per <see cref="TextInput"/> the scorer asked for, in order (values of rows with a read error
    /// are undefined).
    /// </summary>
    public IReadOnlyList<DataColumn> Texts { get; } = texts ?? [];

    /// <summary>A read error per row, <see cref="RowCount"/> long.</summary>
    public ItemError?[] RowErrors { get; } = rowErrors;

    /// <summary>How an error record names a row: the file and its 1-based data row.</summary>
    public string ItemName(int row) => ItemNames.Row(SourcePath, FirstRow + row);

    public void Dispose()
    {
        foreach (var block in Features)
        {
            block.Dispose();
        }
    }
}
