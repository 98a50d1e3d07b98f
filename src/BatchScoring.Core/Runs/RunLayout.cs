using System.Globalization;
using BatchScoring.Core.Spec;

namespace BatchScoring.Core.Runs;

/// <summary>
/// Every name a run gives to files and to orchestration instances, in one place: hosts, activities and tests ask
/// here and never build these names themselves.
/// <list type="bullet">
/// <item>Beside the output <c>out/results.csv</c>: the error records <c>out/results.csv.errors.jsonl</c> and the summary
/// <c>out/results.csv.summary.json</c>. Their names hold the output's whole name, so two outputs never share one
/// (<c>results.csv</c> and <c>results.parquet</c> each have their own).</item>
/// <item>The run's staging folder <c>out/_staging/{id}/</c> holds the spec and plan as run, a part and an errors
/// file per mini-batch (named by its index, so a retry overwrites them), a done or failed marker per mini-batch,
/// and, once committed, the committed marker and a copy of the summary (all that is kept after a commit unless
/// <c>execution.keepStaging</c>).</item>
/// <item>While a run runs, it holds its output's lock <c>out/_staging/results.csv.lock</c>.</item>
/// <item>Shard sub-orchestrations of run <c>R</c> are <c>R:shard:{first mini-batch, 8 digits}.{unique}</c>.</item>
/// </list>
/// </summary>
internal static class RunLayout
{
    /// <summary>The folder, beside an output, under which runs stage their parts. Reserved: never an input.</summary>
    public const string StagingFolderName = "_staging";

    /// <summary>The folder, in an output's first folder (its container on Azure), holding the ledgers of series of incremental runs. Reserved: never an input.</summary>
    public const string LedgerFolderName = "_ledger";

    private const string ShardInfix = ":shard:";
    private const string Parts = "parts";
    private const string Errors = "errors";
    private const string FailedErrors = "failed-errors";
    private const string Done = "done";
    private const string Failed = "failed";
    private const string Attempts = "attempts";
    /// <summary>What the name of an output's error records file adds to the output's name.</summary>
    public const string ErrorsSuffix = ".errors.jsonl";
    private const string SummarySuffix = ".summary.json";
    private const string TimelineSuffix = ".timeline.jsonl";
    private const string ReportSuffix = ".report.html";

    /// <summary>The staging folder of the output's folder: <c>out/_staging</c>.</summary>
    public static string StagingRoot(string outputPath)
    {
        var slash = outputPath.LastIndexOf('/');
        return slash > 0 ? $"{outputPath[..slash]}/{StagingFolderName}" : StagingFolderName;
    }

    /// <summary>
    /// The lock a run holds on its output while it runs, in the staging folder (never an input):
    /// <c>out/_staging/results.csv.lock</c>. Two runs writing one output would overwrite each other's.
    /// </summary>
    public static string LockPath(string outputPath)
    {
        var slash = outputPath.LastIndexOf('/');
        return $"{StagingRoot(outputPath)}/{(slash >= 0 ? outputPath[(slash + 1)..] : outputPath)}.lock";
    }

    /// <summary>
    /// The ledger of a series of incremental runs: <c>out/_ledger/{series}</c> for outputs under <c>out/</c> (the first
    /// folder of the output's path, the container on Azure, which no output template may vary).
    /// </summary>
    public static string LedgerFolder(string outputPath, string series)
    {
        var slash = outputPath.IndexOf('/', StringComparison.Ordinal);
        return LedgerFolderIn(slash > 0 ? outputPath[..slash] : "", series);
    }

    /// <summary>The ledger of a series whose outputs lie under <paramref name="topFolder"/> (the container on Azure; "" for the store's root).</summary>
    public static string LedgerFolderIn(string topFolder, string series) =>
        topFolder.Length > 0 ? $"{topFolder}/{LedgerFolderName}/{series}" : $"{LedgerFolderName}/{series}";

    /// <summary>Whether a series may have this name: 1-64 letters, digits, '.', '-' or '_', and not '.' or '..' (it names a folder).</summary>
    public static bool IsSeriesName(string? name) =>
        name is { Length: >= 1 and <= 64 } && name is not ("." or "..") && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_');

    /// <summary>The lock one run of a series holds while it runs (two runs of a series would score the same inputs).</summary>
    public static string SeriesLockPath(string outputPath, string series) => LedgerFolder(outputPath, series) + ".lock";

    /// <summary>A run's staging folder: <c>out/_staging/{name}</c>.</summary>
    public static string StagingPrefix(string outputPath, string name) => $"{StagingRoot(outputPath)}/{name}";

    public static string SpecPath(string staging) => $"{staging}/spec.json";

    public static string PlanPath(string staging) => $"{staging}/plan.json";

    public static string CommittedPath(string staging) => $"{staging}/committed.json";

    /// <summary>
    /// A copy of a committed run's summary, kept beside its committed marker: a reuse of the run puts it back beside
    /// the output when the summary there is another run's.
    /// </summary>
    public static string CommittedSummaryPath(string staging) => $"{staging}/summary.json";

    public static string PartPath(string staging, int index, DataFormat format) => $"{staging}/{Parts}/{Index(index)}.{DataFormats.Extension(format)}";

    public static string ErrorsPath(string staging, int index) => $"{staging}/{Errors}/{Index(index)}.jsonl";

    /// <summary>Error records standing for the items of a mini-batch that failed after all its tries.</summary>
    public static string FailedErrorsPath(string staging, int index) => $"{staging}/{FailedErrors}/{Index(index)}.jsonl";

    /// <summary>The folder of a run's done markers (listed by the commit).</summary>
    public static string DoneFolder(string staging) => $"{staging}/{Done}";

    /// <summary>The folder of a run's failed markers (listed by the commit).</summary>
    public static string FailedFolder(string staging) => $"{staging}/{Failed}";

    /// <summary>The mini-batch index a marker, part or error records file is named by (<c>.../00000007.json</c> → 7); -1 for another name.</summary>
    public static int IndexOf(string path)
    {
        var slash = path.LastIndexOf('/');
        var dot = path.IndexOf('.', slash + 1);
        var name = dot > slash ? path.AsSpan(slash + 1, dot - slash - 1) : path.AsSpan(slash + 1);
        return name.Length == 8 && int.TryParse(name, NumberStyles.None, CultureInfo.InvariantCulture, out var index) ? index : -1;
    }

    /// <summary>The marker of a scored mini-batch (its outcome).</summary>
    public static string DonePath(string staging, int index) => $"{staging}/{Done}/{Index(index)}.json";

    /// <summary>The marker of a mini-batch that failed after all its tries.</summary>
    public static string FailedPath(string staging, int index) => $"{staging}/{Failed}/{Index(index)}.json";

    /// <summary>The folder of a run's failed-attempt records (listed by the commit, for the timeline).</summary>
    public static string AttemptsFolder(string staging) => $"{staging}/{Attempts}";

    /// <summary>The record of one attempt at a mini-batch that failed on its worker (<c>attempts/00000007.2.json</c>).</summary>
    public static string AttemptPath(string staging, int index, int attempt) =>
        string.Create(CultureInfo.InvariantCulture, $"{staging}/{Attempts}/{Index(index)}.{attempt}.json");

    /// <summary>
    /// What of a run's staging folder only scoring and the commit need: the folders of markers, parts and error records.
    /// After a commit they can go (the committed marker and summary copy stay, for reuse), markers first: a marker
    /// never outlives the part it stands for.
    /// </summary>
    public static IReadOnlyList<string> ScoringFolders(string staging) =>
        [DoneFolder(staging), FailedFolder(staging), AttemptsFolder(staging), $"{staging}/{Parts}", $"{staging}/{Errors}", $"{staging}/{FailedErrors}"];

    /// <summary>The error records file beside an output: <c>results.csv</c> → <c>results.csv.errors.jsonl</c>.</summary>
    public static string ErrorsBeside(string outputPath) => outputPath + ErrorsSuffix;

    /// <summary>The run summary beside an output: <c>results.csv</c> → <c>results.csv.summary.json</c>.</summary>
    public static string SummaryBeside(string outputPath) => outputPath + SummarySuffix;

    /// <summary>The output a summary is beside: <c>results.csv.summary.json</c> → <c>results.csv</c>; null for a path that is not a summary's.</summary>
    public static string? OutputOfSummary(string summaryPath) =>
        summaryPath.Length > SummarySuffix.Length && summaryPath.EndsWith(SummarySuffix, StringComparison.Ordinal) ? summaryPath[..^SummarySuffix.Length] : null;

    /// <summary>The run's timeline beside an output, one line per mini-batch: <c>results.csv</c> → <c>results.csv.timeline.jsonl</c>.</summary>
    public static string TimelineBeside(string outputPath) => outputPath + TimelineSuffix;

    /// <summary>The run's HTML report beside an output: <c>results.csv</c> → <c>results.csv.report.html</c>.</summary>
    public static string ReportBeside(string outputPath) => outputPath + ReportSuffix;

    /// <summary>Every file a run writes beside its output: error records, summary, timeline, report.</summary>
    public static IReadOnlyList<string> FilesBeside(string outputPath) =>
        [ErrorsBeside(outputPath), SummaryBeside(outputPath), TimelineBeside(outputPath), ReportBeside(outputPath)];

    /// <summary>Whether a path is an error records file beside some output (such a name is never an output's).</summary>
    public static bool IsErrorsFile(string path) => path.EndsWith(ErrorsSuffix, StringComparison.Ordinal);

    /// <summary>
    /// Whether a path is one of the files a run writes for an output (canonical paths): the output itself, its error
    /// records, summary, timeline and report, or anything in a staging folder or a ledger (<see cref="StagingFolderName"/> and
    /// <see cref="LedgerFolderName"/> are reserved everywhere).
    /// Such a path is never an input.
    /// </summary>
    public static bool IsRunFile(string path, string outputPath) =>
        path == outputPath || FilesBeside(outputPath).Contains(path) || IsStaged(path) || IsInLedger(path);

    /// <summary>Whether a path lies in a staging folder (any folder named <see cref="StagingFolderName"/>).</summary>
    public static bool IsStaged(string path) => IsInFolder(path, StagingFolderName);

    /// <summary>Whether a path lies in a ledger folder (any folder named <see cref="LedgerFolderName"/>).</summary>
    public static bool IsInLedger(string path) => IsInFolder(path, LedgerFolderName);

    private static bool IsInFolder(string path, string folder) =>
        path.StartsWith(folder + "/", StringComparison.Ordinal) || path.Contains("/" + folder + "/", StringComparison.Ordinal);

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
}
