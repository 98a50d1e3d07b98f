using BatchScoring.Core.Data;
using Parquet;
using Parquet.Schema;

namespace BatchScoring.Storage.Formats.ParquetFiles;

/// <summary>
/// Parquet with one field per result column (strings, Int64 and Double nullable; model floats required; float
/// lists as standard LIST fields), Snappy compression, row groups of about <see cref="RowGroupRows"/> rows.
/// </summary>
internal sealed class ParquetResultWriter : ResultWriter
{
    public const int RowGroupRows = 65_536;
    private readonly ParquetWriter writer;
    private readonly Field[] fields;
    private readonly List<(IReadOnlyList<DataColumn> Columns, ReadOnlyMemory<int> Rows)> pending = [];
    private int pendingRows;

    private ParquetResultWriter(ParquetWriter writer, IReadOnlyList<ColumnSchema> schema, Field[] fields)
        : base(schema)
    {
        this.writer = writer;
        this.fields = fields;
    }

    public static ParquetSchema ToParquetSchema(IReadOnlyList<ColumnSchema> schema) => new(schema.Select(ToField));

    public static async Task<ParquetResultWriter> CreateAsync(Stream stream, IReadOnlyList<ColumnSchema> schema, CancellationToken cancellationToken = default)
    {
        var parquetSchema = ToParquetSchema(schema);
        var options = new ParquetOptions { CompressionMethod = CompressionMethod.Snappy };
        var writer = await ParquetWriter.CreateAsync(parquetSchema, stream, options, cancellationToken: cancellationToken);
        return new ParquetResultWriter(writer, schema, [.. parquetSchema.Fields]);
    }

    public override async ValueTask CompleteAsync(CancellationToken cancellationToken = default)
    {
        await FlushAsync(cancellationToken);
        await writer.DisposeAsync();
    }

    public override async ValueTask DisposeAsync()
    {
        await writer.DisposeAsync();
        await base.DisposeAsync();
    }

    protected override async ValueTask WriteCoreAsync(IReadOnlyList<DataColumn> columns, ReadOnlyMemory<int> rows, CancellationToken cancellationToken)
    {
        pending.Add((columns, rows));
        pendingRows += rows.Length;
        if (pendingRows >= RowGroupRows)
        {
            await FlushAsync(cancellationToken);
        }
    }

    private static Field ToField(ColumnSchema column) => column.Type switch
    {
        ColumnType.String => new DataField<string>(column.Name, true),
        ColumnType.Int64 => new DataField<long?>(column.Name),
        ColumnType.Double => new DataField<double?>(column.Name),
        ColumnType.Float => new DataField<float>(column.Name),
        ColumnType.Boolean => new DataField<bool?>(column.Name),
        ColumnType.FloatList => new ListField(column.Name, new DataField<float>("element")),
        _ => throw new ArgumentOutOfRangeException(nameof(column), column.Type, null),
    };

    private async Task FlushAsync(CancellationToken cancellationToken)
    {
        if (pendingRows == 0)
        {
            return;
        }

        using var group = writer.CreateRowGroup();
        for (var c = 0; c < Schema.Count; c++)
        {
            switch (Schema[c].Type)
            {
                case ColumnType.String:
                    await group.WriteAsync((DataField)fields[c], Concat<string?>(c));
                    break;
                case ColumnType.Int64:
                    await group.WriteAsync<long>((DataField)fields[c], Concat<long?>(c).AsMemory(), cancellationToken: cancellationToken);
                    break;
                case ColumnType.Double:
                    await group.WriteAsync<double>((DataField)fields[c], Concat<double?>(c).AsMemory(), cancellationToken: cancellationToken);
                    break;
                case ColumnType.Float:
                    await group.WriteAsync<float>((DataField)fields[c], Concat<float>(c).AsMemory(), cancellationToken: cancellationToken);
                    break;
                case ColumnType.Boolean:
                    await group.WriteAsync<bool>((DataField)fields[c], Concat<bool?>(c).AsMemory(), cancellationToken: cancellationToken);
                    break;
                case ColumnType.FloatList:
                    var item = (DataField)((ListField)fields[c]).Item;
                    var (values, levels) = Flatten(Concat<float[]>(c));
                    var defined = new int[values.Length];
                    Array.Fill(defined, item.MaxDefinitionLevel);
                    await group.WriteAllPartsAsync<float>(item, values.AsMemory(), defined.AsMemory(), levels.AsMemory(), cancellationToken);
                    break;
            }
        }

        pending.Clear();
        pendingRows = 0;
    }

    private T[] Concat<T>(int column)
    {
        var result = new T[pendingRows];
        var at = 0;
        foreach (var (columns, rows) in pending)
        {
            var values = (T[])columns[column].Values;
            foreach (var r in rows.Span)
            {
                result[at++] = values[r];
            }
        }

        return result;
    }

    /// <summary>List values flattened, with repetition levels: 0 starts a row's list, 1 continues it.</summary>
    private static (float[] Values, int[] Levels) Flatten(float[][] lists)
    {
        // Model outputs are never empty lists, so no definition levels are needed.
        var total = lists.Sum(l => l.Length);
        var values = new float[total];
        var levels = new int[total];
        var at = 0;
        foreach (var list in lists)
        {
            for (var i = 0; i < list.Length; i++)
            {
                values[at] = list[i];
                levels[at++] = i == 0 ? 0 : 1;
            }
        }

        return (values, levels);
    }
}
