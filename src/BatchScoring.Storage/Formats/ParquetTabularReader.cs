using System.Numerics;
using System.Runtime.CompilerServices;
using BatchScoring.Core;
using BatchScoring.Core.Data;
using BatchScoring.Core.Planning;
using Parquet;
using Parquet.Schema;

namespace BatchScoring.Storage.Formats;

/// <summary>
/// Reads a Parquet slice row group by row group, only the columns asked for. Numeric features of any numeric
/// physical type (nullable or not) become doubles; a null feature is a row error. Pass-through columns keep
/// their type (integers as Int64, floating point as Double, strings, booleans).
/// </summary>
public sealed class ParquetTabularReader : ITabularReader
{
    public async IAsyncEnumerable<TabularBatch> ReadAsync(IBlobStore store, InputSlice slice, TabularReadRequest request, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await using var stream = await store.OpenReadAsync(slice.Path, cancellationToken);
        await using var reader = await ParquetReader.CreateAsync(stream, cancellationToken: cancellationToken);
        var fields = reader.Schema.DataFields;
        var names = fields.Select(f => f.Name).ToArray();
        var featureIndexes = ColumnResolver.ResolveFeatures(names, request.FeatureColumns, request.PassThroughColumns, slice.Path);
        var passIndexes = ColumnResolver.ResolvePassThrough(names, request.PassThroughColumns, slice.Path);
        foreach (var i in featureIndexes)
        {
            if (!IsNumeric(fields[i].ClrType))
            {
                throw new BatchScoringException($"model.inputs: column '{fields[i].Name}' of '{slice.Path}' holds {(IsText(fields[i].ClrType) ? "text" : fields[i].ClrType.Name)} values, not numbers.");
            }
        }

        long groupStart = 0;
        var sliceEnd = slice.RowStart + slice.RowCount;
        for (var g = 0; g < reader.RowGroupCount && groupStart < sliceEnd; g++)
        {
            using var group = reader.OpenRowGroupReader(g);
            var groupRows = group.RowCount;
            var from = Math.Max(slice.RowStart, groupStart);
            var to = Math.Min(sliceEnd, groupStart + groupRows);
            if (from < to)
            {
                var offset = (int)(from - groupStart);
                var count = (int)(to - from);
                var errors = new ItemError?[count];
                var features = new List<NumericColumn>(featureIndexes.Length);
                foreach (var i in featureIndexes)
                {
                    var values = await ReadNumericAsync(group, fields[i], (int)groupRows, offset, count, errors, cancellationToken);
                    features.Add(new NumericColumn(fields[i].Name, values));
                }

                var pass = new List<DataColumn>(passIndexes.Length);
                foreach (var i in passIndexes)
                {
                    pass.Add(await ReadPassThroughAsync(group, fields[i], (int)groupRows, offset, count, cancellationToken));
                }

                var rowNumbers = new long[count];
                for (var r = 0; r < count; r++)
                {
                    rowNumbers[r] = from + r;
                }

                yield return new TabularBatch(slice.Path, count, rowNumbers, features, pass, errors);
            }

            groupStart += groupRows;
        }
    }

    /// <summary>Parquet.Net reports UTF-8 columns as string or as ReadOnlyMemory&lt;char&gt;.</summary>
    public static bool IsText(Type t) => t == typeof(string) || t == typeof(ReadOnlyMemory<char>);

    /// <summary>The result column type a pass-through Parquet column keeps.</summary>
    public static ColumnType PassThroughType(Type t) =>
        IsText(t) ? ColumnType.String
        : t == typeof(bool) ? ColumnType.Boolean
        : t == typeof(float) || t == typeof(double) || t == typeof(decimal) ? ColumnType.Double
        : ColumnType.Int64;

    private static bool IsNumeric(Type t) =>
        t == typeof(double) || t == typeof(float) || t == typeof(long) || t == typeof(int) || t == typeof(short)
        || t == typeof(sbyte) || t == typeof(byte) || t == typeof(ushort) || t == typeof(uint) || t == typeof(ulong)
        || t == typeof(decimal) || t == typeof(bool);

    private static Task<double[]> ReadNumericAsync(ParquetRowGroupReader group, DataField field, int rows, int offset, int count, ItemError?[] errors, CancellationToken cancellationToken)
    {
        var t = field.ClrType;
        return t == typeof(double) ? Read<double>()
            : t == typeof(float) ? Read<float>()
            : t == typeof(long) ? Read<long>()
            : t == typeof(int) ? Read<int>()
            : t == typeof(short) ? Read<short>()
            : t == typeof(sbyte) ? Read<sbyte>()
            : t == typeof(byte) ? Read<byte>()
            : t == typeof(ushort) ? Read<ushort>()
            : t == typeof(uint) ? Read<uint>()
            : t == typeof(ulong) ? Read<ulong>()
            : t == typeof(decimal) ? Read<decimal>()
            : ReadBoolean();

        Task<double[]> Read<T>()
            where T : struct, INumberBase<T> => ReadTypedAsync<T>(group, field, rows, offset, count, errors, cancellationToken);

        async Task<double[]> ReadBoolean()
        {
            var values = await ReadNullableAsync<bool>(group, field, rows, cancellationToken);
            var result = new double[count];
            for (var r = 0; r < count; r++)
            {
                if (values[offset + r] is { } b)
                {
                    result[r] = b ? 1 : 0;
                }
                else
                {
                    errors[r] ??= NullError(field);
                }
            }

            return result;
        }
    }

    private static async Task<double[]> ReadTypedAsync<T>(ParquetRowGroupReader group, DataField field, int rows, int offset, int count, ItemError?[] errors, CancellationToken cancellationToken)
        where T : struct, INumberBase<T>
    {
        var result = new double[count];
        if (field.IsNullable)
        {
            var values = await ReadNullableAsync<T>(group, field, rows, cancellationToken);
            for (var r = 0; r < count; r++)
            {
                if (values[offset + r] is { } v)
                {
                    result[r] = double.CreateTruncating(v);
                }
                else
                {
                    errors[r] ??= NullError(field);
                }
            }
        }
        else
        {
            var values = new T[rows];
            await group.ReadAsync<T>(field, values.AsMemory(), null, cancellationToken);
            for (var r = 0; r < count; r++)
            {
                result[r] = double.CreateTruncating(values[offset + r]);
            }
        }

        return result;
    }

    private static async Task<T?[]> ReadNullableAsync<T>(ParquetRowGroupReader group, DataField field, int rows, CancellationToken cancellationToken)
        where T : struct
    {
        var values = new T?[rows];
        await group.ReadAsync<T>(field, values.AsMemory(), null, cancellationToken);
        return values;
    }

    private static async Task<DataColumn> ReadPassThroughAsync(ParquetRowGroupReader group, DataField field, int rows, int offset, int count, CancellationToken cancellationToken)
    {
        var t = field.ClrType;
        if (IsText(t))
        {
            var values = new string?[rows];
            await group.ReadAsync(field, values.AsMemory(), null, cancellationToken);
            return new DataColumn(field.Name, ColumnType.String, values[offset..(offset + count)]);
        }

        if (t == typeof(bool))
        {
            var values = await ReadNullableAsync<bool>(group, field, rows, cancellationToken);
            return new DataColumn(field.Name, ColumnType.Boolean, values[offset..(offset + count)]);
        }

        if (t == typeof(long))
        {
            return await ReadInt64Async(group, field, rows, offset, count, cancellationToken);
        }

        if (t == typeof(int) || t == typeof(short) || t == typeof(sbyte) || t == typeof(byte) || t == typeof(ushort) || t == typeof(uint))
        {
            var errors = new ItemError?[count];
            var doubles = await ReadNumericAsync(group, field, rows, offset, count, errors, cancellationToken);
            var values = new long?[count];
            for (var r = 0; r < count; r++)
            {
                values[r] = errors[r] is null ? (long)doubles[r] : null;
            }

            return new DataColumn(field.Name, ColumnType.Int64, values);
        }

        if (IsNumeric(t))
        {
            var errors = new ItemError?[count];
            var doubles = await ReadNumericAsync(group, field, rows, offset, count, errors, cancellationToken);
            var values = new double?[count];
            for (var r = 0; r < count; r++)
            {
                values[r] = errors[r] is null ? doubles[r] : null;
            }

            return new DataColumn(field.Name, ColumnType.Double, values);
        }

        throw new BatchScoringException($"input.passThroughColumns: column '{field.Name}' holds {t.Name} values; pass-through columns must be strings, numbers or booleans.");
    }

    /// <summary>Int64 is read as is: through doubles it would lose precision above 2^53.</summary>
    private static async Task<DataColumn> ReadInt64Async(ParquetRowGroupReader group, DataField field, int rows, int offset, int count, CancellationToken cancellationToken)
    {
        long?[] values;
        if (field.IsNullable)
        {
            values = await ReadNullableAsync<long>(group, field, rows, cancellationToken);
        }
        else
        {
            var plain = new long[rows];
            await group.ReadAsync<long>(field, plain.AsMemory(), null, cancellationToken);
            values = plain.Select(v => (long?)v).ToArray();
        }

        return new DataColumn(field.Name, ColumnType.Int64, values[offset..(offset + count)]);
    }

    private static ItemError NullError(DataField field) => new(ErrorKind.InvalidValue, $"column '{field.Name}' is null; the model needs a number");
}
