using BatchScoring.Core;
using BatchScoring.Core.Data;
using Parquet;
using Parquet.Schema;

namespace BatchScoring.Storage.Formats.ParquetFiles;

/// <summary>
/// Pass-through columns of a row group, read into result columns of the type they keep: strings, booleans, integers
/// as Int64 and floating point as Double, a value that does not fit being null.
/// </summary>
internal static partial class ParquetColumns
{
    internal static async Task<DataColumn> ReadPassThroughAsync(ParquetRowGroupReader group, DataField field, int rows, int offset, int count, CancellationToken cancellationToken)
    {
        var t = field.ClrType;
        if (IsText(t))
        {
            var values = new string?[rows];
            await group.ReadAsync(field, values.AsMemory(), null, cancellationToken);
            return new DataColumn(field.Name, ColumnType.String, values[offset..(offset + count)]);
        }

        if (!IsNumeric(t))
        {
            throw new BatchScoringException($"input.passThroughColumns: column '{field.Name}' holds {t.Name} values; pass-through columns must be strings, numbers or booleans.");
        }

        var type = PassThroughType(t);
        var block = new FeatureBlock(type == ColumnType.Int64 ? FeatureElementType.Int64 : FeatureElementType.Double, [field.Name], count);
        try
        {
            var errors = new ItemError?[count];
            if (t == typeof(bool))
            {
                var flags = new bool?[rows];
                await group.ReadAsync<bool>(field, flags.AsMemory(), null, cancellationToken);
                return new DataColumn(field.Name, ColumnType.Boolean, flags[offset..(offset + count)]);
            }

            var target = new FeatureLayout.FeatureTarget(0, 0, block.Type, field.Name);
            using (var column = await ReadFeatureAsync(group, field, rows, [target], cancellationToken))
            {
                column.Store(offset, 0, count, [block], errors, allowNonFinite: true);
            }

            if (type == ColumnType.Int64)
            {
                var longs = block.Rows<long>(0, count);
                var values = new long?[count];
                for (var r = 0; r < count; r++)
                {
                    values[r] = errors[r] is null ? longs[r] : null;
                }

                return new DataColumn(field.Name, type, values);
            }
            else
            {
                var doubles = block.Rows<double>(0, count);
                var values = new double?[count];
                for (var r = 0; r < count; r++)
                {
                    values[r] = errors[r] is null ? doubles[r] : null;
                }

                return new DataColumn(field.Name, type, values);
            }
        }
        finally
        {
            block.Dispose();
        }
    }
}
