using BatchScoring.Core.Data;
using BatchScoring.Core.Planning;
using BatchScoring.Core.Spec;
using BatchScoring.Storage.Output;

namespace BatchScoring.Storage.Formats.Jsonl;

/// <summary>
/// JSON Lines: read by <see cref="JsonLinesReader"/>, planned by a newline scan, written by
/// <see cref="JsonLinesResultWriter"/> (rows formatted apart by <see cref="JsonLinesRows"/>), assembled as the parts end
/// to end. Pass-through columns keep the types of their values at the start of the file.
/// </summary>
internal sealed class JsonLinesFormat : TabularFormat
{
    private readonly JsonLinesReader reader = new();

    public override DataFormat Format => DataFormat.Jsonl;

    public override ITabularReader Reader => reader;

    public override bool IsText => true;

    public override Task<ResultWriter> CreateWriterAsync(Stream stream, IReadOnlyList<ColumnSchema> schema, CancellationToken cancellationToken = default) =>
        Task.FromResult<ResultWriter>(new JsonLinesResultWriter(stream, schema));

    public override void FormatRows(IReadOnlyList<ColumnSchema> schema, IReadOnlyList<DataColumn> columns, ReadOnlySpan<int> rows, PooledBufferWriter output) =>
        JsonLinesRows.Format(columns, JsonLinesRows.Names(schema), rows, output);

    /// <summary>As the values at the start of the file are (<see cref="JsonLinesReader.PassThroughTypesAsync"/>).</summary>
    public override async Task<IReadOnlyList<ColumnSchema>> PassThroughSchemaAsync(IBlobStore store, string path, IReadOnlyList<string> columns, CancellationToken cancellationToken = default)
    {
        var types = await JsonLinesReader.PassThroughTypesAsync(store, path, columns, cancellationToken);
        return [.. columns.Select((c, i) => new ColumnSchema(c, types[i]))];
    }

    internal override Task<(IReadOnlyList<PlanUnit> Units, long QuotedLineBreaks)> PlanFileAsync(Stream stream, BlobInfo blob, MiniBatchTarget target, CancellationToken cancellationToken) =>
        ScanTextAsync(stream, blob, target, hasHeader: false, quoteAware: false, cancellationToken);

    internal override async Task<List<AssemblyPiece>> PiecesAsync(IBlobStore store, IReadOnlyList<ColumnSchema> schema, IReadOnlyList<StagedPart> parts, CancellationToken cancellationToken)
    {
        var pieces = await OutputAssembler.InspectAsync(parts, cancellationToken, async part =>
        {
            var info = part.Version ?? await OutputAssembler.InfoAsync(store, part.Path, cancellationToken);
            return AssemblyPiece.Range(s => BlockIds.Part(part.Index, s), part.Path, 0, info.Size, info.ETag);
        });
        return [.. pieces.Where(p => p.Length > 0)];
    }
}
