using System.Runtime.CompilerServices;
using Azure;
using Azure.Core;
using Azure.Identity;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Blobs.Specialized;
using BatchScoring.Core;

namespace BatchScoring.Storage.Azure;

/// <summary>
/// Azure Blob Storage as a blob store. Paths are <c>container/blob/name</c>. Listings are streamed page by page in
/// the service's order, which is lexicographic by the UTF-8 bytes of the name: the same as ordinal order for every
/// name except those that mix characters above U+FFFF with characters in U+E000-U+FFFF. Reads are ranged; writes
/// stage blocks and commit the block list on <see cref="IBlobWriter.CommitAsync"/>, so nothing is visible before.
/// Requests go through the SDK's exponential retry policy (<see cref="AzureBlobStoreOptions"/>).
/// </summary>
public sealed partial class AzureBlobStore : IBlockStagingStore
{
    private static readonly string[] StorageScope = ["https://storage.azure.com/.default"];
    private readonly TokenCredential? credential;

    /// <summary>A store on the account of a connection string (account key or SAS; Azurite's development one included).</summary>
    public AzureBlobStore(string connectionString, AzureBlobStoreOptions? options = null)
        : this(new BlobServiceClient(connectionString, (options ??= new AzureBlobStoreOptions()).ToClientOptions()), null, options)
    {
    }

    /// <summary>A store on the account at <paramref name="serviceUri"/> (<c>https://account.blob.core.windows.net</c>), signed in with <paramref name="credential"/>.</summary>
    public AzureBlobStore(Uri serviceUri, TokenCredential credential, AzureBlobStoreOptions? options = null)
        : this(new BlobServiceClient(serviceUri, credential, (options ??= new AzureBlobStoreOptions()).ToClientOptions()), credential, options)
    {
    }

    private AzureBlobStore(BlobServiceClient client, TokenCredential? credential, AzureBlobStoreOptions options)
    {
        ServiceClient = client;
        this.credential = credential;
        Options = options;
    }

    /// <summary>A store signed in with <see cref="DefaultAzureCredential"/> (managed identity, workload identity, Azure CLI, ...).</summary>
    public static AzureBlobStore WithDefaultCredential(Uri serviceUri, AzureBlobStoreOptions? options = null) =>
        new(serviceUri, new DefaultAzureCredential(), options);

    public BlobServiceClient ServiceClient { get; }

    public AzureBlobStoreOptions Options { get; }

    /// <summary>The metadata key under which a document's content travels (<see cref="WriteDocumentAsync"/>).</summary>
    private const string DocumentMetadata = "document";

    /// <summary>Documents up to this many bytes ride in their metadata (base64 makes 4/3 of it; the service allows 8 KiB).</summary>
    private const int MaxDocumentInMetadata = 4096;

    public string Description => $"blob account {ServiceClient.AccountName}";

    /// <summary>The most characters a blob name may have, and folders (path segments) it may hold (the service's limits).</summary>
    public const int MaxBlobNameLength = 1024;

    /// <summary>A blob name over the service's limit of 1,024 characters would fail only when written.</summary>
    public void CheckWritablePath(string path)
    {
        var blob = BlobPath.Parse(path);
        if (blob.Name.Length > MaxBlobNameLength)
        {
            throw new BatchScoringException($"'{path}' cannot be written in {Description}: its blob name is {blob.Name.Length} characters, over the service's limit of {MaxBlobNameLength}; choose a shorter name.");
        }
    }

    /// <summary>The blob's URL (<c>https://account.blob.core.windows.net/container/name</c>; Azurite's own form locally).</summary>
    public string Locate(string path) => GetBlobClient(BlobPath.Parse(path)).Uri.ToString();

    public BlockLimits BlockLimits => Options.BlockLimits;

    public bool CopiesServerSide => true;

    public async IAsyncEnumerable<BlobInfo> ListAsync(string prefix, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(prefix);
        if (prefix.Trim('/').Length == 0)
        {
            // Containers are listed whole (there are few) and ordered as "name/" so that the paths come out in ordinal
            // order: the service puts "a" before "a-b", but "a-b/x" < "a/x".
            var containers = new List<string>();
            await foreach (var container in ServiceClient.GetBlobContainersAsync(cancellationToken: cancellationToken))
            {
                containers.Add(container.Name);
            }

            containers.Sort((x, y) => string.CompareOrdinal(x + "/", y + "/"));
            foreach (var container in containers)
            {
                await foreach (var blob in ListContainerAsync(container, "", cancellationToken))
                {
                    yield return blob;
                }
            }

            yield break;
        }

        var folder = BlobPath.Parse(prefix, allowContainerOnly: true);
        var any = false;
        await foreach (var blob in ListContainerAsync(folder.Container, folder.Name.Length == 0 ? "" : folder.Name + "/", cancellationToken))
        {
            any = true;
            yield return blob;
        }

        // As on the file system, a prefix that is itself a blob (and no folder) lists that blob.
        if (!any && folder.Name.Length > 0 && await GetInfoAsync(prefix, cancellationToken) is { } single)
        {
            yield return single;
        }
    }

    public async Task<BlobInfo?> GetInfoAsync(string path, CancellationToken cancellationToken = default)
    {
        var blob = BlobPath.Parse(path);
        try
        {
            var properties = await GetBlobClient(blob).GetPropertiesAsync(cancellationToken: cancellationToken);
            return ToInfo(path, properties.Value);
        }
        catch (RequestFailedException e) when (e.ErrorCode == BlobErrorCode.BlobNotFound || e.ErrorCode == BlobErrorCode.ContainerNotFound)
        {
            return null;
        }
    }

    public async Task<Stream> OpenReadAsync(string path, CancellationToken cancellationToken = default) =>
        (await OpenReadVersionAsync(path, cancellationToken)).Stream;

    /// <summary>One request: the stream reads the version whose properties were fetched, and every range is conditional on its ETag.</summary>
    public async Task<(Stream Stream, string ETag)> OpenReadVersionAsync(string path, CancellationToken cancellationToken = default)
    {
        var blob = BlobPath.Parse(path);
        var client = GetBlobClient(blob);
        try
        {
            var properties = (await client.GetPropertiesAsync(cancellationToken: cancellationToken)).Value;
            var stream = new RangeReadStream(client, path, properties.ContentLength, properties.ETag, Options.MinReadBytes, Options.MaxReadBytes);
            return (stream, stream.ETag);
        }
        catch (RequestFailedException e) when (e.ErrorCode == BlobErrorCode.BlobNotFound || e.ErrorCode == BlobErrorCode.ContainerNotFound)
        {
            throw new FileNotFoundException($"'{path}' does not exist in {Description}.", path, e);
        }
    }

    /// <summary>No request at open: every range read is conditional on the version's ETag (a changed or deleted blob fails the read).</summary>
    public Task<Stream> OpenReadAsync(BlobInfo version, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(version);
        var client = GetBlobClient(BlobPath.Parse(version.Path));
        Stream stream = new RangeReadStream(client, version.Path, version.Size, new ETag(version.ETag), Options.MinReadBytes, Options.MaxReadBytes);
        return Task.FromResult(stream);
    }

    /// <summary>One request: a missing blob is the read's 404.</summary>
    public async Task<byte[]?> TryReadAllBytesAsync(string path, CancellationToken cancellationToken = default)
    {
        try
        {
            return (await GetBlobClient(BlobPath.Parse(path)).DownloadContentAsync(cancellationToken)).Value.Content.ToArray();
        }
        catch (RequestFailedException e) when (e.ErrorCode == BlobErrorCode.BlobNotFound || e.ErrorCode == BlobErrorCode.ContainerNotFound)
        {
            return null;
        }
    }

    /// <summary>One Put Blob, the content also in the metadata (base64, when it fits), so that a listing carries it.</summary>
    public async Task<BlobInfo> WriteDocumentAsync(string path, ReadOnlyMemory<byte> content, CancellationToken cancellationToken = default)
    {
        var blob = BlobPath.Parse(path);
        var client = GetBlockBlobClient(blob);
        var options = new BlobUploadOptions
        {
            Metadata = content.Length <= MaxDocumentInMetadata ? new Dictionary<string, string> { [DocumentMetadata] = Convert.ToBase64String(content.Span) } : null,
        };
        var info = await InContainerAsync(
            blob,
            async () =>
            {
                using var stream = new MemoryStream(content.ToArray(), writable: false);
                return (await client.UploadAsync(stream, options, cancellationToken)).Value;
            },
            cancellationToken);
        return new BlobInfo(path, content.Length, Quoted(info.ETag), info.LastModified);
    }

    /// <summary>One List Blobs request per 5,000 documents: their content comes in their metadata (a document without it is read).</summary>
    public async IAsyncEnumerable<(BlobInfo Blob, byte[] Content)> ListDocumentsAsync(string folder, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var prefix = BlobPath.Parse(folder, allowContainerOnly: true);
        await foreach (var item in ListItemsAsync(prefix.Container, prefix.Name.Length == 0 ? "" : prefix.Name.TrimEnd('/') + "/", BlobTraits.Metadata, cancellationToken))
        {
            var info = ToInfo(prefix.Container, item);
            if (item.Metadata is { } metadata && metadata.TryGetValue(DocumentMetadata, out var encoded))
            {
                yield return (info, Convert.FromBase64String(encoded));
            }
            else if (await TryReadAllBytesAsync(info.Path, cancellationToken) is { } content)
            {
                yield return (info, content);
            }
        }
    }

    /// <summary>A listing, then <see cref="AzureBlobStoreOptions.DeleteConcurrency"/> deletes at a time.</summary>
    public async Task<int> DeleteFolderAsync(string folder, CancellationToken cancellationToken = default)
    {
        var paths = new List<string>();
        await foreach (var blob in ListAsync(folder, cancellationToken))
        {
            paths.Add(blob.Path);
        }

        await Parallel.ForEachAsync(paths, new ParallelOptions { MaxDegreeOfParallelism = Options.DeleteConcurrency, CancellationToken = cancellationToken }, async (path, ct) => await DeleteAsync(path, ct));
        return paths.Count;
    }

    public Task<IBlobWriter> OpenWriteAsync(string path, BlobWriteOptions? options = null, CancellationToken cancellationToken = default)
    {
        var blob = BlobPath.Parse(path);
        IBlobWriter writer = new AzureBlobWriter(this, path, GetBlockBlobClient(blob), options ?? new BlobWriteOptions());
        return Task.FromResult(writer);
    }

    public async Task<bool> DeleteAsync(string path, CancellationToken cancellationToken = default)
    {
        var blob = BlobPath.Parse(path);
        try
        {
            return (await GetBlobClient(blob).DeleteIfExistsAsync(cancellationToken: cancellationToken)).Value;
        }
        catch (RequestFailedException e) when (e.ErrorCode == BlobErrorCode.ContainerNotFound)
        {
            return false;
        }
    }

    internal static BlobInfo ToInfo(string path, BlobProperties properties) =>
        new(path, properties.ContentLength, Quoted(properties.ETag), properties.LastModified);

    /// <summary>An ETag in its header form, with quotes (listings give it without), so the two compare equal.</summary>
    internal static string Quoted(ETag? etag) =>
        etag?.ToString() is not { Length: > 0 } s ? "" : s.StartsWith('"') ? s : "\"" + s + "\"";

    internal BlobClient GetBlobClient(BlobPath blob) =>
        ServiceClient.GetBlobContainerClient(blob.Container).GetBlobClient(blob.Name);

    internal BlockBlobClient GetBlockBlobClient(BlobPath blob) =>
        ServiceClient.GetBlobContainerClient(blob.Container).GetBlockBlobClient(blob.Name);

    /// <summary>Runs a write; when the container does not exist yet, creates it and runs the write again (the file system creates folders too).</summary>
    internal async Task<T> InContainerAsync<T>(BlobPath blob, Func<Task<T>> write, CancellationToken cancellationToken)
    {
        try
        {
            return await write();
        }
        catch (RequestFailedException e) when (e.ErrorCode == BlobErrorCode.ContainerNotFound)
        {
            await ServiceClient.GetBlobContainerClient(blob.Container).CreateIfNotExistsAsync(cancellationToken: cancellationToken);
            return await write();
        }
    }

    /// <summary>The error for a refused conditional commit, as the local adapter words it; null when the failure is another.</summary>
    internal static BatchScoringException? ConditionFailure(RequestFailedException e, string path, BlobWriteOptions options, string description)
    {
        if (options.IfNotExists && (e.ErrorCode == BlobErrorCode.BlobAlreadyExists || e.ErrorCode == BlobErrorCode.ConditionNotMet))
        {
            return new BatchScoringException($"'{path}' already exists in {description}; it was not overwritten.", e);
        }

        if (options.IfMatch is { } etag && (e.ErrorCode == BlobErrorCode.ConditionNotMet || e.ErrorCode == BlobErrorCode.BlobNotFound))
        {
            return new BatchScoringException($"'{path}' changed since it was read (ETag {etag} no longer matches); it was not overwritten.", e);
        }

        return null;
    }

    internal static BlobRequestConditions? ToConditions(BlobWriteOptions options) =>
        options.IfMatch is { } etag ? new BlobRequestConditions { IfMatch = new ETag(etag) }
        : options.IfNotExists ? new BlobRequestConditions { IfNoneMatch = ETag.All }
        : null;

    private async IAsyncEnumerable<BlobInfo> ListContainerAsync(string container, string namePrefix, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var item in ListItemsAsync(container, namePrefix, BlobTraits.None, cancellationToken))
        {
            yield return ToInfo(container, item);
        }
    }

    /// <summary>The blobs of a container under a name prefix, page by page, temporary names left out; none when the container does not exist.</summary>
    private async IAsyncEnumerable<BlobItem> ListItemsAsync(string container, string namePrefix, BlobTraits traits, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var client = ServiceClient.GetBlobContainerClient(container);
        var options = new GetBlobsOptions { Prefix = namePrefix.Length == 0 ? null : namePrefix, Traits = traits };
        var pages = client.GetBlobsAsync(options, cancellationToken).AsPages(pageSizeHint: Options.ListPageSize);
        await using var enumerator = pages.GetAsyncEnumerator(cancellationToken);
        while (true)
        {
            try
            {
                if (!await enumerator.MoveNextAsync())
                {
                    yield break;
                }
            }
            catch (RequestFailedException e) when (e.ErrorCode == BlobErrorCode.ContainerNotFound)
            {
                yield break;
            }

            foreach (var item in enumerator.Current.Values)
            {
                if (!TempNames.IsTemporary(item.Name))
                {
                    yield return item;
                }
            }
        }
    }

    private static BlobInfo ToInfo(string container, BlobItem item) =>
        new($"{container}/{item.Name}", item.Properties.ContentLength ?? 0, Quoted(item.Properties.ETag), item.Properties.LastModified ?? default);
}
