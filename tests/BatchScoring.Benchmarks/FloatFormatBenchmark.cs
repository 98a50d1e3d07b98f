using System.Diagnostics;
using System.Globalization;
using BatchScoring.Storage.Formats;

namespace BatchScoring.Benchmarks;

/// <summary>
/// float-format: what the text writers' float formatting costs, <see cref="ShortestFloat"/> against .NET's
/// <c>float.TryFormat</c> on 10M random probabilities, one core (best of three rounds); with <c>--all</c> it then
/// compares the two on every one of the 2^32 bit patterns, on every core (a few minutes), and prints how many differ.
/// </summary>
internal static class FloatFormatBenchmark
{
    public static int Run(bool all)
    {
        var random = new Random(1);
        var values = Enumerable.Range(0, 10_000_000).Select(_ => random.NextSingle()).ToArray();
        Span<byte> buffer = stackalloc byte[32];
        var ours = TimeSpan.MaxValue;
        var dotnet = TimeSpan.MaxValue;
        long bytes = 0;
        for (var round = 0; round < 3; round++)
        {
            var watch = Stopwatch.StartNew();
            foreach (var v in values)
            {
                bytes += ShortestFloat.Format(v, buffer);
            }

            ours = Min(ours, watch.Elapsed);
            watch.Restart();
            foreach (var v in values)
            {
                v.TryFormat(buffer, out var written, default, CultureInfo.InvariantCulture);
                bytes += written;
            }

            dotnet = Min(dotnet, watch.Elapsed);
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"float-format: 10M random floats in [0, 1), one core, best of 3 ({bytes / 6:N0} bytes a round)"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  ShortestFloat.Format   {ours.TotalMilliseconds * 1e6 / values.Length,6:F1} ns a value"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  float.TryFormat        {dotnet.TotalMilliseconds * 1e6 / values.Length,6:F1} ns a value   ({dotnet / ours:F2}x ShortestFloat's)"));
        if (!all)
        {
            return 0;
        }

        long differ = 0;
        uint? first = null;
        var total = Stopwatch.StartNew();
        Parallel.For(0, 256, part =>
        {
            Span<byte> a = stackalloc byte[32];
            Span<byte> b = stackalloc byte[32];
            var start = (uint)part << 24;
            for (var i = 0u; i < 1u << 24; i++)
            {
                var v = BitConverter.UInt32BitsToSingle(start + i);
                var n = ShortestFloat.Format(v, a);
                v.TryFormat(b, out var m, default, CultureInfo.InvariantCulture);
                if (!a[..n].SequenceEqual(b[..m]))
                {
                    Interlocked.Increment(ref differ);
                    first ??= start + i;
                }
            }
        });
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  all 4,294,967,296 bit patterns compared in {total.Elapsed.TotalSeconds:F0} s: {differ:N0} differ{(first is { } f ? $", the first {f:X8}" : "")}"));
        return differ == 0 ? 0 : 1;
    }

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;
}
