namespace BatchScoring.Storage.Local;

/// <summary>Removing what runs leave: the temporary files of writers that died, and whole folders.</summary>
public sealed partial class LocalBlobStore
{
    /// <summary>How long a temporary file must have been left untouched before its writer can be proven gone.</summary>
    private static readonly TimeSpan AbandonedAfter = TimeSpan.FromMinutes(1);

    /// <summary>
    /// Deletes the temporary files of writers that died before their commit (<see cref="TempNames.ForWriter"/>): a live
    /// writer holds its file open with an exclusive lock (FileShare.None, a lock the kernel drops when the process
    /// dies), so a file this store can lock is proven abandoned. Files touched in the last minute are left, whatever
    /// their lock: between creating a file and locking it, or between closing and renaming it, a writer holds none.
    /// Staged blocks are the store's own state until their blob's next commit, and are kept.
    /// </summary>
    public Task<int> DeleteAbandonedAsync(string path, CancellationToken cancellationToken = default)
    {
        var full = GetFullPath(path.Trim('/'));
        var folder = Path.GetDirectoryName(full)!;
        var candidates = Directory.Exists(full)
            ? Directory.EnumerateFiles(full, "*" + TempNames.Marker + "*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = FileAttributes.None })
            : Directory.Exists(folder) ? Directory.EnumerateFiles(folder, Path.GetFileName(full) + TempNames.Marker + "*") : [];
        var deleted = 0;
        var settled = DateTime.UtcNow - AbandonedAfter;
        foreach (var file in candidates)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (!TempNames.IsWriterTemporary(Path.GetFileName(file)) || File.GetLastWriteTimeUtc(file) > settled)
            {
                continue;
            }

            try
            {
                // Locked by this probe, the file is deleted when the probe closes it.
                using (new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.None, 1, FileOptions.DeleteOnClose))
                {
                }

                deleted++;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Locked: its writer is alive. Gone: someone else cleaned it.
            }
        }

        return Task.FromResult(deleted);
    }

    /// <summary>Removes the folder and everything in it.</summary>
    public Task<int> DeleteFolderAsync(string folder, CancellationToken cancellationToken = default)
    {
        var full = GetFullPath(folder.Trim('/'));
        if (!Directory.Exists(full))
        {
            return Task.FromResult(0);
        }

        var count = Directory.EnumerateFiles(full, "*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = FileAttributes.None }).Count();
        Directory.Delete(full, recursive: true);
        return Task.FromResult(count);
    }
}
