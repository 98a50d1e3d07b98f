namespace BatchScoring.Storage;

/// <summary>
/// How the store adapters name what they write before it is committed (a temporary file renamed into place, a block
/// file, an intermediate blob of a large assembly): the marker every such name holds. Listings leave these out.
/// </summary>
public static class TempNames
{
    public const string Marker = ".~tmp-";

    private const int WriterIdLength = 32;

    /// <summary>Whether a name (file or blob) is one of the adapters' temporary names.</summary>
    public static bool IsTemporary(string name) => name.Contains(Marker, StringComparison.Ordinal);

    /// <summary>
    /// The temporary name a writer of <paramref name="path"/> writes to before it renames it into place:
    /// <c>{path}.~tmp-{32 hex digits}</c>, unique to this writer.
    /// </summary>
    public static string ForWriter(string path) => $"{path}{Marker}{Guid.NewGuid():N}";

    /// <summary>
    /// Whether a name is a writer's temporary name (<see cref="ForWriter"/>), as opposed to a staged block or an
    /// intermediate blob: only those are left behind by a writer that died before its commit.
    /// </summary>
    public static bool IsWriterTemporary(string name)
    {
        var at = name.LastIndexOf(Marker, StringComparison.Ordinal);
        return at >= 0 && name.Length - at - Marker.Length == WriterIdLength && !name.AsSpan(at + Marker.Length).ContainsAnyExcept("0123456789abcdef");
    }
}
