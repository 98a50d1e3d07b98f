using System.Text.Json;
using BatchScoring.Core.Data;

namespace BatchScoring.Storage.Formats;

/// <summary>JSON Lines (<see cref="JsonLinesRows"/> formats the rows), written to a stream.</summary>
public sealed class JsonLinesResultWriter : ResultWriter
{
    private const int FlushAt = 1 << 20;
    private readonly Stream stream;
    private readonly JsonEncodedText[] names;
    private readonly PooledBufferWriter buffer = new(FlushAt + (1 << 16));

    public JsonLinesResultWriter(Stream stream, IReadOnlyList<ColumnSchema> schema)
        : base(schema)
    {
        this.stream = stream;
        names = JsonLinesRows.Names(schema);
    }

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
        JsonLinesRows.Format(columns, names, rows.Span, buffer);
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
