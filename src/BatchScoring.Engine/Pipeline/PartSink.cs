using BatchScoring.Core.Data;
using BatchScoring.Core.Spec;
using BatchScoring.Storage;
using BatchScoring.Storage.Formats;

namespace BatchScoring.Engine.Pipeline;

/// <summary>
/// Writes one mini-batch's chunk outcomes in order: its part (append_row) and its error records, each appearing at its
/// staging path in one step on <see cref="CompleteAsync"/>; disposing without completing leaves nothing behind.
/// </summary>
internal sealed class PartSink : IAsyncDisposable
{
    private readonly IBlobWriter errors;
    private readonly IBlobWriter? part;
    private ResultWriter? writer;
    private readonly List<ErrorRecord> samples = [];

    private PartSink(IBlobWriter errors, IBlobWriter? part, ResultWriter? writer)
    {
        this.errors = errors;
        this.part = part;
        this.writer = writer;
    }

    public long Scored { get; private set; }

    public long Failed { get; private set; }

    public long Truncated { get; private set; }

    public IReadOnlyList<ErrorRecord> Samples => samples;

    public static async Task<PartSink> OpenAsync(IBlobStore store, string errorsPath, string? partPath, InputFormat format, IReadOnlyList<ColumnSchema> schema, CancellationToken cancellationToken)
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
        foreach (var sample in outcome.Samples)
        {
            if (samples.Count < ChunkScorer.ErrorSamples)
            {
                samples.Add(sample);
            }
        }
    }

    /// <summary>Writes the part's trailer and makes the part and the error records appear.</summary>
    public async Task CompleteAsync(CancellationToken cancellationToken)
    {
        if (writer is not null)
        {
            await writer.CompleteAsync(cancellationToken);
            await writer.DisposeAsync();
            writer = null;
            await part!.CommitAsync(cancellationToken);
        }

        await errors.CommitAsync(cancellationToken);
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
