using BatchScoring.Core;

namespace BatchScoring.Storage.Azure;

/// <summary>A store path <c>container/blob/name</c> split into the container and the blob name.</summary>
internal readonly record struct BlobPath(string Container, string Name)
{
    public override string ToString() => Name.Length == 0 ? Container : Container + "/" + Name;

    /// <summary>
    /// Splits a path; empty segments are dropped (<c>a//b</c> is <c>a/b</c>, as on the file system); '.' and '..'
    /// segments, backslashes and invalid container names are refused with the path in the message.
    /// </summary>
    public static BlobPath Parse(string path, bool allowContainerOnly = false)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (path.StartsWith('/') || path.Contains('\\', StringComparison.Ordinal))
        {
            throw new BatchScoringException($"Path '{path}' must be 'container/blob name' with '/' separators, not absolute.");
        }

        var segments = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (segments.Any(s => s is ".." or "."))
        {
            throw new BatchScoringException($"Path '{path}' must not contain '.' or '..' segments.");
        }

        if (segments.Length == 0 || (segments.Length == 1 && !allowContainerOnly))
        {
            throw new BatchScoringException($"Path '{path}' must name a container and a blob: 'container/blob name'.");
        }

        var container = segments[0];
        if (container.Length is < 3 or > 63 || !container.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-')
            || container.StartsWith('-') || container.EndsWith('-') || container.Contains("--", StringComparison.Ordinal))
        {
            throw new BatchScoringException($"Path '{path}': '{container}' is not a valid container name (3-63 lower-case letters, digits and single hyphens).");
        }

        return new BlobPath(container, string.Join('/', segments.Skip(1)));
    }
}
