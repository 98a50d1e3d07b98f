using System.Text;
using BatchScoring.Core;
using BatchScoring.Core.Data;
using BatchScoring.Core.Spec;
using BatchScoring.Storage.Formats;

namespace BatchScoring.Storage.Output;

/// <summary>
/// Assembles result parts, in the order given, into one output file that becomes visible in one step, without
/// decoding them. CSV: one header, then every part's rows (each part's own header is checked and left out); JSON
/// Lines: the parts end to end; Parquet: <c>PAR1</c>, every part's row groups as they are, and one footer listing
/// them all with shifted offsets (<see cref="ParquetFooterMerger"/>).
/// <para>
/// The output is described as pieces (bytes, or a range of a part). On a store that copies inside itself
/// (<see cref="IBlockStagingStore.CopiesServerSide"/>: Azure), each piece becomes a block staged from its part by the
/// service and one block-list commit makes the file (<see cref="BlockAssembler"/>): only the parts' headers and
/// footers are read here. Elsewhere the pieces are streamed into a writer (local files: a temporary file renamed
/// into place). Both produce the same bytes.
/// </para>
/// </summary>
public static class OutputAssembler
{
    /// <summary>Assembles <paramref name="parts"/>; a part's block ids come from its position in the list.</summary>
    public static Task<BlobInfo> AssembleAsync(IBlobStore store, InputFormat format, IReadOnlyList<ColumnSchema> schema, IReadOnlyList<string> parts, string outputPath, CancellationToken cancellationToken = default) =>
        AssembleAsync(store, format, schema, parts.Select((path, i) => new StagedPart(i, path)).ToList(), outputPath, cancellationToken);

    /// <summary>Assembles <paramref name="parts"/> in the order given; a part's block ids come from its mini-batch index.</summary>
    public static Task<BlobInfo> AssembleAsync(IBlobStore store, InputFormat format, IReadOnlyList<ColumnSchema> schema, IReadOnlyList<StagedPart> parts, string outputPath, CancellationToken cancellationToken = default) =>
        AssembleAsync(store, format, schema, parts, outputPath, blockLimits: null, cancellationToken);

    /// <summary>With <paramref name="blockLimits"/>, assembles with blocks on any block-staging store, under those limits (tests).</summary>
    internal static async Task<BlobInfo> AssembleAsync(IBlobStore store, InputFormat format, IReadOnlyList<ColumnSchema> schema, IReadOnlyList<StagedPart> parts, string outputPath, BlockLimits? blockLimits, CancellationToken cancellationToken = default)
    {
        var pieces = format switch
        {
            InputFormat.Csv => await CsvPiecesAsync(store, schema, parts, cancellationToken),
            InputFormat.Jsonl => await JsonLinesPiecesAsync(store, parts, cancellationToken),
            _ => await ParquetPiecesAsync(store, schema, parts, cancellationToken),
        };

        if (store is IBlockStagingStore blocks && (blocks.CopiesServerSide || blockLimits is not null))
        {
            return await BlockAssembler.AssembleAsync(blocks, pieces, outputPath, blockLimits, cancellationToken: cancellationToken);
        }

        await using var writer = await store.OpenWriteAsync(outputPath, cancellationToken: cancellationToken);
        foreach (var piece in pieces)
        {
            if (piece.Source is null)
            {
                await writer.Stream.WriteAsync(piece.Content, cancellationToken);
                continue;
            }

            await using var input = await store.OpenReadAsync(piece.Source, cancellationToken);
            input.Seek(piece.Offset, SeekOrigin.Begin);
            await StreamCopy.CopyBytesAsync(input, writer.Stream, piece.Length, cancellationToken);
        }

        return await writer.CommitAsync(cancellationToken);
    }

    /// <summary>Concatenates JSON Lines files (error records) into one, in order; returns it with its number of lines.</summary>
    public static async Task<(BlobInfo Blob, long Lines)> ConcatenateAsync(IBlobStore store, IReadOnlyList<string> parts, string outputPath, CancellationToken cancellationToken = default)
    {
        await using var writer = await store.OpenWriteAsync(outputPath, cancellationToken: cancellationToken);
        long lines = 0;
        foreach (var part in parts)
        {
            var bytes = await store.TryReadAllBytesAsync(part, cancellationToken) ?? throw new FileNotFoundException($"Error records '{part}' do not exist in {store.Description}.", part);
            lines += bytes.AsSpan().Count((byte)'\n');
            await writer.Stream.WriteAsync(bytes, cancellationToken);
        }

        return (await writer.CommitAsync(cancellationToken), lines);
    }

    /// <summary>The header once, then each part after its own header, which must be the same.</summary>
    private static async Task<List<AssemblyPiece>> CsvPiecesAsync(IBlobStore store, IReadOnlyList<ColumnSchema> schema, IReadOnlyList<StagedPart> parts, CancellationToken cancellationToken)
    {
        var header = Encoding.UTF8.GetBytes(CsvResultWriter.HeaderLine(schema));
        var pieces = await InspectAsync(parts, cancellationToken, async part =>
        {
            if (part.Version is { } version)
            {
                // Written by this run's writer with this schema: its header is known, and so are its size and version.
                return AssemblyPiece.Range(s => BlockIds.Part(part.Index, s), part.Path, header.Length, version.Size - header.Length, version.ETag);
            }

            var (input, etag) = await OpenAsync(store, part.Path, cancellationToken);
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

    private static async Task<List<AssemblyPiece>> JsonLinesPiecesAsync(IBlobStore store, IReadOnlyList<StagedPart> parts, CancellationToken cancellationToken)
    {
        var pieces = await InspectAsync(parts, cancellationToken, async part =>
        {
            var info = part.Version ?? await InfoAsync(store, part.Path, cancellationToken);
            return AssemblyPiece.Range(s => BlockIds.Part(part.Index, s), part.Path, 0, info.Size, info.ETag);
        });
        return [.. pieces.Where(p => p.Length > 0)];
    }

    /// <summary><c>PAR1</c>, each part's row groups as they are, one merged footer.</summary>
    private static async Task<List<AssemblyPiece>> ParquetPiecesAsync(IBlobStore store, IReadOnlyList<ColumnSchema> schema, IReadOnlyList<StagedPart> parts, CancellationToken cancellationToken)
    {
        if (parts.Count == 0)
        {
            // No part to take a footer from: an empty file written as any other result.
            using var empty = new MemoryStream();
            await using (var writer = await ResultWriter.CreateAsync(InputFormat.Parquet, empty, schema, cancellationToken))
            {
                await writer.CompleteAsync(cancellationToken);
            }

            return [AssemblyPiece.Bytes(BlockIds.Head, empty.ToArray())];
        }

        var footers = await InspectAsync(parts, cancellationToken, async part =>
        {
            // A part of known version is read as that version (its footer's one ranged read); else opened as it is.
            var (input, etag) = part.Version is { } version ? (await store.OpenReadAsync(version, cancellationToken), version.ETag) : await OpenAsync(store, part.Path, cancellationToken);
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

    private static async Task<BlobInfo> InfoAsync(IBlobStore store, string path, CancellationToken cancellationToken) =>
        await store.GetInfoAsync(path, cancellationToken) ?? throw new FileNotFoundException($"Result part '{path}' does not exist in {store.Description}.", path);

    /// <summary>A part's stream and the ETag of the version it reads (one request on Azure, where the stream knows it).</summary>
    private static Task<(Stream Stream, string ETag)> OpenAsync(IBlobStore store, string path, CancellationToken cancellationToken) =>
        store.OpenReadVersionAsync(path, cancellationToken);

    /// <summary>Inspects the parts (headers, sizes, footers) a few at a time; the results keep the parts' order.</summary>
    private static async Task<T[]> InspectAsync<T>(IReadOnlyList<StagedPart> parts, CancellationToken cancellationToken, Func<StagedPart, Task<T>> inspect)
    {
        var results = new T[parts.Count];
        var options = new ParallelOptions { MaxDegreeOfParallelism = BlockAssembler.Concurrency, CancellationToken = cancellationToken };
        await Parallel.ForEachAsync(Enumerable.Range(0, parts.Count), options, async (i, _) => results[i] = await inspect(parts[i]));
        return results;
    }
}
