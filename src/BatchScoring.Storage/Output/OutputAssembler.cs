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
    public static Task<BlobInfo> AssembleAsync(IBlobStore store, DataFormat format, IReadOnlyList<ColumnSchema> schema, IReadOnlyList<string> parts, string outputPath, CancellationToken cancellationToken = default) =>
        AssembleAsync(store, format, schema, parts.Select((path, i) => new StagedPart(i, path)).ToList(), outputPath, cancellationToken);

    /// <summary>Assembles <paramref name="parts"/> in the order given; a part's block ids come from its mini-batch index.</summary>
    public static Task<BlobInfo> AssembleAsync(IBlobStore store, DataFormat format, IReadOnlyList<ColumnSchema> schema, IReadOnlyList<StagedPart> parts, string outputPath, CancellationToken cancellationToken = default) =>
        AssembleAsync(store, format, schema, parts, outputPath, blockLimits: null, cancellationToken);

    /// <summary>With <paramref name="blockLimits"/>, assembles with blocks on any block-staging store, under those limits (tests).</summary>
    internal static async Task<BlobInfo> AssembleAsync(IBlobStore store, DataFormat format, IReadOnlyList<ColumnSchema> schema, IReadOnlyList<StagedPart> parts, string outputPath, BlockLimits? blockLimits, CancellationToken cancellationToken = default)
    {
        var pieces = await TabularFormats.Of(format).PiecesAsync(store, schema, parts, cancellationToken);

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

    internal static async Task<BlobInfo> InfoAsync(IBlobStore store, string path, CancellationToken cancellationToken) =>
        await store.GetInfoAsync(path, cancellationToken) ?? throw new FileNotFoundException($"Result part '{path}' does not exist in {store.Description}.", path);

    /// <summary>Inspects the parts (headers, sizes, footers) a few at a time; the results keep the parts' order.</summary>
    internal static async Task<T[]> InspectAsync<T>(IReadOnlyList<StagedPart> parts, CancellationToken cancellationToken, Func<StagedPart, Task<T>> inspect)
    {
        var results = new T[parts.Count];
        var options = new ParallelOptions { MaxDegreeOfParallelism = BlockAssembler.Concurrency, CancellationToken = cancellationToken };
        await Parallel.ForEachAsync(Enumerable.Range(0, parts.Count), options, async (i, _) => results[i] = await inspect(parts[i]));
        return results;
    }
}
