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

    /// <summary>The most bytes a file name may have on the file systems this runs on (ext4, xfs, btrfs, tmpfs, NTFS in UTF-16 units).</summary>
    public const int MaxNameBytes = 255;

    /// <summary>The real path: each link on the way resolved to its final target; the part not yet written appended as it is.</summary>
    public Task<string> RealPathAsync(string path, CancellationToken cancellationToken = default) => Task.FromResult(RealPathOf(path));

    private string RealPathOf(string path)
    {
        var full = GetFullPath(path);
        var missing = new Stack<string>();
        var existing = full;
        while (!File.Exists(existing) && !Directory.Exists(existing) && existing.Length > Root.Length)
        {
            missing.Push(Path.GetFileName(existing));
            existing = Path.GetDirectoryName(existing)!;
        }

        var real = RealPath(existing);
        while (missing.Count > 0)
        {
            real = Path.Combine(real, missing.Pop());
        }

        return real;
    }

    /// <summary>Each folder's real path is found once: a listing's files share few folders.</summary>
    public Task<IReadOnlyList<string>> RealPathsAsync(IReadOnlyList<string> paths, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(paths);
        var folders = new Dictionary<string, string>(StringComparer.Ordinal);
        var real = new string[paths.Count];
        for (var i = 0; i < real.Length; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var full = GetFullPath(paths[i]);
            var folder = Path.GetDirectoryName(full)!;
            var info = new FileInfo(full);
            if (info.LinkTarget is not null || !Directory.Exists(folder))
            {
                real[i] = RealPathOf(paths[i]);
                continue;
            }

            if (!folders.TryGetValue(folder, out var realFolder))
            {
                folders[folder] = realFolder = RealPath(folder);
            }

            real[i] = Path.Combine(realFolder, info.Name);
        }

        return Task.FromResult<IReadOnlyList<string>>(real);
    }

    /// <summary>
    /// Each name on the path, and the temporary name its file is first written as (<c>{name}.~tmp-{32 hex}</c>), must fit
    /// the file system's <see cref="MaxNameBytes"/>: a longer output name would fail only when written, after all scoring.
    /// </summary>
    public void CheckWritablePath(string path)
    {
        var segments = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        for (var i = 0; i < segments.Length; i++)
        {
            var name = i == segments.Length - 1 ? Path.GetFileName(TempNames.ForWriter(segments[i])) : segments[i];
            var bytes = System.Text.Encoding.UTF8.GetByteCount(name);
            if (bytes > MaxNameBytes)
            {
                var what = i == segments.Length - 1
                    ? $"'{segments[i]}' is written first as '{segments[i]}{TempNames.Marker}...', {bytes} bytes"
                    : $"'{segments[i]}' is {bytes} bytes";
                throw new BatchScoringException($"'{path}' cannot be written in {Description}: {what}, over the file system's limit of {MaxNameBytes} bytes a name; choose a shorter name.");
            }
        }
    }

    /// <summary>The file's full path (links not followed).</summary>
    public string Locate(string path) => Path.Combine(Root, path.Replace('/', Path.DirectorySeparatorChar));

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
            throw InputChangedException.Deleted(version.Path, e);
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

    /// <summary>
    /// The file itself, nothing copied, once its ETag is still the version's (a file replaced after the check is loaded
    /// as it is then: a local file has no version to read but the current one).
    /// </summary>
    public async Task<string> GetLocalFileAsync(BlobInfo version, string cacheFolder, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(version);
        var info = await GetInfoAsync(version.Path, cancellationToken);
        if (info is null)
        {
            throw InputChangedException.Deleted(version.Path, new FileNotFoundException($"'{version.Path}' does not exist in {Description}.", version.Path));
        }

        if (version.ETag.Length > 0 && info.ETag != version.ETag)
        {
            throw new InputChangedException(version.Path, $"its ETag went from {version.ETag} to {info.ETag}");
        }

        return GetFullPath(version.Path);
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

    /// <summary>An existing file or folder's path with every link on it resolved.</summary>
    public static string RealPath(string existing)
    {
        var root = Path.GetPathRoot(existing)!;
        var real = root;
        foreach (var segment in existing[root.Length..].Split(Path.DirectorySeparatorChar, StringSplitOptions.RemoveEmptyEntries))
        {
            var next = Path.Combine(real, segment);
            var info = new FileInfo(next);
            real = info.LinkTarget is null ? next : RealPath(Path.GetFullPath(info.ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? next));
        }

        return real;
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
        private readonly LocalWriteStream stream = new(new FileStream(temp, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 1 << 16, FileOptions.Asynchronous), path, store.Description);
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
                if (options.IfNotExists)
                {
                    // Never replaces: another process may create the file between the check above and here.
                    try
                    {
                        File.Move(temp, full, overwrite: false);
                    }
                    catch (IOException) when (File.Exists(full))
                    {
                        File.Delete(temp);
                        throw new BatchScoringException($"'{path}' already exists in {store.Description}; it was not overwritten.");
                    }
                }
                else
                {
                    File.Move(temp, full, overwrite: true);
                }

                committed = true;
            }

            return ToInfo(path, new FileInfo(full));
        }

        /// <summary>Uncommitted, the temporary file goes, even when closing it fails (a full disk fails the last flush).</summary>
        public async ValueTask DisposeAsync()
        {
            try
            {
                await stream.DisposeAsync();
            }
            catch (BatchScoringException) when (!committed)
            {
                // Its content is abandoned anyway; the failure that matters was reported by the write or the commit.
            }
            finally
            {
                if (!committed && File.Exists(temp))
                {
                    File.Delete(temp);
                }
            }
        }
    }
}
