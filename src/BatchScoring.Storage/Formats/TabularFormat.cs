using BatchScoring.Core.Data;
using BatchScoring.Core.Planning;
using BatchScoring.Core.Spec;
using BatchScoring.Storage.Output;
using BatchScoring.Storage.Planning;

namespace BatchScoring.Storage.Formats;

/// <summary>
/// One tabular format, everything it is on disk, in one place: how its files are read (<see cref="Reader"/>) and
/// planned into slices without decoding them, the types its pass-through columns keep, how results are written in it
/// (and, for the text formats, formatted apart), and how staged parts are assembled into one output. Found through
/// <see cref="TabularFormats.Of"/>; what its name says (its extensions) is <see cref="DataFormats"/>.
/// </summary>
public abstract class TabularFormat
{
    private protected TabularFormat()
    {
    }

    public abstract DataFormat Format { get; }

    /// <summary>The format's reader (stateless, shared).</summary>
    public abstract ITabularReader Reader { get; }

    /// <summary>Whether rows can be formatted apart (in parallel) and handed to the writer as bytes.</summary>
    public virtual bool IsText => false;

    /// <summary>A writer of results in this format to <paramref name="stream"/>.</summary>
    public abstract Task<ResultWriter> CreateWriterAsync(Stream stream, IReadOnlyList<ColumnSchema> schema, CancellationToken cancellationToken = default);

    /// <summary>
    /// Formats rows into <paramref name="output"/> exactly as the writer would write them (no CSV header): for workers
    /// that format their chunk in parallel. Text formats only (<see cref="IsText"/>).
    /// </summary>
    public virtual void FormatRows(IReadOnlyList<ColumnSchema> schema, IReadOnlyList<DataColumn> columns, ReadOnlySpan<int> rows, PooledBufferWriter output) =>
        throw new NotSupportedException($"{Format} rows are not formatted apart; only text formats are.");

    /// <summary>The types the pass-through <paramref name="columns"/> of file <paramref name="path"/> keep in results (strings unless the format says more).</summary>
    public virtual Task<IReadOnlyList<ColumnSchema>> PassThroughSchemaAsync(IBlobStore store, string path, IReadOnlyList<string> columns, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<ColumnSchema>>([.. columns.Select(c => new ColumnSchema(c, ColumnType.String))]);

    /// <summary>A non-empty file's planning units, and (CSV) the line breaks inside its quoted fields; column data is never decoded.</summary>
    internal abstract Task<(IReadOnlyList<PlanUnit> Units, long QuotedLineBreaks)> PlanFileAsync(Stream stream, BlobInfo blob, MiniBatchTarget target, CancellationToken cancellationToken);

    /// <summary>The pieces of one output made of <paramref name="parts"/> in order (bytes, or ranges of parts), for <see cref="OutputAssembler"/>.</summary>
    internal abstract Task<List<AssemblyPiece>> PiecesAsync(IBlobStore store, IReadOnlyList<ColumnSchema> schema, IReadOnlyList<StagedPart> parts, CancellationToken cancellationToken);

    /// <summary>A text file's slices, aligned to record starts: one vectorised pass (two, in parallel, over a large local file).</summary>
    private protected static async Task<(IReadOnlyList<PlanUnit> Units, long QuotedLineBreaks)> ScanTextAsync(Stream stream, BlobInfo blob, MiniBatchTarget target, bool hasHeader, bool quoteAware, CancellationToken cancellationToken)
    {
        var scan = stream is FileStream file && target.Unit == MiniBatchUnit.Bytes && blob.Size >= 4L * RecordScanner.BlockSize && Environment.ProcessorCount > 1
            ? await Task.Run(() => RecordScanner.ScanFile(file.SafeFileHandle, blob.Path, hasHeader, quoteAware, target, Environment.ProcessorCount, cancellationToken), cancellationToken)
            : await RecordScanner.ScanAsync(stream, blob.Path, hasHeader, quoteAware, target, cancellationToken);
        return (scan.Slices.Select(s => new PlanUnit(s, SplittableByRows: false)).ToList(), scan.QuotedLineBreaks);
    }
}
