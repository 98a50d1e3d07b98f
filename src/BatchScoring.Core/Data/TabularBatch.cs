namespace BatchScoring.Core.Data;

/// <summary>
/// A chunk of rows read from one tabular file: the numeric feature columns asked for (in file order), the
/// pass-through columns, each row's 0-based data row number, and a read error per row (null when fine).
/// </summary>
public sealed class TabularBatch
{
    public TabularBatch(string sourcePath, int rowCount, long[] rowNumbers, IReadOnlyList<NumericColumn> features, IReadOnlyList<DataColumn> passThrough, ItemError?[] rowErrors)
    {
        SourcePath = sourcePath;
        RowCount = rowCount;
        RowNumbers = rowNumbers;
        Features = features;
        PassThrough = passThrough;
        RowErrors = rowErrors;
    }

    public string SourcePath { get; }

    public int RowCount { get; }

    public long[] RowNumbers { get; }

    public IReadOnlyList<NumericColumn> Features { get; }

    public IReadOnlyList<DataColumn> PassThrough { get; }

    public ItemError?[] RowErrors { get; }

    /// <summary>How an error record names a row: the file and its 1-based data row.</summary>
    public string ItemName(int row) => $"{SourcePath} row {RowNumbers[row] + 1}";
}
