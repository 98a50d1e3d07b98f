namespace BatchScoring.Functions.Options;

/// <summary>One scheduled run: a CRON expression (UTC; 5 fields, or 6 with seconds first) and the spec it runs.</summary>
public sealed class ScheduleOptions
{
    /// <summary>When the run starts, in UTC: <c>0 2 * * *</c> (02:00 every day) or <c>0 0 2 * * *</c>.</summary>
    public string Cron { get; set; } = "";

    /// <summary>Name of a spec blob in the specs container.</summary>
    public string Spec { get; set; } = "";
}
