namespace BatchScoring.Storage;

/// <summary>Content being written; visible only once committed.</summary>
public interface IBlobWriter : IAsyncDisposable
{
    /// <summary>Where to write the content.</summary>
    Stream Stream { get; }

    /// <summary>Makes the content visible at the path in one step, checking the write's conditions.</summary>
    Task<BlobInfo> CommitAsync(CancellationToken cancellationToken = default);
}
