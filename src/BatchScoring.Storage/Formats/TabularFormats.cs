using BatchScoring.Core;
using BatchScoring.Core.Spec;

namespace BatchScoring.Storage.Formats;

/// <summary>Which tabular format a file is in.</summary>
public static class TabularFormats
{
    /// <summary>The spec's format, or the one the file's extension names; throws naming the file when neither.</summary>
    public static InputFormat Resolve(InputFormat? declared, string path) =>
        declared ?? OutputSpec.FormatFromExtension(path)
        ?? throw new BatchScoringException($"input.format: cannot tell the format of '{path}' from its extension; name it in input.format (csv, jsonl or parquet).");
}
