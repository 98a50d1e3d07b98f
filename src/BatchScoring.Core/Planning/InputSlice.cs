namespace BatchScoring.Core.Planning;

/// <summary>
/// A contiguous part of one input file. File mode: the whole file (one item). Tabular mode: rows
/// <see cref="RowStart"/> .. + <see cref="RowCount"/> (0-based data rows); for CSV and JSON Lines also the
/// byte range holding them, aligned to record starts ([<see cref="ByteStart"/>, <see cref="ByteEnd"/>)).
/// </summary>
public sealed record InputSlice(string Path, long RowStart, long RowCount, long ByteStart, long ByteEnd)
{
    /// <summary>
    /// CSV: the line breaks before <see cref="ByteStart"/> (the slice's first record is on line <c>LineStart + 1</c>),
    /// so an error record can name the lines a record spans; null for other formats, where a record is a line.
    /// </summary>
    public long? LineStart { get; init; }

    public long Bytes => ByteEnd - ByteStart;
}
