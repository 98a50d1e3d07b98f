using BatchScoring.Core.Data;
using BatchScoring.Core.Spec;
using BatchScoring.Storage;
using BatchScoring.Storage.Formats;

namespace BatchScoring.Engine.Pipeline;

/// <summary>
/// Writes one mini-batch's chunk outcomes in order: its part (append_row) and its error records, each appearing at its
/// staging path in one step on <see cref="CompleteAsync"/>; disposing without completing leaves nothing behind. A
/// mini-batch without item errors writes no error records file (the commit takes one only for a mini-batch whose
/// outcome counts failed items): one request less per mini-batch on Azure.
/// </summary>
internal sealed class PartSink : IAsyncDisposable
{
    private readonly IBlobWriter errors;
    private readonly IBlobWriter? part;
    private ResultWriter? writer;
    private long errorBytes;

    private PartSink(IBlobWriter errors, IBlobWriter? part, ResultWriter? writer)
    {
        this.errors = errors;
        this.part = part;
        this.writer = writer;
    }

    public long Scored { get; private set; }

    public long Failed { get; private set; }

    public long Truncated { get; private set; }

    public static async Task<PartSink> OpenAsync(IBlobStore store, string errorsPath, string? partPath, DataFormat format, IReadOnlyList<ColumnSchema> schema, CancellationToken cancellationToken)
    {
        var errors = await store.OpenWriteAsync(errorsPath, cancellationToken: cancellationToken);
        IBlobWriter? part = null;
        try
        {
            part = partPath is null ? null : await store.OpenWriteAsync(partPath, cancellationToken: cancellationToken);
            var writer = part is null ? null : await ResultWriter.CreateAsync(format, part.Stream, schema, cancellationToken);
            return new PartSink(errors, part, writer);
        }
        catch
        {
            await errors.DisposeAsync();
            if (part is not null)
            {
                await part.DisposeAsync();
            }

            throw;
        }
    }

    public async ValueTask WriteAsync(ChunkOutcome outcome, CancellationToken cancellationToken)
    {
        if (outcome.ErrorLines is { } lines)
        {
            await errors.Stream.WriteAsync(lines.WrittenMemory, cancellationToken);
            errorBytes += lines.WrittenMemory.Length;
        }

        if (writer is not null && outcome.Scored > 0)
        {
            if (outcome.FormattedRows is { } formatted)
            {
                await writer.WriteFormattedAsync(formatted.WrittenMemory, outcome.Scored, cancellationToken);
            }
            else
            {
                await writer.WriteAsync(outcome.Columns!, outcome.RowIndexes, cancellationToken);
            }
        }

        Scored += outcome.Scored;
        Failed += outcome.Failed;
        Truncated += outcome.Truncated;
    }

    /// <summary>The part as committed (size and ETag), once <see cref="CompleteAsync"/> ran; null without a part.</summary>
    public BlobInfo? Part { get; private set; }

    /// <summary>Writes the part's trailer and makes the part and the error records (when there are any) appear.</summary>
    public async Task CompleteAsync(CancellationToken cancellationToken)
    {
        if (writer is not null)
        {
            await writer.CompleteAsync(cancellationToken);
            await writer.DisposeAsync();
            writer = null;
            Part = await part!.CommitAsync(cancellationToken);
        }

        if (errorBytes > 0)
        {
            await errors.CommitAsync(cancellationToken);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (writer is not null)
        {
            await writer.DisposeAsync();
        }

        if (part is not null)
        {
            await part.DisposeAsync();
        }

        await errors.DisposeAsync();
    }
}
