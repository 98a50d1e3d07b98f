namespace BatchScoring.Core.Runs;

/// <summary>Minimum, median, 95th percentile and maximum of durations in seconds (nearest-rank percentiles).</summary>
public sealed record DurationStats(int Count, double Min, double Median, double P95, double Max)
{
    public static DurationStats Of(IEnumerable<double> seconds)
    {
        var sorted = seconds.Order().ToArray();
        if (sorted.Length == 0)
        {
            return new DurationStats(0, 0, 0, 0, 0);
        }

        double Rank(double p) => sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];
        return new DurationStats(sorted.Length, sorted[0], Rank(0.5), Rank(0.95), sorted[^1]);
    }
}
