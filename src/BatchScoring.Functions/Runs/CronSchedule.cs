using NCrontab;

namespace BatchScoring.Functions.Runs;

/// <summary>
/// A CRON expression in UTC, parsed as the Functions timer trigger parses its own (NCrontab): five fields, or six
/// with seconds first.
/// </summary>
public sealed class CronSchedule
{
    private readonly CrontabSchedule schedule;

    private CronSchedule(CrontabSchedule schedule) => this.schedule = schedule;

    public static bool TryParse(string expression, out CronSchedule? result, out string? problem)
    {
        ArgumentNullException.ThrowIfNull(expression);
        var fields = expression.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length;
        try
        {
            result = new CronSchedule(CrontabSchedule.Parse(expression, new CrontabSchedule.ParseOptions { IncludingSeconds = fields == 6 }));
            problem = null;
            return true;
        }
        catch (CrontabException e)
        {
            result = null;
            problem = fields is 5 or 6 ? e.Message : $"expected 5 fields (minute hour day month weekday) or 6 (seconds first), found {fields}";
            return false;
        }
    }

    public static CronSchedule Parse(string expression) =>
        TryParse(expression, out var result, out var problem) ? result! : throw new FormatException($"'{expression}' is not a CRON expression: {problem}");

    /// <summary>The latest occurrence in (<paramref name="after"/>, <paramref name="upTo"/>], or null when there is none.</summary>
    public DateTimeOffset? LatestIn(DateTimeOffset after, DateTimeOffset upTo)
    {
        DateTime? latest = null;
        foreach (var occurrence in schedule.GetNextOccurrences(after.UtcDateTime, upTo.UtcDateTime.AddTicks(1)))
        {
            latest = occurrence;
        }

        return latest is { } value ? new DateTimeOffset(DateTime.SpecifyKind(value, DateTimeKind.Utc)) : null;
    }
}
