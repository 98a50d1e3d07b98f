namespace BatchScoring.Functions.Runs;

/// <summary>Links to a run's files: blob URLs on a blob account (the caller needs data-plane access to follow them), store paths otherwise.</summary>
public sealed class BlobLinks(Uri? serviceUri)
{
    public string For(string storePath)
    {
        ArgumentNullException.ThrowIfNull(storePath);
        if (serviceUri is null)
        {
            return storePath;
        }

        var escaped = string.Join('/', storePath.Split('/').Select(Uri.EscapeDataString));
        return new Uri(new Uri(serviceUri.AbsoluteUri.TrimEnd('/') + "/"), escaped).AbsoluteUri;
    }
}
