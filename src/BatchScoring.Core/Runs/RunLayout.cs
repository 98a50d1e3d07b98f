using System.Globalization;
using BatchScoring.Core.Spec;

namespace BatchScoring.Core.Runs;

/// <summary>
/// Every name a run gives to files and to orchestration instances, in one place: hosts, activities and tests ask
/// here and never build these names themselves.
/// <list type="bullet">
/// <item>Beside the output <c>out/results.csv</c>: the error records <c>out/results.errors.jsonl</c> and the summary
/// <c>out/results.summary.json</c>.</item>
/// <item>The run's staging folder <c>out/_staging/{id}/</c> holds the spec and plan as run, a part and an errors
/// file per mini-batch (named by its index, so a retry overwrites them), a done or failed marker per mini-batch,
/// and the committed marker.</item>
/// <item>Shard sub-orchestrations of run <c>R</c> are <c>R:shard:{first mini-batch, 8 digits}.{unique}</c>.</item>
/// </list>
/// </summary>
public static class RunLayout
{
    /// <summary>The folder, beside an output, under which runs stage their parts. Reserved: never an input.</summary>
    public const string StagingFolderName = "_staging";

    private const string ShardInfix = ":shard:";

    /// <summary>The staging folder of the output's folder: <c>out/_staging</c>.</summary>
    public static string StagingRoot(string outputPath)
    {
        var slash = outputPath.LastIndexOf('/');
        return slash > 0 ? $"{outputPath[..slash]}/{StagingFolderName}" : StagingFolderName;
    }

    /// <summary>A run's staging folder: <c>out/_staging/{name}</c>.</summary>
    public static string StagingPrefix(string outputPath, string name) => $"{StagingRoot(outputPath)}/{name}";

    public static string SpecPath(string staging) => $"{staging}/spec.json";

    public static string PlanPath(string staging) => $"{staging}/plan.json";

    public static string CommittedPath(string staging) => $"{staging}/committed.json";

    public static string PartPath(string staging, int index, InputFormat format) => $"{staging}/parts/{Index(index)}.{Extension(format)}";

    public static string ErrorsPath(string staging, int index) => $"{staging}/errors/{Index(index)}.jsonl";

    /// <summary>Error records standing for the items of a mini-batch that failed after all its tries.</summary>
    public static string FailedErrorsPath(string staging, int index) => $"{staging}/failed-errors/{Index(index)}.jsonl";

    /// <summary>The marker of a scored mini-batch (its outcome).</summary>
    public static string DonePath(string staging, int index) => $"{staging}/done/{Index(index)}.json";

    /// <summary>The marker of a mini-batch that failed after all its tries.</summary>
    public static string FailedPath(string staging, int index) => $"{staging}/failed/{Index(index)}.json";

    /// <summary>The error records file beside an output: <c>results.csv</c> → <c>results.errors.jsonl</c>.</summary>
    public static string ErrorsBeside(string outputPath) => Beside(outputPath, ".errors.jsonl");

    /// <summary>The run summary beside an output: <c>results.csv</c> → <c>results.summary.json</c>.</summary>
    public static string SummaryBeside(string outputPath) => Beside(outputPath, ".summary.json");

    /// <summary>The file extension of a result format.</summary>
    public static string Extension(InputFormat format) => format switch
    {
        InputFormat.Csv => "csv",
        InputFormat.Jsonl => "jsonl",
        _ => "parquet",
    };

    /// <summary>
    /// The instance id of a shard of run <paramref name="runId"/> starting at mini-batch <paramref name="first"/>;
    /// <paramref name="unique"/> (a replay-safe GUID) keeps a restarted run's shards apart from its earlier ones.
    /// </summary>
    public static string ShardId(string runId, int first, Guid unique) => $"{ShardPrefix(runId)}{Index(first)}.{unique:N}";

    /// <summary>What every shard instance id of run <paramref name="runId"/> starts with.</summary>
    public static string ShardPrefix(string runId) => runId + ShardInfix;

    /// <summary>Whether an instance id is a shard's (shards are left out of run listings).</summary>
    public static bool IsShardId(string instanceId) => instanceId.Contains(ShardInfix, StringComparison.Ordinal);

    private static string Index(int index) => index.ToString("D8", CultureInfo.InvariantCulture);

    private static string Beside(string outputPath, string suffix)
    {
        var dot = outputPath.LastIndexOf('.');
        var slash = outputPath.LastIndexOf('/');
        return (dot > slash ? outputPath[..dot] : outputPath) + suffix;
    }
}
