namespace BatchScoring.Core.Spec;

/// <summary>
/// The tabular formats runs read and write. What each one is on disk (reader, planning, writer, assembly) is its
/// descriptor in Storage (<c>Storage/Formats/TabularFormats</c>); what its name says is here, in
/// <see cref="DataFormats"/>.
/// </summary>
public enum DataFormat
{
    Csv,
    Jsonl,
    Parquet,
}

/// <summary>
/// The file extensions of each format, the one table of them: how a file's name tells its format (an input without
/// <c>input.format</c>, every output), and the extension of the files a run writes in it (staged parts).
/// </summary>
internal static class DataFormats
{
    private static readonly (DataFormat Format, string[] Extensions)[] Table =
    [
        (DataFormat.Csv, ["csv"]),
        (DataFormat.Jsonl, ["jsonl", "ndjson"]),
        (DataFormat.Parquet, ["parquet"]),
    ];

    /// <summary>Every format, in the order of <see cref="DataFormat"/>.</summary>
    public static IReadOnlyList<DataFormat> All { get; } = [.. Table.Select(f => f.Format)];

    /// <summary>The extensions that name a format, as in messages: <c>.csv, .jsonl or .parquet</c>.</summary>
    public static string Named { get; } = string.Join(", ", Table[..^1].Select(f => "." + f.Extensions[0])) + " or ." + Table[^1].Extensions[0];

    /// <summary>The format a path's extension names (case-insensitive), or null when it names none.</summary>
    public static DataFormat? FromExtension(string path)
    {
        var extension = Path.GetExtension(path).TrimStart('.');
        foreach (var (format, extensions) in Table)
        {
            if (extensions.Contains(extension, StringComparer.OrdinalIgnoreCase))
            {
                return format;
            }
        }

        return null;
    }

    /// <summary>The extension (without the dot) of files written in <paramref name="format"/>.</summary>
    public static string Extension(DataFormat format) => Table.First(f => f.Format == format).Extensions[0];
}
