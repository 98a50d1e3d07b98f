using System.Globalization;
using BatchScoring.Core;

namespace BatchScoring.Storage.Output;

/// <summary>
/// Assembles pieces into one blob of a block-staging store: every piece becomes one block (or several, when it is
/// larger than <see cref="BlockLimits.MaxBlockBytes"/>) staged from its source inside the store, and one commit of
/// the block list in order makes the output appear. Staging is idempotent: block ids come from the mini-batch
/// indexes, so an interrupted commit that is run again replaces the same blocks.
/// <para>
/// Above <see cref="BlockLimits.MaxBlocks"/> blocks (Azure: 50,000), more levels: the output's bytes are cut, in
/// order, into groups of at most MaxBlocks blocks and MaxBlockBytes bytes (a piece may straddle two groups); each
/// group of several blocks is committed as an intermediate blob that becomes one block of the next level, and a
/// group of one block is passed on as it is. This repeats until one blob can hold the blocks, so an output can
/// reach MaxBlocks x MaxBlockBytes (Azure with 256 MiB copies: 12 TiB; with 4,000 MiB: the service's largest blob).
/// Intermediate blobs are hidden (their names hold <c>.~tmp-</c>), named from the output, level and group so that a
/// commit run again reuses them, and deleted after the commit.
/// </para>
/// </summary>
internal static class BlockAssembler
{
    /// <summary>Blocks staged at once.</summary>
    public const int Concurrency = 16;

    private const int MaxLevels = 9;

    public static async Task<BlobInfo> AssembleAsync(IBlockStagingStore store, IReadOnlyList<AssemblyPiece> pieces, string outputPath, BlockLimits? limits = null, BlobWriteOptions? options = null, CancellationToken cancellationToken = default)
    {
        limits ??= store.BlockLimits;
        var units = pieces;
        var total = units.Sum(u => u.Length);
        if ((total / limits.MaxBlockBytes) + (total % limits.MaxBlockBytes > 0 ? 1 : 0) > limits.MaxBlocks)
        {
            throw TooLarge(store, outputPath, total, limits);
        }

        var intermediates = new List<string>();
        try
        {
            var blocks = units.SelectMany(p => p.Split(limits.MaxBlockBytes)).ToList();
            for (var level = 1; blocks.Count > limits.MaxBlocks; level++)
            {
                var groups = Cut(units, limits);
                if (groups.Count >= blocks.Count || level > MaxLevels)
                {
                    throw TooLarge(store, outputPath, total, limits);
                }

                var next = new List<AssemblyPiece>(groups.Count);
                var staged = new List<(string Path, List<AssemblyBlock> Blocks)>();
                for (var g = 0; g < groups.Count; g++)
                {
                    if (groups[g].Count == 1)
                    {
                        next.Add(groups[g][0].AsPiece());
                        continue;
                    }

                    var path = string.Create(CultureInfo.InvariantCulture, $"{outputPath}{TempNames.Marker}assembly-{level}-{g:D8}");
                    intermediates.Add(path);
                    staged.Add((path, groups[g]));
                    var (atLevel, group) = (level, g);
                    next.Add(AssemblyPiece.Range(s => BlockIds.Group(atLevel, group, s), path, 0, groups[g].Sum(b => b.Length), null));
                }

                await StageAsync(store, staged.SelectMany(s => s.Blocks.Select(b => (s.Path, b))), cancellationToken);
                await Parallel.ForEachAsync(staged, Parallelism(cancellationToken), async (s, ct) =>
                    await store.CommitBlocksAsync(s.Path, s.Blocks.Select(b => b.Id).ToList(), cancellationToken: ct));
                units = next;
                blocks = units.SelectMany(p => p.Split(limits.MaxBlockBytes)).ToList();
            }

            await StageAsync(store, blocks.Select(b => (outputPath, b)), cancellationToken);
            return await store.CommitBlocksAsync(outputPath, blocks.Select(b => b.Id).ToList(), options, cancellationToken);
        }
        finally
        {
            foreach (var path in intermediates)
            {
                await store.DeleteAsync(path, CancellationToken.None);
            }
        }
    }

    private static BatchScoringException TooLarge(IBlockStagingStore store, string outputPath, long total, BlockLimits limits) =>
        new($"'{outputPath}' would exceed the largest blob of {store.Description}: {total} bytes, at most {limits.MaxBlocks} blocks of {limits.MaxBlockBytes} bytes.");

    /// <summary>The pieces' bytes, in order, cut into groups of at most MaxBlocks blocks and MaxBlockBytes bytes.</summary>
    private static List<List<AssemblyBlock>> Cut(IReadOnlyList<AssemblyPiece> units, BlockLimits limits)
    {
        var groups = new List<List<AssemblyBlock>>();
        var current = new List<AssemblyBlock>();
        long bytes = 0;
        foreach (var unit in units)
        {
            var segment = 0;
            for (long at = 0; at < unit.Length;)
            {
                if (current.Count == limits.MaxBlocks || bytes == limits.MaxBlockBytes)
                {
                    groups.Add(current);
                    current = [];
                    bytes = 0;
                }

                var take = Math.Min(unit.Length - at, limits.MaxBlockBytes - bytes);
                current.Add(unit.Fragment(at, take, segment++));
                bytes += take;
                at += take;
            }
        }

        if (current.Count > 0)
        {
            groups.Add(current);
        }

        return groups;
    }

    private static Task StageAsync(IBlockStagingStore store, IEnumerable<(string Path, AssemblyBlock Block)> blocks, CancellationToken cancellationToken) =>
        Parallel.ForEachAsync(blocks, Parallelism(cancellationToken), async (item, ct) =>
        {
            var (path, block) = item;
            if (block.Source is null)
            {
                await store.StageBlockAsync(path, block.Id, block.Content, ct);
            }
            else
            {
                await store.StageBlockFromAsync(path, block.Id, block.Source, block.Offset, block.Length, block.SourceETag, ct);
            }
        });

    private static ParallelOptions Parallelism(CancellationToken cancellationToken) =>
        new() { MaxDegreeOfParallelism = Concurrency, CancellationToken = cancellationToken };
}
