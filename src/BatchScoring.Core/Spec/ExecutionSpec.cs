using System.ComponentModel;
using System.ComponentModel.DataAnnotations;

namespace BatchScoring.Core.Spec;

/// <summary>Tries, timeouts, parallelism and reuse (PRS run_max_try, run_invocation_timeout, node/process counts, allow_reuse).</summary>
[Description("Tries, timeouts, parallelism and reuse (PRS run_max_try, run_invocation_timeout, allow_reuse).")]
public sealed record ExecutionSpec
{
    /// <summary>The longest wait between two tries of a mini-batch, however far the back-off doubles.</summary>
    public const double MaxRetryDelaySeconds = 300;

    [Description("Tries per mini-batch, with exponential back-off (PRS run_max_try; default 3).")]
    [Range(1, 100)]
    public int MaxTries { get; init; } = 3;

    [Description("Seconds one attempt at a mini-batch may take before it is abandoned and retried (PRS run_invocation_timeout; default 60).")]
    [Range(1, 86_400)]
    public int MiniBatchTimeout { get; init; } = 60;

    [Description("Seconds before the second try of a mini-batch; each further try waits twice as long, at most 5 minutes (default 1).")]
    [Range(0.0, MaxRetryDelaySeconds)]
    public double RetryDelaySeconds { get; init; } = 1;

    [Description("Mini-batches in flight at once across all workers (default 8).")]
    [Range(1, 100_000)]
    public int MaxParallelMiniBatches { get; init; } = 8;

    [Description("A finished identical run is not redone and a re-run reuses staged results (PRS allow_reuse; default true).")]
    public bool Reuse { get; init; } = true;

    [Description("false (default): after a successful commit the run's staging folder is removed, keeping only the record that lets an identical run be reused. true: the staged parts, error records and markers are kept.")]
    public bool KeepStaging { get; init; }

    [Description("true: score only the inputs no earlier committed run of the series scored (new files or blobs, and those whose version changed); every committed run appends what it scored to the series' ledger. Use with an output path that names each run's file (output.path tokens {runDate:FORMAT} and {runId}). Default false.")]
    public bool Incremental { get; init; }

    [Description("Incremental runs: the series whose ledger the run reads and appends to (letters, digits, '.', '-', '_'). Default: the spec's name.")]
    public string? Series { get; init; }

    [Description("Incremental runs: rescore (default) scores again what an earlier run scored with another model; newOnly scores only inputs no model scored.")]
    public ModelChangeAction OnModelChange { get; init; } = ModelChangeAction.Rescore;

    /// <summary>The series of an incremental run: <see cref="Series"/>, else the spec's name.</summary>
    public string SeriesOf(string specName) => string.IsNullOrWhiteSpace(Series) ? specName : Series;
}
