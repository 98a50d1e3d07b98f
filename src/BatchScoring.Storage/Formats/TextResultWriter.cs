using BatchScoring.Core.Data;

namespace BatchScoring.Storage.Formats;

/// <summary>
/// A result written as lines of text (CSV, JSON Lines): rows are formatted into a pooled buffer and written to the
/// stream about once a megabyte; rows formatted elsewhere (by the cores that scored them) are copied through as they are.
/// </summary>
internal abstract class TextResultWriter : ResultWriter
{
    private const int FlushAt = 1 << 20;
    private readonly Stream stream;

    protected TextResultWriter(Stream stream, IReadOnlyList<ColumnSchema> schema)
        : base(schema)
    {
        this.stream = stream;
    }

    /// <summary>What is formatted and not yet written.</summary>
    private protected PooledBufferWriter Buffer { get; } = new(FlushAt + (1 << 16));

    public override async ValueTask CompleteAsync(CancellationToken cancellationToken = default)
    {
        await FlushAsync(cancellationToken);
        await stream.FlushAsync(cancellationToken);
    }

    public override async ValueTask DisposeAsync()
    {
        Buffer.Dispose();
        await base.DisposeAsync();
    }

    /// <summary>Formats rows <paramref name="rows"/> of <paramref name="columns"/> into <see cref="Buffer"/>.</summary>
    private protected abstract void Format(IReadOnlyList<DataColumn> columns, ReadOnlySpan<int> rows);

    protected override async ValueTask WriteCoreAsync(IReadOnlyList<DataColumn> columns, ReadOnlyMemory<int> rows, CancellationToken cancellationToken)
    {
        Format(columns, rows.Span);
        if (Buffer.WrittenCount >= FlushAt)
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
        await stream.WriteAsync(Buffer.WrittenMemory, cancellationToken);
        Buffer.Clear();
    }
}
