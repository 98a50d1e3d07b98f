using System.Security.Cryptography;
using System.Text;

namespace BatchScoring.Storage;

/// <summary>Versions of blobs downloaded once into a local folder, by path and ETag (<see cref="IBlobStore.GetLocalFileAsync"/>).</summary>
internal static class LocalFileCache
{
    public static async Task<string> GetAsync(IBlobStore store, BlobInfo version, string cacheFolder, CancellationToken cancellationToken)
    {
        var folder = Path.Combine(cacheFolder, Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(version.Path + "|" + version.ETag))));
        var target = Path.Combine(folder, Path.GetFileName(version.Path));
        if (File.Exists(target))
        {
            return target;
        }

        Directory.CreateDirectory(folder);
        var temp = TempNames.ForWriter(target);
        try
        {
            await using (var source = await store.OpenReadAsync(version, cancellationToken))
            await using (var file = File.Create(temp))
            {
                await source.CopyToAsync(file, cancellationToken);
            }

            File.Move(temp, target, overwrite: true);
        }
        finally
        {
            File.Delete(temp);
        }

        return target;
    }
}
