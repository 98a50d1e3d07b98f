using System.Globalization;
using BatchScoring.Benchmarks.CsvWide;
using BatchScoring.Tests;

namespace BatchScoring.Benchmarks;

/// <summary>
/// tracing: what exporting traces and metrics costs a run. The published runner scores the csv-wide input (784 uint8
/// columns, the MLP) with mini-batches of 1,000 rows and of 50 rows (many spans), each case alternately without
/// telemetry and with <c>--otlp</c> to a collector in this process (every span and metric sent over OTLP/HTTP),
/// <c>--times</c> times each (default 7: on a shared 2-core machine three runs each moved the ratio by 5 points from
/// one try to the next); prints the median whole-process wall times and their ratio.
/// </summary>
internal static class TracingBenchmark
{
    public static async Task<int> RunAsync(int rows, int times)
    {
        await CsvWideData.EnsureAsync(rows);
        var batchscore = await PublishedRunner.EnsureAsync(built: false);
        using var collector = OtlpCollector.Start();
        Console.WriteLine($"tracing: {rows:N0} csv-wide rows, published runner, {times} runs each alternately, {Environment.ProcessorCount} cores");
        foreach (var miniBatchRows in new[] { 1000, 50 })
        {
            var walls = new Dictionary<bool, List<double>> { [false] = [], [true] = [] };
            for (var i = 0; i < times; i++)
            {
                foreach (var traced in new[] { false, true })
                {
                    var run = await RunAsync(batchscore, rows, miniBatchRows, traced ? collector.Url : null);
                    if (run.ExitCode != 0)
                    {
                        Console.Error.WriteLine(run.Output);
                        return 1;
                    }

                    walls[traced].Add(run.Wall.TotalSeconds);
                }
            }

            static double Median(List<double> values) => values.Order().ElementAt(values.Count / 2);
            var (off, on) = (Median(walls[false]), Median(walls[true]));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {rows / miniBatchRows,6:N0} mini-batches of {miniBatchRows,5:N0} rows: off {off,6:F2} s, traced {on,6:F2} s, traced/off {on / off:F3} ({(on / off - 1) * 100:+0.0;-0.0} %)"));
        }

        Console.WriteLine($"  the collector received {collector.Bodies("/v1/traces").Length:N0} bytes of spans");
        return 0;
    }

    private static async Task<ChildRun> RunAsync(string batchscore, int rows, int miniBatchRows, string? otlp)
    {
        var folder = CsvWideData.Folder;
        var name = $"tracing-{miniBatchRows}";
        var outputFolder = Path.Combine(folder, $"out-{name}");
        if (Directory.Exists(outputFolder))
        {
            Directory.Delete(outputFolder, recursive: true);
        }

        var spec = $$"""
            {
              "name": "{{name}}",
              "input": { "location": "in-{{rows}}", "glob": "*.csv", "mode": "tabular", "passThroughColumns": ["id"] },
              "model": { "location": "{{CsvWideData.ModelName}}" },
              "miniBatch": { "rows": {{miniBatchRows}} },
              "execution": { "reuse": false },
              "output": { "path": "out-{{name}}/results.csv" }
            }
            """;
        var specPath = Path.Combine(folder, $"spec-{name}.json");
        await File.WriteAllTextAsync(specPath, spec);
        string[] args = otlp is null ? ["run", specPath, "--root", folder] : ["run", specPath, "--root", folder, "--otlp", otlp];
        return await ChildRun.RunAsync(batchscore, args, folder);
    }
}
