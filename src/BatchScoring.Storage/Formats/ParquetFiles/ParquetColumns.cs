using BatchScoring.Core;
using BatchScoring.Core.Data;

namespace BatchScoring.Storage.Formats.ParquetFiles;

/// <summary>
/// Reading Parquet columns: features of any numeric physical type (nullable or not) into feature blocks of the model
/// input's element type, with the same refusals as text (a null, a value out of range, a fraction for an integer
/// type, NaN unless allowed); pass-through columns keep their type (integers as Int64, floating point as Double,
/// strings, booleans). This part says which columns are which (text, numeric, a pass-through column's result type)
/// and which exceptions mean damaged bytes; feature columns are read in <c>ParquetColumns.Features.cs</c>, stored into
/// blocks in <c>ParquetColumns.Tiles.cs</c> and <c>ParquetColumns.Values.cs</c>, text and pass-through columns in
/// <c>ParquetColumns.Text.cs</c> and <c>ParquetColumns.PassThrough.cs</c>.
/// </summary>
internal static partial class ParquetColumns
{
    /// <summary>Parquet.Net reports UTF-8 columns as string or as ReadOnlyMemory&lt;char&gt;.</summary>
    public static bool IsText(Type t) => t == typeof(string) || t == typeof(ReadOnlyMemory<char>);

    /// <summary>Columns a text input reads: UTF-8 strings, or binary (checked to be UTF-8 as it is decoded).</summary>
    public static bool IsTextOrBinary(Type t) => IsText(t) || t == typeof(byte[]) || t == typeof(ReadOnlyMemory<byte>);

    public static bool IsNumeric(Type t) =>
        t == typeof(double) || t == typeof(float) || t == typeof(long) || t == typeof(int) || t == typeof(short)
        || t == typeof(sbyte) || t == typeof(byte) || t == typeof(ushort) || t == typeof(uint) || t == typeof(ulong)
        || t == typeof(decimal) || t == typeof(bool);

    /// <summary>The result column type a pass-through Parquet column keeps.</summary>
    public static ColumnType PassThroughType(Type t) =>
        IsText(t) ? ColumnType.String
        : t == typeof(bool) ? ColumnType.Boolean
        : t == typeof(float) || t == typeof(double) || t == typeof(decimal) ? ColumnType.Double
        : ColumnType.Int64;

    /// <summary>
    /// Whether an exception from Parquet.Net (or the runtime under it) means the bytes are not valid Parquet: on damaged
    /// bytes its decoders throw whatever their arithmetic runs into (a Thrift protocol error, an index out of range, an
    /// overflow, an array too large to allocate, a null reference), so every exception counts but cancellation and the
    /// messages this library wrote itself.
    /// </summary>
    public static bool IsCorruption(Exception e) => e is not (OperationCanceledException or BatchScoringException);
}
