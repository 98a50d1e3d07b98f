using System.Text;
using BatchScoring.Core.Data;

namespace BatchScoring.Storage.Formats;

/// <summary>CSV with a header line (<see cref="CsvRows"/> formats the rows), written to a stream.</summary>
public sealed class CsvResultWriter : ResultWriter
{
    private const int FlushAt = 1 << 20;
    private readonly Stream stream;
    private readonly PooledBufferWriter buffer = new(FlushAt + (1 << 16));

    public CsvResultWriter(Stream stream, IReadOnlyList<ColumnSchema> schema)
        : base(schema)
    {
        this.stream = stream;
        buffer.Write(Encoding.UTF8.GetBytes(CsvRows.HeaderLine(schema)));
    }

    /// <summary>The header line, with its newline, as written at the top of every CSV result.</summary>
    public static string HeaderLine(IReadOnlyList<ColumnSchema> schema) => CsvRows.HeaderLine(schema);

    public override async ValueTask CompleteAsync(CancellationToken cancellationToken = default)
    {
        await FlushAsync(cancellationToken);
        await stream.FlushAsync(cancellationToken);
    }

    public override async ValueTask DisposeAsync()
    {
        buffer.Dispose();
        await base.DisposeAsync();
    }

    protected override async ValueTask WriteCoreAsync(IReadOnlyList<DataColumn> columns, ReadOnlyMemory<int> rows, CancellationToken cancellationToken)
    {
        CsvRows.Format(columns, rows.Span, buffer);
        if (buffer.WrittenCount >= FlushAt)
        {
            await FlushAsync(cancellationToken);
        }
    }

    protected override async ValueTask WriteFormattedCoreAsync(ReadOnlyMemory<byte> rows, CancellationToken cancellationToken)
    {
        await FlushAsync(cancellationToken);
        await stream.WriteAsync(rows, cancellationToken);
    }

    private async ValueTask FlushAsync(CancellationToken cancellationToken)
    {
        await stream.WriteAsync(buffer.WrittenMemory, cancellationToken);
        buffer.Clear();
    }
}
