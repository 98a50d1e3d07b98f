using System.ComponentModel;
using System.ComponentModel.DataAnnotations;

namespace BatchScoring.Core.Spec;

/// <summary>Tries, timeouts, parallelism and reuse (PRS run_max_try, run_invocation_timeout, node/process counts, allow_reuse).</summary>
[Description("Tries, timeouts, parallelism and reuse (PRS run_max_try, run_invocation_timeout, allow_reuse).")]
public sealed record ExecutionSpec
{
    [Description("Tries per mini-batch, with exponential back-off (PRS run_max_try; default 3).")]
    [Range(1, 100)]
    public int MaxTries { get; init; } = 3;

    [Description("Seconds one attempt at a mini-batch may take before it is abandoned and retried (PRS run_invocation_timeout; default 60).")]
    [Range(1, 86_400)]
    public int MiniBatchTimeout { get; init; } = 60;

    [Description("Seconds before the second try of a mini-batch; each further try waits twice as long, at most 5 minutes (default 1).")]
    [Range(0.0, 300.0)]
    public double RetryDelaySeconds { get; init; } = 1;

    [Description("Mini-batches in flight at once across all workers (default 8).")]
    [Range(1, 100_000)]
    public int MaxParallelMiniBatches { get; init; } = 8;

    [Description("A finished identical run is not redone and a re-run reuses staged results (PRS allow_reuse; default true).")]
    public bool Reuse { get; init; } = true;

    [Description("false (default): after a successful commit the run's staging folder is removed, keeping only the record that lets an identical run be reused. true: the staged parts, error records and markers are kept.")]
    public bool KeepStaging { get; init; }
}
