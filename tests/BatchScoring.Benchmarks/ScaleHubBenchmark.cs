using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using BatchScoring.Core.Runs;
using BatchScoring.Storage;
using BatchScoring.Storage.Azure;
using BatchScoring.Tests;

namespace BatchScoring.Benchmarks;

/// <summary>
/// The distributed path at scale: <c>batchscore start</c> and W <c>batchscore worker</c> processes on an Azurite task
/// hub, data on Azurite blob storage (<c>--data-storage</c>), optionally with a delay injected before every data
/// request (the network between a worker and Azure). Cases: one-row no-op mini-batches, or mini-batches of 10 digits
/// scored by the digits MLP. Prints mini-batches/s over the first and the last 10% of the mini-batches (from their done
/// markers' times), the run's and the commit's seconds, the storage requests by step and kind (counted in each
/// worker, <c>--stats</c>), and each worker's peak memory; checks the output has every row once, in order.
/// </summary>
internal static class ScaleHubBenchmark
{
    public static async Task<int> RunAsync(IReadOnlyList<string> args)
    {
        var miniBatches = args.Count > 0 && int.TryParse(args[0], CultureInfo.InvariantCulture, out var n) ? n : 100_000;
        var workers = Option(args, "--workers", 2);
        var latency = Option(args, "--latency-ms", 0);
        var digits = args.Contains("--digits");
        var root = Path.Combine(Path.GetTempPath(), $"bs-bench-scale-hub-{Environment.ProcessId}");
        Directory.CreateDirectory(root);
        await using var azurite = await Azurite.StartAsync(allServices: true);
        var container = "bench";
        var store = new AzureBlobStore(azurite.ConnectionString);
        var (rows, spec) = await PrepareAsync(store, container, miniBatches, digits);
        File.WriteAllText(Path.Combine(root, "spec.json"), spec);
        var env = new Dictionary<string, string> { ["BATCHSCORE_STORAGE"] = azurite.ConnectionString };
        var hub = $"scale{Environment.ProcessId}";
        Console.WriteLine($"{miniBatches:N0} mini-batches ({(digits ? "10 digits each, digits MLP" : "one row each, no-op scorer")}), {workers} worker(s) with 16 slots, " +
            $"task hub and data on Azurite (one Node.js process on the same 2 cores){(latency > 0 ? $", {latency} ms injected before every data request" : "")}");

        var processes = new List<(Process Process, string Stats)>();
        for (var w = 0; w < workers; w++)
        {
            var stats = Path.Combine(root, $"worker{w}.json");
            List<string> workerArgs = ["worker", "--hub", hub, "--slots", "16", "--data-storage", azurite.ConnectionString, "--stats", stats];
            if (latency > 0)
            {
                workerArgs.AddRange(["--storage-latency-ms", latency.ToString(CultureInfo.InvariantCulture)]);
            }

            processes.Add((Start(root, env, [.. workerArgs]), stats));
        }

        try
        {
            var watch = Stopwatch.StartNew();
            var id = (await RunToEndAsync(root, env, "start", "spec.json", "--hub", hub)).Trim().Split('\n')[^1].Trim();
            await RunToEndAsync(root, env, "status", id, "--hub", hub, "--wait");
            var wall = watch.Elapsed;
            foreach (var (process, _) in processes)
            {
                Signal(process.Id, "TERM");
            }

            foreach (var (process, _) in processes)
            {
                await process.WaitForExitAsync();
            }

            await ReportAsync(store, container, rows, miniBatches, wall, processes.Select(p => p.Stats).ToList());
            return 0;
        }
        finally
        {
            foreach (var (process, _) in processes)
            {
                if (!process.HasExited)
                {
                    process.Kill(entireProcessTree: true);
                }

                process.Dispose();
            }
        }
    }

    /// <summary>Uploads the input and returns the spec: one-row mini-batches of ids, or ten-row ones of digits.</summary>
    private static async Task<(long Rows, string Spec)> PrepareAsync(AzureBlobStore store, string container, int miniBatches, bool digits)
    {
        var csv = new StringBuilder();
        long rows;
        if (digits)
        {
            var lines = File.ReadAllLines(Repo.PathOf("samples/digits-tabular/data/digits.csv"));
            csv.Append(lines[0]).Append('\n');
            rows = miniBatches * 10L;
            for (long r = 0; r < rows; r++)
            {
                var line = lines[1 + (int)(r % (lines.Length - 1))];
                csv.Append(r.ToString(CultureInfo.InvariantCulture)).Append(line.AsSpan(line.IndexOf(',', StringComparison.Ordinal))).Append('\n');
            }

            await store.WriteAllBytesAsync($"{container}/models/digits-mlp.onnx", await File.ReadAllBytesAsync(Repo.PathOf("samples/models/digits-mlp.onnx")));
        }
        else
        {
            csv.Append("id\n");
            rows = miniBatches;
            for (var r = 0; r < miniBatches; r++)
            {
                csv.Append(r.ToString(CultureInfo.InvariantCulture)).Append('\n');
            }
        }

        await store.WriteAllBytesAsync($"{container}/in/rows.csv", Encoding.UTF8.GetBytes(csv.ToString()));
        var scorer = digits
            ? $$"""
              "model": { "location": "{{container}}/models/digits-mlp.onnx", "inputs": [{ "name": "pixels", "columns": ["pixel_*"] }],
                         "outputs": [{ "name": "label", "kind": "label", "column": "predicted" }] },
            """
            : """
              "scorer": { "type": "noop" },
            """;
        return (rows, $$"""
            {
              "name": "scale-hub",
              "input": { "location": "{{container}}/in", "glob": "*.csv", "mode": "tabular", "passThroughColumns": ["id"] },
              "miniBatch": { "rows": {{(digits ? 10 : 1)}} },
            {{scorer}}
              "execution": { "maxParallelMiniBatches": 32, "reuse": false, "keepStaging": true },
              "output": { "path": "{{container}}/out/results.csv" }
            }
            """);
    }

    private static async Task ReportAsync(AzureBlobStore store, string container, long rows, int miniBatches, TimeSpan wall, IReadOnlyList<string> statsFiles)
    {
        var summaryPath = RunLayout.SummaryBeside($"{container}/out/results.csv");
        using var summary = JsonDocument.Parse(await store.ReadAllBytesAsync(summaryPath));
        var run = summary.RootElement;
        var fingerprint = run.GetProperty("fingerprint").GetString()![..16];

        // Exactly once, in order: every id once, ascending.
        var output = Encoding.UTF8.GetString(await store.ReadAllBytesAsync($"{container}/out/results.csv")).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var ids = output.Skip(1).Select(l => long.Parse(l.AsSpan(0, l.IndexOf(',') < 0 ? l.Length : l.IndexOf(',')), CultureInfo.InvariantCulture)).ToList();
        var inOrder = ids.Count == rows && ids.Select((id, i) => id == i).All(x => x);

        // Throughput over the first and the last 10% of mini-batches, from when their done markers were written.
        var times = new List<DateTimeOffset>();
        await foreach (var blob in store.ListAsync(RunLayout.StagingRoot($"{container}/out/results.csv")))
        {
            // This run's staging folder is named by its fingerprint (and, without reuse, its instance id).
            if (blob.Path.Contains($"/{fingerprint}", StringComparison.Ordinal) && RunLayout.IndexOf(blob.Path) >= 0 && blob.Path.Contains("/done/", StringComparison.Ordinal))
            {
                times.Add(blob.LastModified);
            }
        }

        times.Sort();
        var tenth = Math.Max(1, times.Count / 10);
        var started = run.GetProperty("startedUtc").GetDateTime();
        var first = tenth / Math.Max(1, (times[tenth - 1].UtcDateTime - started).TotalSeconds);
        var last = tenth / Math.Max(1, (times[^1] - times[^tenth]).TotalSeconds);

        Console.WriteLine($"| run (summary) | {run.GetProperty("wallSeconds").GetDouble():F0} s; start to end seen by the client {wall.TotalSeconds:F0} s |");
        Console.WriteLine($"| mini-batches/s | first 10%: {first:F0}; last 10%: {last:F0} (done markers' times, 1 s resolution) |");
        Console.WriteLine($"| commit | {run.GetProperty("commitSeconds").GetDouble():F1} s |");
        Console.WriteLine($"| output | {ids.Count:N0} rows of {rows:N0}, {(inOrder ? "each once, in order" : "NOT each once in order")} |");

        var byPhase = new Dictionary<string, Dictionary<string, long>>(StringComparer.Ordinal);
        foreach (var (file, w) in statsFiles.Select((f, w) => (f, w)))
        {
            using var stats = JsonDocument.Parse(await File.ReadAllTextAsync(file));
            Console.WriteLine($"| worker {w} peak memory | {stats.RootElement.GetProperty("peakWorkingSetBytes").GetInt64() / 1048576.0:F0} MiB |");
            foreach (var phase in stats.RootElement.GetProperty("requests").EnumerateObject())
            {
                var kinds = byPhase.TryGetValue(phase.Name, out var k) ? k : byPhase[phase.Name] = new(StringComparer.Ordinal);
                foreach (var kind in phase.Value.EnumerateObject())
                {
                    kinds[kind.Name] = kinds.GetValueOrDefault(kind.Name) + kind.Value.GetInt64();
                }
            }
        }

        foreach (var (phase, kinds) in byPhase.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            var total = kinds.Values.Sum();
            var per = phase == "ScoreMiniBatch" ? $" ({total / (double)miniBatches:F2} a mini-batch)" : "";
            Console.WriteLine($"| requests: {(phase.Length == 0 ? "(other)" : phase)} | {total:N0}{per}: {string.Join(", ", kinds.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key} {p.Value:N0}"))} |");
        }

        if (!inOrder)
        {
            throw new InvalidOperationException("The output does not hold every row once, in order.");
        }
    }

    private static int Option(IReadOnlyList<string> args, string name, int fallback)
    {
        var at = args.ToList().IndexOf(name);
        return at >= 0 && at + 1 < args.Count ? int.Parse(args[at + 1], CultureInfo.InvariantCulture) : fallback;
    }

    private static void Signal(int pid, string signal)
    {
        using var kill = Process.Start(new ProcessStartInfo("kill", [$"-{signal}", pid.ToString(CultureInfo.InvariantCulture)]))!;
        kill.WaitForExit();
    }

    private static Process Start(string root, Dictionary<string, string> env, params string[] args)
    {
        var process = Process.Start(Batchscore(root, env, args))!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is { Length: > 0 } line && !line.Contains("warn:", StringComparison.Ordinal))
            {
                Console.Error.WriteLine($"  worker {process.Id}: {line}");
            }
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private static async Task<string> RunToEndAsync(string root, Dictionary<string, string> env, params string[] args)
    {
        using var process = Process.Start(Batchscore(root, env, args))!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return process.ExitCode == 0 ? await output : throw new InvalidOperationException($"batchscore {string.Join(' ', args)} failed ({process.ExitCode}): {await error}{await output}");
    }

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
