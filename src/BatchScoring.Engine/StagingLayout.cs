using System.Globalization;
using BatchScoring.Core.Spec;

namespace BatchScoring.Engine;

/// <summary>
/// Where a run stages its parts: <c>{prefix}/parts/{index:D8}.{ext}</c> and <c>{prefix}/errors/{index:D8}.jsonl</c>.
/// The name is derived from the mini-batch index only, so a retry or a second delivery overwrites the same part.
/// </summary>
public static class StagingLayout
{
    /// <summary>A run's staging folder: <c>_staging/{runId}</c> beside the output file.</summary>
    public static string DefaultPrefix(RunSpec spec, string runId)
    {
        var slash = spec.Output.Path.LastIndexOf('/');
        var folder = slash > 0 ? spec.Output.Path[..slash] + "/" : "";
        return $"{folder}_staging/{runId}";
    }

    public static string PartPath(string prefix, int index, InputFormat format) =>
        $"{prefix.TrimEnd('/')}/parts/{index.ToString("D8", CultureInfo.InvariantCulture)}.{Extension(format)}";

    public static string ErrorsPath(string prefix, int index) =>
        $"{prefix.TrimEnd('/')}/errors/{index.ToString("D8", CultureInfo.InvariantCulture)}.jsonl";

    /// <summary>Error records standing for the items of a mini-batch that failed after all its tries.</summary>
    public static string FailedErrorsPath(string prefix, int index) =>
        $"{prefix.TrimEnd('/')}/failed-errors/{index.ToString("D8", CultureInfo.InvariantCulture)}.jsonl";

    /// <summary>The error records file beside an output: <c>results.csv</c> → <c>results.errors.jsonl</c>.</summary>
    public static string ErrorsBeside(string outputPath) => Beside(outputPath, ".errors.jsonl");

    /// <summary>A file beside an output, its extension replaced: <c>results.csv</c> + <c>.summary.json</c>.</summary>
    public static string Beside(string outputPath, string suffix)
    {
        var dot = outputPath.LastIndexOf('.');
        var slash = outputPath.LastIndexOf('/');
        return (dot > slash ? outputPath[..dot] : outputPath) + suffix;
    }

    public static string Extension(InputFormat format) => format switch
    {
        InputFormat.Csv => "csv",
        InputFormat.Jsonl => "jsonl",
        _ => "parquet",
    };
}
