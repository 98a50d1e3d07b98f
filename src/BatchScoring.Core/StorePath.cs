namespace BatchScoring.Core;

/// <summary>
/// Store paths in their one canonical spelling: '/'-separated segments with no empty ones, so <c>base//x.csv</c>,
/// <c>base/x.csv/</c> and <c>base/x.csv</c> are one path, as both store adapters read them. Every path of a spec is
/// canonical before it is checked or used; comparing spellings that are not would miss that two paths are one file.
/// </summary>
internal static class StorePath
{
    /// <summary>The canonical spelling of a path; null, empty and blank paths are returned as they are.</summary>
    public static string Canonical(string path)
    {
        if (string.IsNullOrWhiteSpace(path) || (!path.Contains("//", StringComparison.Ordinal) && !path.StartsWith('/') && !path.EndsWith('/')))
        {
            return path;
        }

        return string.Join('/', path.Split('/', StringSplitOptions.RemoveEmptyEntries));
    }

    /// <summary>
    /// Whether <paramref name="path"/> is, or lies under, <paramref name="location"/> and matches <paramref name="glob"/>
    /// there: the inputs of a spec are exactly the paths for which this holds (a location naming one file is that file).
    /// Both paths canonical.
    /// </summary>
    public static bool IsUnder(string path, string location, string glob) =>
        location.Length == 0 ? Glob.IsMatch(glob, path)
        : path == location
        || (path.Length > location.Length && path.StartsWith(location, StringComparison.Ordinal) && path[location.Length] == '/'
            && Glob.IsMatch(glob, path[(location.Length + 1)..]));
}
