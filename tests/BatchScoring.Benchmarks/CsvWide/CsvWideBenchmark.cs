using System.Globalization;

namespace BatchScoring.Benchmarks.CsvWide;

/// <summary>
/// csv-wide: a CSV of <c>id</c> and 784 uint8 pixel columns scored by an MLP (input uint8 [N,784]). For each row count
/// it measures, in one run, as separate processes: (a) bare ONNX Runtime on pre-parsed tensors (best set-up: the
/// limit), (b) the naive C# loop, (c) <c>batchscore run</c> with a spec that sets only paths and columns, (d) the same
/// with the best spec known. It prints rows/s by whole-process wall time (for (a): Run alone), peak RSS, the ratios
/// (c)/(a) and (c)/(b), and whether (c)'s and (d)'s outputs are byte-identical to (b)'s.
/// </summary>
internal static class CsvWideBenchmark
{
    public static async Task<int> RunAsync(IReadOnlyList<string> args)
    {
        var rowCounts = new List<int>();
        var built = false;
        var onlyDefaults = false;
        for (var i = 0; i < args.Count; i++)
        {
            if (args[i] == "--built")
            {
                built = true;
            }
            else if (args[i] == "--defaults-only")
            {
                onlyDefaults = true;
            }
            else if (args[i] == "--hidden")
            {
                CsvWideData.Hidden = int.Parse(args[++i], CultureInfo.InvariantCulture);
            }
            else
            {
                rowCounts.Add(int.Parse(args[i], CultureInfo.InvariantCulture));
            }
        }

        if (rowCounts.Count == 0)
        {
            rowCounts = [100_000, 1_000_000];
        }

        var self = Path.Combine(AppContext.BaseDirectory, "BatchScoring.Benchmarks");
        var batchscore = await PublishedRunner.EnsureAsync(built);
        Console.WriteLine($"batchscore: {(built ? "build output (JIT)" : "dotnet publish (ReadyToRun)")}, {batchscore}");
        var exit = 0;
        foreach (var rows in rowCounts)
        {
            await CsvWideData.EnsureAsync(rows);
            var input = CsvWideData.InputPath(rows);
            Console.WriteLine($"csv-wide: {rows:N0} rows x (id + {CsvWideData.Width} uint8 columns), {new FileInfo(input).Length / 1e6:F0} MB CSV, MLP 784-{CsvWideData.Hidden}-10, {Environment.ProcessorCount} cores");

            if (onlyDefaults)
            {
                // Large inputs (10M rows: 22 GB) where (a) would hold every tensor in memory and (b) take an hour.
                var run = await RunProductAsync(batchscore, rows, "c", best: false);
                Row("(c) batchscore run, spec defaults", rows / run.Run.Wall.TotalSeconds, run.Run.PeakRssBytes, run.Run.ExitCode == 0 ? $"{new FileInfo(run.OutputPath).Length / 1e6:F0} MB output" : $"exit {run.Run.ExitCode}");
                exit = run.Run.ExitCode == 0 ? exit : 1;
                continue;
            }

            var bare = await ChildRun.RunAsync(self, ["csv-wide-bare", input, CsvWideData.ModelPath], environment: ChildRun.DotNetDefaults);
            var setups = bare.Output.Split('\n').Where(l => l.StartsWith("bare\t", StringComparison.Ordinal))
                .Select(l => l.Split('\t')).Select(p => (Setup: p[1], Seconds: double.Parse(p[2], CultureInfo.InvariantCulture))).ToList();
            if (bare.ExitCode != 0 || setups.Count == 0)
            {
                Console.Error.WriteLine(bare.Output);
                return 1;
            }

            var naiveOutput = Path.Combine(CsvWideData.Folder, $"naive-{rows}.csv");
            var naive = await ChildRun.RunAsync(self, ["csv-wide-naive", input, CsvWideData.ModelPath, naiveOutput], environment: ChildRun.DotNetDefaults);
            var defaults = await RunProductAsync(batchscore, rows, "c", best: false);
            var tuned = await RunProductAsync(batchscore, rows, "d", best: true);

            var best = setups.MinBy(s => s.Seconds);
            var limit = rows / best.Seconds;
            foreach (var (setup, seconds) in setups)
            {
                Console.WriteLine($"  (a) bare ORT Run, {setup,-32} {rows / seconds,12:N0} rows/s{(setup == best.Setup ? "  <- the limit" : "")}");
            }

            Row("(a) bare ORT Run, best (Run only)", limit, bare.PeakRssBytes, "");
            Row("(b) naive C# loop", rows / naive.Wall.TotalSeconds, naive.PeakRssBytes, naive.ExitCode == 0 ? "" : $"exit {naive.ExitCode}");
            foreach (var (name, run) in new[] { ("(c) batchscore run, spec defaults", defaults), ("(d) batchscore run, best spec", tuned) })
            {
                var identical = run.Run.ExitCode == 0 && FilesEqual(run.OutputPath, naiveOutput);
                Row(name, rows / run.Run.Wall.TotalSeconds, run.Run.PeakRssBytes, run.Run.ExitCode != 0 ? $"exit {run.Run.ExitCode}" : identical ? "output identical to (b)" : "OUTPUT DIFFERS FROM (b)");
                if (run.Run.ExitCode != 0 || !identical)
                {
                    Console.Error.WriteLine(run.Run.Output);
                    exit = 1;
                }
            }

            var c = rows / defaults.Run.Wall.TotalSeconds;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  (c)/(a) = {c / limit:F2}   (c)/(b) = {c / (rows / naive.Wall.TotalSeconds):F2}   peak RSS measured by {naive.PeakSource}"));
            Console.WriteLine();
        }

        return exit;
    }

    private static void Row(string name, double rowsPerSecond, long peakRss, string note) =>
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {name,-38} {rowsPerSecond,12:N0} rows/s  {peakRss / 1048576.0,7:N0} MiB peak RSS  {note}"));

    internal static async Task<(ChildRun Run, string OutputPath)> RunProductAsync(string batchscore, int rows, string name, bool best)
    {
        var folder = CsvWideData.Folder;
        var output = $"out-{name}-{rows}/results.csv";
        var outputFolder = Path.Combine(folder, $"out-{name}-{rows}");
        if (Directory.Exists(outputFolder))
        {
            Directory.Delete(outputFolder, recursive: true); // a committed identical run would be reused, not scored
        }

        var spec = $$"""
            {
              "name": "csv-wide-{{name}}",
              "input": { "location": "in-{{rows}}", "glob": "*.csv", "mode": "tabular", "passThroughColumns": ["id"] },
              "model": { "location": "{{CsvWideData.ModelName}}"{{(best ? BestModel : "")}} },{{(best ? BestRest(rows) : "")}}
              "output": { "path": "{{output}}" }
            }
            """;
        var specPath = Path.Combine(folder, $"spec-{name}-{rows}.json");
        await File.WriteAllTextAsync(specPath, spec);
        var run = await ChildRun.RunAsync(batchscore, ["run", specPath, "--root", folder], folder);
        return (run, Path.Combine(folder, output));
    }

    /// <summary>The model settings of the best spec known (d), appended to the model section.</summary>
    private const string BestModel = ", \"intraOpThreads\": 1";

    /// <summary>The other sections of the best spec known (d).</summary>
    private static string BestRest(int rows) => $"\n  \"miniBatch\": {{ \"rows\": {Math.Min(rows, 100_000)} }},";

    private static bool FilesEqual(string a, string b)
    {
        if (!File.Exists(a) || !File.Exists(b) || new FileInfo(a).Length != new FileInfo(b).Length)
        {
            return false;
        }

        using var x = File.OpenRead(a);
        using var y = File.OpenRead(b);
        var bx = new byte[1 << 16];
        var by = new byte[1 << 16];
        int n;
        while ((n = x.ReadAtLeast(bx, bx.Length, throwOnEndOfStream: false)) > 0)
        {
            y.ReadExactly(by, 0, n);
            if (!bx.AsSpan(0, n).SequenceEqual(by.AsSpan(0, n)))
            {
                return false;
            }
        }

        return true;
    }
}
