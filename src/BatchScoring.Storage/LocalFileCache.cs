using System.Security.Cryptography;
using System.Text;

namespace BatchScoring.Storage;

/// <summary>Blobs downloaded once into a local folder, by path and ETag (<see cref="IBlobStore.GetLocalFileAsync"/>).</summary>
internal static class LocalFileCache
{
    public static async Task<string> GetAsync(IBlobStore store, string path, string cacheFolder, CancellationToken cancellationToken)
    {
        var info = await store.GetInfoAsync(path, cancellationToken)
            ?? throw new FileNotFoundException($"'{path}' does not exist in {store.Description}.", path);
        var folder = Path.Combine(cacheFolder, Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(path + "|" + info.ETag))));
        var target = Path.Combine(folder, Path.GetFileName(path));
        if (File.Exists(target))
        {
            return target;
        }

        Directory.CreateDirectory(folder);
        var temp = TempNames.ForWriter(target);
        try
        {
            await using (var source = await store.OpenReadAsync(path, cancellationToken))
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
