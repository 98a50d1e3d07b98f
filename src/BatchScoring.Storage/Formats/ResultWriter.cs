using BatchScoring.Core.Data;
using BatchScoring.Core.Spec;

namespace BatchScoring.Storage.Formats;

/// <summary>
/// Writes result rows (typed columns as a schema says) to a stream as CSV with header, JSON Lines or Parquet.
/// Call <see cref="WriteAsync(IReadOnlyList{DataColumn}, int, CancellationToken)"/> for each chunk (or, for the text
/// formats, <see cref="WriteFormattedAsync"/> with rows formatted elsewhere), then <see cref="CompleteAsync"/> once.
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

    /// <summary>A writer of <paramref name="format"/> (its descriptor's, <see cref="TabularFormat.CreateWriterAsync"/>).</summary>
    public static Task<ResultWriter> CreateAsync(DataFormat format, Stream stream, IReadOnlyList<ColumnSchema> schema, CancellationToken cancellationToken = default) =>
        TabularFormats.Of(format).CreateWriterAsync(stream, schema, cancellationToken);

    /// <summary>Writes the first <paramref name="rowCount"/> rows of the columns, which follow <see cref="Schema"/>.</summary>
    public ValueTask WriteAsync(IReadOnlyList<DataColumn> columns, int rowCount, CancellationToken cancellationToken = default) =>
        WriteAsync(columns, Enumerable.Range(0, rowCount).ToArray(), cancellationToken);

    /// <summary>Writes the rows at <paramref name="rows"/> (indexes into the columns, in order), which follow <see cref="Schema"/>.</summary>
    public async ValueTask WriteAsync(IReadOnlyList<DataColumn> columns, ReadOnlyMemory<int> rows, CancellationToken cancellationToken = default)
    {
        if (columns.Count != Schema.Count)
        {
            throw new ArgumentException($"Expected {Schema.Count} columns ({string.Join(", ", Schema.Select(c => c.Name))}), got {columns.Count}.", nameof(columns));
        }

        var needed = rows.IsEmpty ? 0 : MaxOf(rows.Span) + 1;
        for (var i = 0; i < columns.Count; i++)
        {
            if (columns[i].Type != Schema[i].Type || columns[i].Length < needed)
            {
                throw new ArgumentException($"Column {i} is {columns[i].Name} {columns[i].Type} with {columns[i].Length} rows; the schema wants {Schema[i].Name} {Schema[i].Type} with {needed}.", nameof(columns));
            }
        }

        if (!rows.IsEmpty)
        {
            await WriteCoreAsync(columns, rows, cancellationToken);
            RowsWritten += rows.Length;
        }
    }

    /// <summary>Writes <paramref name="rowCount"/> rows formatted by <see cref="TabularFormat.FormatRows"/> (text formats only).</summary>
    public async ValueTask WriteFormattedAsync(ReadOnlyMemory<byte> rows, int rowCount, CancellationToken cancellationToken = default)
    {
        if (rowCount > 0)
        {
            await WriteFormattedCoreAsync(rows, cancellationToken);
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

    protected abstract ValueTask WriteCoreAsync(IReadOnlyList<DataColumn> columns, ReadOnlyMemory<int> rows, CancellationToken cancellationToken);

    protected virtual ValueTask WriteFormattedCoreAsync(ReadOnlyMemory<byte> rows, CancellationToken cancellationToken) =>
        throw new NotSupportedException($"{GetType().Name} writes typed columns, not formatted rows.");

    private static int MaxOf(ReadOnlySpan<int> rows)
    {
        var max = 0;
        foreach (var r in rows)
        {
            max = Math.Max(max, r);
        }

        return max;
    }
}
