namespace BatchScoring.Storage;

/// <summary>
/// Limits of a block-staging store: committed blocks per blob (Azure: 50,000) and bytes per block (Azure: 4,000 MiB;
/// adapters may choose less so that one copy finishes well within a request's timeout).
/// </summary>
public sealed record BlockLimits(int MaxBlocks, long MaxBlockBytes)
{
    /// <summary>Azure block blobs: 50,000 committed blocks, each copied in pieces of at most 256 MiB.</summary>
    public static BlockLimits Azure { get; } = new(50_000, 256L << 20);

    /// <summary>No practical limit (the local file system).</summary>
    public static BlockLimits Unlimited { get; } = new(int.MaxValue, long.MaxValue);
}
