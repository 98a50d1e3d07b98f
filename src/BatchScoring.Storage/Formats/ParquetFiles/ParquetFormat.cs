using BatchScoring.Core;
using BatchScoring.Core.Data;
using BatchScoring.Core.Planning;
using BatchScoring.Core.Spec;
using BatchScoring.Storage.Output;
using Parquet;

namespace BatchScoring.Storage.Formats.ParquetFiles;

/// <summary>
/// Parquet: read by <see cref="ParquetTabularReader"/>, planned from the footer alone (one unit per row group, split by
/// rows when larger than a mini-batch), written by <see cref="ParquetResultWriter"/>, assembled as <c>PAR1</c>, every
/// part's row groups as they are and one merged footer (<see cref="ParquetFooterMerger"/>). Pass-through columns keep
/// the footer's types (integers as Int64, floating point as Double, booleans, strings).
/// </summary>
internal sealed class ParquetFormat : TabularFormat
{
    private readonly ParquetTabularReader reader = new();

    public override DataFormat Format => DataFormat.Parquet;

    public override ITabularReader Reader => reader;

    public override async Task<ResultWriter> CreateWriterAsync(Stream stream, IReadOnlyList<ColumnSchema> schema, CancellationToken cancellationToken = default) =>
        await ParquetResultWriter.CreateAsync(stream, schema, cancellationToken);

    public override async Task<IReadOnlyList<ColumnSchema>> PassThroughSchemaAsync(IBlobStore store, string path, IReadOnlyList<string> columns, CancellationToken cancellationToken = default)
    {
        await using var stream = await store.OpenReadAsync(path, cancellationToken);
        ParquetReader reader;
        try
        {
            reader = await ParquetReader.CreateAsync(stream, cancellationToken: cancellationToken);
        }
        catch (Exception e) when (ParquetColumns.IsCorruption(e))
        {
            throw new BatchScoringException($"'{path}' is not a readable Parquet file: {e.Message}", e);
        }

        await using (reader)
        {
            Parquet.Schema.DataField[] fields;
            try
            {
                fields = reader.Schema.DataFields;
            }
            catch (Exception e) when (ParquetColumns.IsCorruption(e))
            {
                throw new BatchScoringException($"'{path}' is not a readable Parquet file: {e.Message}", e);
            }

            return columns.Select(name =>
            {
                var field = fields.FirstOrDefault(f => f.Name == name)
                    ?? throw new BatchScoringException($"input.passThroughColumns: column '{name}' is not in '{path}'.");
                return new ColumnSchema(name, ParquetColumns.PassThroughType(field.ClrType));
            }).ToList();
        }
    }

    internal override async Task<(IReadOnlyList<PlanUnit> Units, long QuotedLineBreaks)> PlanFileAsync(Stream stream, BlobInfo blob, MiniBatchTarget target, CancellationToken cancellationToken) =>
        (await PlanRowGroupsAsync(stream, blob.Path, cancellationToken), 0);

    /// <summary><c>PAR1</c>, each part's row groups as they are, one merged footer.</summary>
    internal override async Task<List<AssemblyPiece>> PiecesAsync(IBlobStore store, IReadOnlyList<ColumnSchema> schema, IReadOnlyList<StagedPart> parts, CancellationToken cancellationToken)
    {
        if (parts.Count == 0)
        {
            // No part to take a footer from: an empty file written as any other result.
            using var empty = new MemoryStream();
            await using (var writer = await CreateWriterAsync(empty, schema, cancellationToken))
            {
                await writer.CompleteAsync(cancellationToken);
            }

            return [AssemblyPiece.Bytes(BlockIds.Head, empty.ToArray())];
        }

        var footers = await OutputAssembler.InspectAsync(parts, cancellationToken, async part =>
        {
            // A part of known version is read as that version (its footer's one ranged read); else opened as it is.
            var (input, etag) = part.Version is { } version ? (await store.OpenReadAsync(version, cancellationToken), version.ETag) : await store.OpenReadVersionAsync(part.Path, cancellationToken);
            await using var _ = input;
            return await ParquetFooter.ReadAsync(input, part.Path, etag, cancellationToken);
        });
        var pieces = new List<AssemblyPiece> { AssemblyPiece.Bytes(BlockIds.Head, ParquetFooter.Magic.ToArray()) };
        for (var i = 0; i < parts.Count; i++)
        {
            if (footers[i].DataLength > 0)
            {
                var index = parts[i].Index;
                pieces.Add(AssemblyPiece.Range(s => BlockIds.Part(index, s), parts[i].Path, ParquetFooter.MagicLength, footers[i].DataLength, footers[i].ETag));
            }
        }

        pieces.Add(AssemblyPiece.Bytes(BlockIds.Tail, ParquetFooterMerger.Merge(footers)));
        return pieces;
    }

    private static async Task<IReadOnlyList<PlanUnit>> PlanRowGroupsAsync(Stream stream, string path, CancellationToken cancellationToken)
    {
        ParquetReader reader;
        try
        {
            reader = await ParquetReader.CreateAsync(stream, leaveStreamOpen: true, cancellationToken: cancellationToken);
        }
        catch (Exception e) when (ParquetColumns.IsCorruption(e))
        {
            throw new BatchScoringException($"'{path}' is not a readable Parquet file: {e.Message}", e);
        }

        await using (reader)
        {
            var units = new List<PlanUnit>();
            long row = 0;
            var groups = reader.Metadata?.RowGroups ?? throw new BatchScoringException($"'{path}' is not a readable Parquet file: its footer lists no row groups.");
            for (var g = 0; g < groups.Count; g++)
            {
                var group = groups[g];
                var start = group.FileOffset ?? group.Columns?.FirstOrDefault()?.MetaData?.DataPageOffset ?? 0;
                var bytes = group.TotalCompressedSize ?? group.TotalByteSize;
                if (group.NumRows < 0 || start < 0 || bytes < 0)
                {
                    throw new BatchScoringException($"'{path}' row group {g} cannot be read: its footer gives {group.NumRows} rows at byte {start}, {bytes} bytes; the file is damaged.");
                }

                units.Add(new PlanUnit(new InputSlice(path, row, group.NumRows, start, start + bytes), SplittableByRows: true));
                row += group.NumRows;
            }

            return units;
        }
    }
}
