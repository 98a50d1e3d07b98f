using BatchScoring.Tests;
using Xunit.Abstractions;

namespace BatchScoring.Runner.Tests;

/// <summary>
/// The csv-wide benchmark's short mode, in CI: 2,000 rows through all four set-ups (bare ONNX Runtime, the naive
/// loop, <c>batchscore run</c> with spec defaults and with the best spec), as the benchmark runs them. It checks what
/// a timing cannot: that the benchmark still runs end to end and that both runs' outputs are byte-identical to the
/// naive loop's. Its speed figures are printed, never asserted (the full benchmark at 100k and 1M rows gives them).
/// </summary>
public sealed class CsvWideShortModeTests(ITestOutputHelper output)
{
    private const int Rows = 2_000;

    [Fact]
    public async Task CsvWide_ShortMode_RunsEverySetUpAndOutputsMatchTheNaiveLoop()
    {
        var benchmark = BenchmarkExecutable();
        Assert.True(File.Exists(benchmark), $"the benchmark's build output {benchmark} is missing: build Functions.sln (it builds tests/BatchScoring.Benchmarks)");

        var (code, printed) = await Batchscore.RunProgramAsync(benchmark, Repo.Root, TimeSpan.FromMinutes(5), "csv-wide", Rows.ToString(System.Globalization.CultureInfo.InvariantCulture), "--built");
        output.WriteLine(printed);

        Assert.True(code == 0, $"csv-wide {Rows} --built exited {code}:\n{printed}");
        Assert.Contains("(a) bare ORT Run, best", printed, StringComparison.Ordinal);
        Assert.Contains("(b) naive C# loop", printed, StringComparison.Ordinal);
        Assert.Contains("(c) batchscore run, spec defaults", printed, StringComparison.Ordinal);
        Assert.Equal(2, CountOf(printed, "output identical to (b)"));
        Assert.Contains("(c)/(a) = ", printed, StringComparison.Ordinal);
    }

    /// <summary>The benchmark built beside this project, in the same configuration (the project reference builds it first).</summary>
    private static string BenchmarkExecutable() =>
        AppContext.BaseDirectory.Replace(
            $"{Path.DirectorySeparatorChar}BatchScoring.Runner.Tests{Path.DirectorySeparatorChar}",
            $"{Path.DirectorySeparatorChar}BatchScoring.Benchmarks{Path.DirectorySeparatorChar}",
            StringComparison.Ordinal) + "BatchScoring.Benchmarks.dll";

    private static int CountOf(string text, string value)
    {
        var count = 0;
        for (var i = text.IndexOf(value, StringComparison.Ordinal); i >= 0; i = text.IndexOf(value, i + value.Length, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }
}
