using BatchScoring.Core;
using BatchScoring.Core.Data;
using BatchScoring.Core.Spec;
using BatchScoring.Storage.Formats.Csv;
using BatchScoring.Storage.Formats.Jsonl;
using BatchScoring.Storage.Formats.ParquetFiles;

namespace BatchScoring.Storage.Formats;

/// <summary>
/// The registry of tabular formats: one <see cref="TabularFormat"/> per <see cref="DataFormat"/>, and which one a
/// file is in. A new format is its descriptor (with its reader) in a folder of its own, and one line here.
/// </summary>
public static class TabularFormats
{
    private static readonly TabularFormat[] Registered = [new CsvFormat(), new JsonLinesFormat(), new ParquetFormat()];

    private static readonly Dictionary<DataFormat, TabularFormat> ByFormat = Registered.ToDictionary(f => f.Format);

    /// <summary>The descriptor of <paramref name="format"/>.</summary>
    public static TabularFormat Of(DataFormat format) =>
        ByFormat.TryGetValue(format, out var descriptor) ? descriptor : throw new ArgumentOutOfRangeException(nameof(format), format, "no tabular format is registered for it");

    /// <summary>The spec's format, or the one the file's extension names; throws naming the file when neither.</summary>
    public static DataFormat Resolve(DataFormat? declared, string path) =>
        declared ?? DataFormats.FromExtension(path)
        ?? throw new BatchScoringException($"input.format: cannot tell the format of '{path}' from its extension; name it in input.format (csv, jsonl or parquet).");

    /// <summary>The reader of a format (stateless, shared).</summary>
    public static ITabularReader Reader(DataFormat format) => Of(format).Reader;

    /// <summary>The types pass-through columns keep in results, as the file's format says (<see cref="TabularFormat.PassThroughSchemaAsync"/>).</summary>
    public static Task<IReadOnlyList<ColumnSchema>> PassThroughSchemaAsync(IBlobStore store, DataFormat format, string path, IReadOnlyList<string> columns, CancellationToken cancellationToken = default) =>
        Of(format).PassThroughSchemaAsync(store, path, columns, cancellationToken);
}
