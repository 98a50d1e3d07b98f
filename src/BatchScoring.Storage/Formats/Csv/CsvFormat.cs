using System.Text;
using BatchScoring.Core;
using BatchScoring.Core.Data;
using BatchScoring.Core.Planning;
using BatchScoring.Core.Spec;
using BatchScoring.Storage.Output;

namespace BatchScoring.Storage.Formats.Csv;

/// <summary>
/// CSV with a header: read by <see cref="CsvReader"/>, planned by a quote-aware scan, written by
/// <see cref="CsvResultWriter"/> (rows formatted apart by <see cref="CsvRows"/>), assembled as one header and then
/// every part's rows (each part's own header checked and left out). Pass-through columns stay strings.
/// </summary>
internal sealed class CsvFormat : TabularFormat
{
    private readonly CsvReader reader = new();

    public override DataFormat Format => DataFormat.Csv;

    public override ITabularReader Reader => reader;

    public override bool IsText => true;

    public override Task<ResultWriter> CreateWriterAsync(Stream stream, IReadOnlyList<ColumnSchema> schema, CancellationToken cancellationToken = default) =>
        Task.FromResult<ResultWriter>(new CsvResultWriter(stream, schema));

    public override void FormatRows(IReadOnlyList<ColumnSchema> schema, IReadOnlyList<DataColumn> columns, ReadOnlySpan<int> rows, PooledBufferWriter output) =>
        CsvRows.Format(columns, rows, output);

    internal override Task<(IReadOnlyList<PlanUnit> Units, long QuotedLineBreaks)> PlanFileAsync(Stream stream, BlobInfo blob, MiniBatchTarget target, CancellationToken cancellationToken) =>
        ScanTextAsync(stream, blob, target, hasHeader: true, quoteAware: true, cancellationToken);

    /// <summary>The header once, then each part after its own header, which must be the same.</summary>
    internal override async Task<List<AssemblyPiece>> PiecesAsync(IBlobStore store, IReadOnlyList<ColumnSchema> schema, IReadOnlyList<StagedPart> parts, CancellationToken cancellationToken)
    {
        var header = Encoding.UTF8.GetBytes(CsvResultWriter.HeaderLine(schema));
        var pieces = await OutputAssembler.InspectAsync(parts, cancellationToken, async part =>
        {
            if (part.Version is { } version)
            {
                // Written by this run's writer with this schema: its header is known, and so are its size and version.
                return AssemblyPiece.Range(s => BlockIds.Part(part.Index, s), part.Path, header.Length, version.Size - header.Length, version.ETag);
            }

            var (input, etag) = await store.OpenReadVersionAsync(part.Path, cancellationToken);
            await using var _ = input;
            var head = new byte[Math.Min(header.Length, input.Length)];
            await input.ReadExactlyAsync(head, cancellationToken);
            if (!head.AsSpan().SequenceEqual(header))
            {
                throw new BatchScoringException($"Result part '{part.Path}' does not start with the expected CSV header; it was written for another schema.");
            }

            return AssemblyPiece.Range(s => BlockIds.Part(part.Index, s), part.Path, header.Length, input.Length - header.Length, etag);
        });
        return [AssemblyPiece.Bytes(BlockIds.Head, header), .. pieces.Where(p => p.Length > 0)];
    }
}
