using System.Diagnostics;
using System.Text.Json;
using BatchScoring.Tests;

namespace BatchScoring.Benchmarks;

/// <summary>
/// Mini-batches per second through a task hub on Azurite with 1, 2 and 4 worker processes (batchscore worker), a
/// no-op scorer and one-row mini-batches, so that only the orchestration and the storage provider are measured.
/// </summary>
internal static class HubBenchmark
{
    public static async Task<int> RunAsync(int miniBatches)
    {
        var root = Path.Combine(Path.GetTempPath(), "bs-bench-hub");
        Directory.CreateDirectory(Path.Combine(root, "in"));
        File.WriteAllText(Path.Combine(root, "in", "rows.csv"), "id\n" + string.Concat(Enumerable.Range(0, miniBatches).Select(i => $"{i}\n")));
        File.WriteAllText(Path.Combine(root, "spec.json"), """
            {
              "name": "hub-bench",
              "input": { "location": "in", "glob": "*.csv", "mode": "tabular", "passThroughColumns": ["id"] },
              "miniBatch": { "rows": 1 },
              "scorer": { "type": "noop" },
              "execution": { "maxParallelMiniBatches": 32, "reuse": false },
              "output": { "path": "out/results.csv" }
            }
            """);
        await using var azurite = await Azurite.StartAsync(allServices: true);
        var env = new Dictionary<string, string> { ["BATCHSCORE_STORAGE"] = azurite.ConnectionString };
        Console.WriteLine($"{miniBatches} one-row mini-batches, no-op scorer, task hub on Azurite (one Node.js process on the same 2 cores)");
        foreach (var count in new[] { 1, 2, 4 })
        {
            var hub = $"bench{count}w{Environment.ProcessId}";
            var workers = Enumerable.Range(0, count).Select(_ => Start(root, env, "worker", "--hub", hub, "--slots", "8")).ToList();
            try
            {
                var watch = Stopwatch.StartNew();
                var id = (await RunToEndAsync(root, env, "start", "spec.json", "--hub", hub)).Trim().Split('\n')[^1].Trim();
                await RunToEndAsync(root, env, "status", id, "--hub", hub, "--wait");
                var wall = watch.Elapsed;
                using var summary = JsonDocument.Parse(File.ReadAllText(Path.Combine(root, Core.Runs.RunLayout.SummaryBeside("out/results.csv"))));
                var runSeconds = summary.RootElement.GetProperty("wallSeconds").GetDouble();
                Console.WriteLine($"{count} worker(s): {miniBatches / runSeconds,6:F1} mini-batches/s (run {runSeconds:F1} s, start to end seen by the client {wall.TotalSeconds:F1} s)");
            }
            finally
            {
                foreach (var worker in workers)
                {
                    worker.Kill(entireProcessTree: true);
                    worker.Dispose();
                }
            }
        }

        Console.WriteLine("Published for Durable Functions on the Azure Storage provider: about 100 activities/s fan-out for one orchestration on one small VM.");
        return 0;
    }

    private static Process Start(string root, Dictionary<string, string> env, params string[] args)
    {
        var process = Process.Start(Batchscore(root, env, args))!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private static async Task<string> RunToEndAsync(string root, Dictionary<string, string> env, params string[] args)
    {
        using var process = Process.Start(Batchscore(root, env, args))!;
        var output = await process.StandardOutput.ReadToEndAsync();
        var error = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return process.ExitCode == 0 ? output : throw new InvalidOperationException($"batchscore {string.Join(' ', args)} failed ({process.ExitCode}): {error}{output}");
    }

    /// <summary>dotnet batchscore.dll ARGS in the benchmark's folder with the task hub's connection string.</summary>
    private static ProcessStartInfo Batchscore(string root, Dictionary<string, string> env, string[] args)
    {
        var info = new ProcessStartInfo("dotnet") { WorkingDirectory = root, RedirectStandardOutput = true, RedirectStandardError = true };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "batchscore.dll"));
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        foreach (var (name, value) in env)
        {
            info.Environment[name] = value;
        }

        return info;
    }
}
