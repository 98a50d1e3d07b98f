using System.Runtime.CompilerServices;
using BatchScoring.Core.Data;
using Parquet;
using Parquet.Schema;

namespace BatchScoring.Storage.Formats.ParquetFiles;

/// <summary>Reads a result Parquet file written by <see cref="ParquetResultWriter"/> back into typed columns, a row group at a time.</summary>
public static class ParquetResultReader
{
    public static async IAsyncEnumerable<(IReadOnlyList<DataColumn> Columns, int Rows)> ReadAsync(Stream stream, IReadOnlyList<ColumnSchema> schema, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await using var reader = await ParquetReader.CreateAsync(stream, cancellationToken: cancellationToken);
        var fields = reader.Schema.Fields;
        for (var g = 0; g < reader.RowGroupCount; g++)
        {
            using var group = reader.OpenRowGroupReader(g);
            var rows = (int)group.RowCount;
            var columns = new List<DataColumn>(schema.Count);
            for (var c = 0; c < schema.Count; c++)
            {
                columns.Add(await ReadColumnAsync(group, fields.First(f => f.Name == schema[c].Name), schema[c], rows, cancellationToken));
            }

            yield return (columns, rows);
        }
    }

    private static async Task<DataColumn> ReadColumnAsync(ParquetRowGroupReader group, Field field, ColumnSchema column, int rows, CancellationToken cancellationToken)
    {
        switch (column.Type)
        {
            case ColumnType.String:
                var strings = new string?[rows];
                await group.ReadAsync((DataField)field, strings.AsMemory(), null, cancellationToken);
                return new DataColumn(column.Name, column.Type, strings);
            case ColumnType.Int64:
                return new DataColumn(column.Name, column.Type, await ReadNullableAsync<long>(group, (DataField)field, rows, cancellationToken));
            case ColumnType.Double:
                return new DataColumn(column.Name, column.Type, await ReadNullableAsync<double>(group, (DataField)field, rows, cancellationToken));
            case ColumnType.Boolean:
                return new DataColumn(column.Name, column.Type, await ReadNullableAsync<bool>(group, (DataField)field, rows, cancellationToken));
            case ColumnType.Float:
                var floats = new float[rows];
                await group.ReadAsync<float>((DataField)field, floats.AsMemory(), null, cancellationToken);
                return new DataColumn(column.Name, column.Type, floats);
            default:
                var item = (DataField)((ListField)field).Item;
                var total = (int)(group.GetMetadata(item)?.MetaData?.NumValues ?? 0);
                var values = new float[total];
                var levels = new int[total];
                var defined = new int[total];
                await group.ReadRawAsync<float>(item, values.AsMemory(), defined.AsMemory(), levels.AsMemory(), cancellationToken);
                var lists = new float[rows][];
                for (int i = 0, row = -1, start = 0; i <= total; i++)
                {
                    if (i == total || levels[i] == 0)
                    {
                        if (row >= 0)
                        {
                            lists[row] = values[start..i];
                        }

                        row++;
                        start = i;
                    }
                }

                return new DataColumn(column.Name, column.Type, lists);
        }
    }

    private static async Task<T?[]> ReadNullableAsync<T>(ParquetRowGroupReader group, DataField field, int rows, CancellationToken cancellationToken)
        where T : struct
    {
        var values = new T?[rows];
        await group.ReadAsync<T>(field, values.AsMemory(), null, cancellationToken);
        return values;
    }
}
