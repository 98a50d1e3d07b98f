using System.Globalization;
using BatchScoring.Benchmarks.CsvWide;

namespace BatchScoring.Benchmarks;

/// <summary>
/// startup: whole-process wall time of a 10-row csv-wide run (the spec sets only paths and columns), five times each,
/// for the published runner (ReadyToRun, as the README installs it), the plain build output (JIT), and, as the floor,
/// the naive C# loop (a bare .NET program that opens the same model with ONNX Runtime and scores the same rows).
/// </summary>
internal static class StartupBenchmark
{
    private const int Rows = 10;
    private const int Times = 5;

    public static async Task<int> RunAsync()
    {
        await CsvWideData.EnsureAsync(Rows);
        var published = await PublishedRunner.EnsureAsync(built: false);
        var built = await PublishedRunner.EnsureAsync(built: true);
        var self = Path.Combine(AppContext.BaseDirectory, "BatchScoring.Benchmarks");
        Console.WriteLine($"startup: a {Rows}-row csv-wide run, whole process, {Times} times each, {Environment.ProcessorCount} cores");

        var exit = 0;
        foreach (var (name, run) in new (string, Func<Task<ChildRun>>)[]
        {
            ("batchscore run, published (ReadyToRun)", async () => (await CsvWideBenchmark.RunProductAsync(published, Rows, "c", best: false)).Run),
            ("batchscore run, build output (JIT)", async () => (await CsvWideBenchmark.RunProductAsync(built, Rows, "c", best: false)).Run),
            ("naive C# loop (.NET + ONNX Runtime)", () => ChildRun.RunAsync(self, ["csv-wide-naive", CsvWideData.InputPath(Rows), CsvWideData.ModelPath, Path.Combine(CsvWideData.Folder, $"naive-{Rows}.csv")], environment: ChildRun.DotNetDefaults)),
        })
        {
            var runs = new List<ChildRun>();
            for (var i = 0; i < Times; i++)
            {
                runs.Add(await run());
            }

            var failed = runs.FirstOrDefault(r => r.ExitCode != 0);
            if (failed is not null)
            {
                Console.Error.WriteLine(failed.Output);
                exit = 1;
            }

            var walls = runs.Select(r => r.Wall.TotalSeconds).Order().ToList();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {name,-40} best {walls[0],5:F2} s  median {walls[walls.Count / 2],5:F2} s  peak RSS {runs.Max(r => r.PeakRssBytes) / 1048576.0,5:N0} MiB{(failed is null ? "" : $"  exit {failed.ExitCode}")}"));
        }

        return exit;
    }
}
