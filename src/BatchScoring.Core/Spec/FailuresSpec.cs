using System.ComponentModel;
using System.ComponentModel.DataAnnotations;

namespace BatchScoring.Core.Spec;

/// <summary>The failure budget, with Azure ML's semantics; -1 (and 100 for the percentage) ignore a limit.</summary>
[Description("The failure budget, with Azure ML's semantics; -1 (and 100 for the percentage) ignore a limit.")]
public sealed record FailuresSpec
{
    [Description("Failed items allowed in the whole run (PRS error_threshold); -1 ignores.")]
    [Range(-1, long.MaxValue)]
    public long ErrorThreshold { get; init; } = -1;

    [Description("Failed mini-batches allowed after all their tries (PRS allowed_failed_count); -1 ignores.")]
    [Range(-1, long.MaxValue)]
    public long AllowedFailedCount { get; init; } = -1;

    [Description("Share of failed mini-batches allowed, 0-100 (PRS allowed_failed_percent); 100 ignores.")]
    [Range(0.0, 100.0)]
    public double AllowedFailedPercent { get; init; } = 100;
}
