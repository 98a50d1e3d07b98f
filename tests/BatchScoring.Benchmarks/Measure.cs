using System.Diagnostics;
using System.Globalization;

namespace BatchScoring.Benchmarks;

internal static class Measure
{
    public static async Task<TimeSpan> TimeAsync(Func<Task> action)
    {
        var watch = Stopwatch.StartNew();
        await action();
        return watch.Elapsed;
    }

    public static string Rate(long items, TimeSpan time) => (items / time.TotalSeconds).ToString("N0", CultureInfo.InvariantCulture) + "/s";

    public static string Seconds(TimeSpan time) => time.TotalSeconds.ToString("F2", CultureInfo.InvariantCulture) + " s";

    public static string PeakMemory()
    {
        using var process = Process.GetCurrentProcess();
        process.Refresh();
        return (process.PeakWorkingSet64 / (1024.0 * 1024)).ToString("F0", CultureInfo.InvariantCulture) + " MiB peak working set";
    }
}
