namespace BatchScoring.Storage;

/// <summary>
/// How the store adapters name what they write before it is committed (a temporary file renamed into place, a block
/// file, an intermediate blob of a large assembly): the marker every such name holds. Listings leave these out.
/// </summary>
public static class TempNames
{
    public const string Marker = ".~tmp-";

    /// <summary>Whether a name (file or blob) is one of the adapters' temporary names.</summary>
    public static bool IsTemporary(string name) => name.Contains(Marker, StringComparison.Ordinal);
}
