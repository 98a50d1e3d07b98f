using System.Runtime.CompilerServices;
using BatchScoring.Core;
using Microsoft.Win32.SafeHandles;

namespace BatchScoring.Storage.Local;

/// <summary>
/// The local file system as a blob store, rooted at one folder. Paths are relative, '/'-separated; a path that
/// is absolute, holds '..', or resolves outside the root through a symbolic link is refused. Writes go to a
/// temporary file beside the target and are renamed into place on commit (atomic on one file system).
/// <para>
/// ETags are the file's last-write time (100 ns ticks), length and, on Linux, change time (<see cref="FileVersion"/>:
/// tools that put a file's write time back after an edit cannot put back its change time). The file system's own clock
/// ticks only every few milliseconds, so a same-length rewrite within one tick would keep its write time; every commit
/// therefore stamps its new file, before the rename, with a write time of its own (<see cref="VersionStamps"/>): the
/// precise time, always later than any stamp this process gave before. A rewrite through the store always gets a new
/// ETag.
/// </para>
/// </summary>
public sealed partial class LocalBlobStore : IBlobStore
{
    private static readonly Lock CommitLock = new();

    public LocalBlobStore(string root)
    {
        var full = Path.GetFullPath(root);
        Directory.CreateDirectory(full);

        // The root itself may be a symbolic link; everything is checked against where it really is.
        Root = Path.TrimEndingDirectorySeparator(new DirectoryInfo(full).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? full);
    }

    public string Root { get; }

    public string Description => $"local folder {Root}";

    /// <summary>The full file-system path of a store path, after every safety check.</summary>
    public string GetFullPath(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (Path.IsPathRooted(path) || path.StartsWith('/') || path.Contains('\\', StringComparison.Ordinal))
        {
            throw new BatchScoringException($"Path '{path}' must be relative to the store root {Root}, with '/' separators.");
        }

        var segments = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (segments.Any(s => s is ".." or "."))
        {
            throw new BatchScoringException($"Path '{path}' must not contain '.' or '..' segments (store root {Root}).");
        }

        var full = Root;
        foreach (var segment in segments)
        {
            full = Path.Combine(full, segment);
            var info = new FileInfo(full);
            if (info.LinkTarget is not null)
            {
                var target = info.ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? info.LinkTarget;
                if (!IsInsideRoot(Path.GetFullPath(target, Path.GetDirectoryName(full)!)))
                {
                    throw new BatchScoringException($"Path '{path}' leaves the store root {Root}: '{segment}' is a symbolic link to '{target}'.");
                }
            }
        }

        return full;
    }

    public async IAsyncEnumerable<BlobInfo> ListAsync(string prefix, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var folder = prefix.Trim('/');
        var start = folder.Length == 0 ? Root : GetFullPath(folder);
        if (!Directory.Exists(start))
        {
            if (File.Exists(start))
            {
                yield return ToInfo(folder, new FileInfo(start));
            }

            yield break;
        }

        var options = new EnumerationOptions { RecurseSubdirectories = true, IgnoreInaccessible = false, AttributesToSkip = FileAttributes.None };
        var paths = new List<string>();
        foreach (var file in Directory.EnumerateFiles(start, "*", options))
        {
            if (!TempNames.IsTemporary(Path.GetFileName(file)))
            {
                paths.Add(Path.GetRelativePath(Root, file).Replace(Path.DirectorySeparatorChar, '/'));
            }
        }

        paths.Sort(StringComparer.Ordinal);
        foreach (var path in paths)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var info = new FileInfo(Path.Combine(Root, path));
            if (info.Exists)
            {
                yield return ToInfo(path, info);
            }
        }

        await Task.CompletedTask;
    }

    public Task<BlobInfo?> GetInfoAsync(string path, CancellationToken cancellationToken = default)
    {
        var info = new FileInfo(GetFullPath(path));
        return Task.FromResult(info.Exists ? ToInfo(path, info) : null);
    }

    public Task<Stream> OpenReadAsync(string path, CancellationToken cancellationToken = default)
    {
        var full = GetFullPath(path);
        if (!File.Exists(full))
        {
            throw new FileNotFoundException($"'{path}' does not exist in {Description}.", path);
        }

        Stream stream = new FileStream(full, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, 1 << 16, FileOptions.Asynchronous | FileOptions.SequentialScan);
        return Task.FromResult(stream);
    }

    /// <summary>
    /// The file, checked to be the version listed (size, write and change times) when opened and after every read:
    /// an edit, a truncation, or a rewrite with its write time put back fails the read. What has no version (a named
    /// pipe: empty ETag) is read as it comes.
    /// </summary>
    public Task<Stream> OpenReadAsync(BlobInfo version, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(version);
        if (version.ETag.Length == 0)
        {
            return OpenReadAsync(version.Path, cancellationToken);
        }

        var full = GetFullPath(version.Path);
        SafeFileHandle handle;
        try
        {
            handle = File.OpenHandle(full, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, FileOptions.Asynchronous);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new InputChangedException($"Input '{version.Path}' changed since the run planned it: it was deleted. The run stops; run it again to score the inputs as they are now.", e);
        }

        try
        {
            Stream stream = new PinnedFileStream(handle, full, version);
            return Task.FromResult(stream);
        }
        catch
        {
            handle.Dispose();
            throw;
        }
    }

    /// <summary>The file itself: nothing is copied.</summary>
    public Task<string> GetLocalFileAsync(string path, string cacheFolder, CancellationToken cancellationToken = default)
    {
        var full = GetFullPath(path);
        return File.Exists(full) ? Task.FromResult(full) : throw new FileNotFoundException($"'{path}' does not exist in {Description}.", path);
    }

    public Task<IBlobWriter> OpenWriteAsync(string path, BlobWriteOptions? options = null, CancellationToken cancellationToken = default)
    {
        var full = GetFullPath(path);
        CreateFolderOf(path, full);
        var temp = TempNames.ForWriter(full);
        IBlobWriter writer = new LocalBlobWriter(this, path, full, temp, options ?? new BlobWriteOptions());
        return Task.FromResult(writer);
    }

    public Task<bool> DeleteAsync(string path, CancellationToken cancellationToken = default)
    {
        var full = GetFullPath(path);
        if (!File.Exists(full))
        {
            return Task.FromResult(false);
        }

        File.Delete(full);
        return Task.FromResult(true);
    }

    /// <summary>Creates the folder a file goes into; when part of that path is a file, says which.</summary>
    internal void CreateFolderOf(string path, string full)
    {
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        }
        catch (IOException e)
        {
            for (var folder = Path.GetDirectoryName(full); folder is not null && folder.Length > Root.Length; folder = Path.GetDirectoryName(folder))
            {
                if (File.Exists(folder))
                {
                    var relative = Path.GetRelativePath(Root, folder).Replace(Path.DirectorySeparatorChar, '/');
                    throw new BatchScoringException($"'{path}' cannot be written in {Description}: '{relative}' is a file, not a folder.", e);
                }
            }

            throw;
        }
    }

    internal static BlobInfo ToInfo(string path, FileInfo info)
    {
        var version = FileVersion.Of(info.FullName, info);
        return new(path, version.Length, version.ETag, version.WriteTimeUtc);
    }

    private static string ETagOf(FileInfo info) => FileVersion.Of(info.FullName, info).ETag;

    private bool IsInsideRoot(string full) =>
        full == Root || full.StartsWith(Root + Path.DirectorySeparatorChar, StringComparison.Ordinal);

    private sealed class LocalBlobWriter(LocalBlobStore store, string path, string full, string temp, BlobWriteOptions options) : IBlobWriter
    {
        private readonly FileStream stream = new(temp, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 1 << 16, FileOptions.Asynchronous);
        private bool committed;

        public Stream Stream => stream;

        public async Task<BlobInfo> CommitAsync(CancellationToken cancellationToken = default)
        {
            await stream.FlushAsync(cancellationToken);
            await stream.DisposeAsync();
            lock (CommitLock)
            {
                var existing = new FileInfo(full);
                if (options.IfNotExists && existing.Exists)
                {
                    File.Delete(temp);
                    throw new BatchScoringException($"'{path}' already exists in {store.Description}; it was not overwritten.");
                }

                if (options.IfMatch is { } etag && (!existing.Exists || ETagOf(existing) != etag))
                {
                    File.Delete(temp);
                    throw new BatchScoringException($"'{path}' changed since it was read (ETag {etag} no longer matches); it was not overwritten.");
                }

                File.SetLastWriteTimeUtc(temp, VersionStamps.Next());
                File.Move(temp, full, overwrite: true);
                committed = true;
            }

            return ToInfo(path, new FileInfo(full));
        }

        public async ValueTask DisposeAsync()
        {
            await stream.DisposeAsync();
            if (!committed && File.Exists(temp))
            {
                File.Delete(temp);
            }
        }
    }
}
