using BatchScoring.Core.Data;
using BatchScoring.Core.Spec;

namespace BatchScoring.Storage.Formats;

/// <summary>
/// Writes result rows (typed columns as a schema says) to a stream as CSV with header, JSON Lines or Parquet.
/// Call <see cref="WriteAsync"/> for each chunk, then <see cref="CompleteAsync"/> once.
/// </summary>
public abstract class ResultWriter : IAsyncDisposable
{
    protected ResultWriter(IReadOnlyList<ColumnSchema> schema)
    {
        Schema = schema;
    }

    public IReadOnlyList<ColumnSchema> Schema { get; }

    /// <summary>Rows written so far.</summary>
    public long RowsWritten { get; protected set; }

    public static async Task<ResultWriter> CreateAsync(InputFormat format, Stream stream, IReadOnlyList<ColumnSchema> schema, CancellationToken cancellationToken = default) => format switch
    {
        InputFormat.Csv => new CsvResultWriter(stream, schema),
        InputFormat.Jsonl => new JsonLinesResultWriter(stream, schema),
        InputFormat.Parquet => await ParquetResultWriter.CreateAsync(stream, schema, cancellationToken),
        _ => throw new ArgumentOutOfRangeException(nameof(format), format, null),
    };

    /// <summary>Writes the first <paramref name="rowCount"/> rows of the columns, which follow <see cref="Schema"/>.</summary>
    public async ValueTask WriteAsync(IReadOnlyList<DataColumn> columns, int rowCount, CancellationToken cancellationToken = default)
    {
        if (columns.Count != Schema.Count)
        {
            throw new ArgumentException($"Expected {Schema.Count} columns ({string.Join(", ", Schema.Select(c => c.Name))}), got {columns.Count}.", nameof(columns));
        }

        for (var i = 0; i < columns.Count; i++)
        {
            if (columns[i].Type != Schema[i].Type || columns[i].Length < rowCount)
            {
                throw new ArgumentException($"Column {i} is {columns[i].Name} {columns[i].Type} with {columns[i].Length} rows; the schema wants {Schema[i].Name} {Schema[i].Type} with {rowCount}.", nameof(columns));
            }
        }

        if (rowCount > 0)
        {
            await WriteCoreAsync(columns, rowCount, cancellationToken);
            RowsWritten += rowCount;
        }
    }

    /// <summary>Writes what is buffered and the format's trailer (Parquet footer).</summary>
    public abstract ValueTask CompleteAsync(CancellationToken cancellationToken = default);

    public virtual ValueTask DisposeAsync()
    {
        GC.SuppressFinalize(this);
        return ValueTask.CompletedTask;
    }

    protected abstract ValueTask WriteCoreAsync(IReadOnlyList<DataColumn> columns, int rowCount, CancellationToken cancellationToken);
}
