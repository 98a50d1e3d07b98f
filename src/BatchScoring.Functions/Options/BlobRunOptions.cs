namespace BatchScoring.Functions.Options;

/// <summary>
/// A blob-arrival rule: a blob created under <see cref="Prefix"/> in the inputs container is scored with the spec
/// <see cref="Spec"/>, one run per blob; or, with <see cref="GroupWindowSeconds"/> above 0, one run per folder and
/// time window for a burst of arrivals.
/// </summary>
public sealed class BlobRunOptions
{
    /// <summary>Blob-name prefix inside the inputs container (<c>churn/</c>); empty matches every blob.</summary>
    public string Prefix { get; set; } = "";

    /// <summary>Name of a spec blob in the specs container; its input location, glob and output path are set per blob.</summary>
    public string Spec { get; set; } = "";

    /// <summary>0: one run per blob. Above 0: arrivals in one folder within one window of this many seconds start one run, when the window closes.</summary>
    public int GroupWindowSeconds { get; set; }
}
