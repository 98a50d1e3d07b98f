using System.Runtime.CompilerServices;

namespace BatchScoring.Storage;

/// <summary>
/// A store whose reads of the planned inputs are of the versions planned: opening one of them opens its planned
/// version (<see cref="IBlobStore.OpenReadAsync(BlobInfo, CancellationToken)"/>), so the readers of a mini-batch fail
/// with <see cref="Core.InputChangedException"/> the moment an input differs from what planning saw. Everything else
/// goes to the store as it is.
/// </summary>
public sealed class PinnedInputs(IBlobStore store, Func<string, BlobInfo?> planned) : IBlobStore
{
    public string Description => store.Description;

    public string Locate(string path) => store.Locate(path);

    public Task<string> RealPathAsync(string path, CancellationToken cancellationToken = default) => store.RealPathAsync(path, cancellationToken);

    public Task<IReadOnlyList<string>> RealPathsAsync(IReadOnlyList<string> paths, CancellationToken cancellationToken = default) => store.RealPathsAsync(paths, cancellationToken);

    public void CheckWritablePath(string path) => store.CheckWritablePath(path);

    public Task<Stream> OpenReadAsync(string path, CancellationToken cancellationToken = default) =>
        planned(path) is { } version ? store.OpenReadAsync(version, cancellationToken) : store.OpenReadAsync(path, cancellationToken);

    public Task<Stream> OpenReadAsync(BlobInfo version, CancellationToken cancellationToken = default) => store.OpenReadAsync(version, cancellationToken);

    public async Task<(Stream Stream, string ETag)> OpenReadVersionAsync(string path, CancellationToken cancellationToken = default) =>
        planned(path) is { } version ? (await store.OpenReadAsync(version, cancellationToken), version.ETag) : await store.OpenReadVersionAsync(path, cancellationToken);

    public async IAsyncEnumerable<BlobInfo> ListAsync(string prefix, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await foreach (var blob in store.ListAsync(prefix, cancellationToken))
        {
            yield return blob;
        }
    }

    public Task<BlobInfo?> GetInfoAsync(string path, CancellationToken cancellationToken = default) => store.GetInfoAsync(path, cancellationToken);

    public Task<IBlobWriter> OpenWriteAsync(string path, BlobWriteOptions? options = null, CancellationToken cancellationToken = default) => store.OpenWriteAsync(path, options, cancellationToken);

    public Task<bool> DeleteAsync(string path, CancellationToken cancellationToken = default) => store.DeleteAsync(path, cancellationToken);

    public Task<int> DeleteAbandonedAsync(string path, CancellationToken cancellationToken = default) => store.DeleteAbandonedAsync(path, cancellationToken);

    public Task<int> DeleteFolderAsync(string folder, CancellationToken cancellationToken = default) => store.DeleteFolderAsync(folder, cancellationToken);

    public Task<string> GetLocalFileAsync(BlobInfo version, string cacheFolder, CancellationToken cancellationToken = default) => store.GetLocalFileAsync(version, cacheFolder, cancellationToken);
}
