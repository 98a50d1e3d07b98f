using Azure.Core;
using Azure.Storage.Blobs;

namespace BatchScoring.Storage.Azure;

/// <summary>Settings of <see cref="AzureBlobStore"/>: the SDK's retry policy, block and read sizes, listing pages.</summary>
public sealed class AzureBlobStoreOptions
{
    /// <summary>Retries of a failed request (transient faults: timeouts, 408, 429, 500, 502, 503, 504), with exponential back-off.</summary>
    public int MaxRetries { get; init; } = 5;

    /// <summary>The first back-off; it doubles on each retry, with jitter, up to <see cref="MaxRetryDelay"/>.</summary>
    public TimeSpan RetryDelay { get; init; } = TimeSpan.FromSeconds(0.8);

    public TimeSpan MaxRetryDelay { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How long one request may take before it is abandoned and retried.</summary>
    public TimeSpan NetworkTimeout { get; init; } = TimeSpan.FromSeconds(100);

    /// <summary>Bytes per block staged by a writer (<see cref="IBlobStore.OpenWriteAsync"/>); 50,000 of them make the largest blob one writer can write.</summary>
    public int WriteBlockBytes { get; init; } = 8 << 20;

    /// <summary>Blocks of one writer being uploaded at once.</summary>
    public int WriteConcurrency { get; init; } = 4;

    /// <summary>The first ranged read of a stream (Parquet footers, CSV headers read little more than this).</summary>
    public int MinReadBytes { get; init; } = 64 << 10;

    /// <summary>Ranged reads double while a stream is read in order, up to this.</summary>
    public int MaxReadBytes { get; init; } = 4 << 20;

    /// <summary>Blobs per listing page; a listing holds one page at a time.</summary>
    public int ListPageSize { get; init; } = 5000;

    /// <summary>Committed blocks per blob and bytes per copied block; tests lower them to exercise multi-level assembly.</summary>
    public BlockLimits BlockLimits { get; init; } = BlockLimits.Azure;

    /// <summary>Counts every request this store sends, by kind (tests, benchmarks); null counts nothing.</summary>
    public StorageRequests? Requests { get; init; }

    /// <summary>
    /// A delay added before every request: the network between a worker and Azure, stood in for when measuring against
    /// a local emulator (the scale benchmark's 10 ms). Zero in production.
    /// </summary>
    public TimeSpan InjectedLatency { get; init; }

    /// <summary>Deletes of one folder's blobs sent at once (<see cref="IBlobStore.DeleteFolderAsync"/>).</summary>
    public int DeleteConcurrency { get; init; } = 32;

    /// <summary>The service API version to send, when the server (an older Azurite) refuses the SDK's latest; null for the latest.</summary>
    public BlobClientOptions.ServiceVersion? ServiceVersion { get; init; }

    internal BlobClientOptions ToClientOptions()
    {
        Validate();
        var options = ServiceVersion is { } version ? new BlobClientOptions(version) : new BlobClientOptions();
        options.Retry.Mode = RetryMode.Exponential;
        options.Retry.MaxRetries = MaxRetries;
        options.Retry.Delay = RetryDelay;
        options.Retry.MaxDelay = MaxRetryDelay;
        options.Retry.NetworkTimeout = NetworkTimeout;
        // Always: it also counts every request in the batchscoring.storage.requests metric (nothing while unobserved).
        options.AddPolicy(new StorageRequests.Policy(Requests, InjectedLatency), HttpPipelinePosition.PerRetry);

        return options;
    }

    private void Validate()
    {
        Check(MaxRetries is >= 0 and <= 20, nameof(MaxRetries), "between 0 and 20");
        Check(RetryDelay > TimeSpan.Zero && MaxRetryDelay >= RetryDelay, nameof(RetryDelay), $"positive and at most {nameof(MaxRetryDelay)}");
        Check(NetworkTimeout > TimeSpan.Zero, nameof(NetworkTimeout), "positive");
        Check(WriteBlockBytes is > 0 and <= 2000 << 20, nameof(WriteBlockBytes), "between 1 byte and 2,000 MiB");
        Check(WriteConcurrency is > 0 and <= 64, nameof(WriteConcurrency), "between 1 and 64");
        Check(MinReadBytes > 0 && MaxReadBytes >= MinReadBytes, nameof(MinReadBytes), $"positive and at most {nameof(MaxReadBytes)}");
        Check(ListPageSize is > 0 and <= 5000, nameof(ListPageSize), "between 1 and 5,000");
        Check(InjectedLatency >= TimeSpan.Zero, nameof(InjectedLatency), "zero or positive");
        Check(DeleteConcurrency is > 0 and <= 256, nameof(DeleteConcurrency), "between 1 and 256");
        Check(BlockLimits.MaxBlocks is >= 2 and <= 50_000, $"{nameof(BlockLimits)}.{nameof(BlockLimits.MaxBlocks)}", "between 2 and 50,000");
        Check(BlockLimits.MaxBlockBytes is > 0 and <= 4000L << 20, $"{nameof(BlockLimits)}.{nameof(BlockLimits.MaxBlockBytes)}", "between 1 byte and 4,000 MiB");
    }

    private static void Check(bool valid, string setting, string rule)
    {
        if (!valid)
        {
            throw new ArgumentException($"{nameof(AzureBlobStoreOptions)}.{setting} must be {rule}.", setting);
        }
    }
}
