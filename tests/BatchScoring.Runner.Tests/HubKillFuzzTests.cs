using System.Globalization;
using System.Text;
using BatchScoring.Core.Runs;
using BatchScoring.Tests;
using Xunit.Abstractions;

namespace BatchScoring.Runner.Tests;

/// <summary>
/// Kill-fuzz on a task hub: two <c>batchscore worker</c> processes score 2,000 one-row digits mini-batches while a
/// seeded series of SIGKILLs hits a random worker at random points of the run (after a random number of mini-batches
/// is staged), each killed worker restarted at once. The output is byte for byte the output of the same spec run
/// cleanly in one process (<c>batchscore run</c>): every row once, in order, with the same predictions.
/// </summary>
public sealed class HubKillFuzzTests(ITestOutputHelper log) : IAsyncLifetime
{
    private const int MiniBatches = 2000;
    private const int Kills = 4;
    private Azurite? azurite;

    public async Task InitializeAsync() => azurite = await Azurite.StartAsync(allServices: true);

    public async Task DisposeAsync()
    {
        if (azurite is not null)
        {
            await azurite.DisposeAsync();
        }
    }

    [Theory]
    [InlineData(20261207)]
    public async Task TwoWorkers_SeededKillsAndRestarts_OutputByteIdenticalToACleanRun(int seed)
    {
        // Arrange: 2,000 digits rows (the sample's, cycled), one a mini-batch, and the clean run's output.
        using var temp = new TempFolder();
        var lines = File.ReadAllLines(Repo.PathOf("samples/digits-tabular/data/digits.csv"));
        var csv = new StringBuilder(lines[0]).Append('\n');
        for (var r = 0; r < MiniBatches; r++)
        {
            var line = lines[1 + (r % (lines.Length - 1))];
            csv.Append(r.ToString(CultureInfo.InvariantCulture)).Append(line.AsSpan(line.IndexOf(',', StringComparison.Ordinal))).Append('\n');
        }

        temp.Write("data/digits.csv", csv.ToString());
        temp.Write("models/digits-mlp.onnx", File.ReadAllBytes(Repo.PathOf("samples/models/digits-mlp.onnx")));
        temp.Write("clean.json", Spec("clean/results.csv"));
        temp.Write("hub.json", Spec("hub/results.csv"));
        var (code, output) = await Batchscore.RunAsync(temp.Path, null, TimeSpan.FromMinutes(3), "run", "clean.json");
        Assert.True(code == 0, output);
        var env = new Dictionary<string, string> { ["BATCHSCORE_STORAGE"] = azurite!.ConnectionString };
        var hub = "fuzz" + Guid.NewGuid().ToString("N")[..12];
        var random = new Random(seed);
        var thresholds = Enumerable.Range(0, Kills).Select(_ => random.Next(50, MiniBatches - 50)).Order().ToList();
        var workers = new Batchscore?[2];
        Batchscore Worker() => Batchscore.Start(temp.Path, env, "worker", "--hub", hub, "--slots", "4");
        try
        {
            workers[0] = Worker();
            workers[1] = Worker();
            (code, output) = await Batchscore.RunAsync(temp.Path, env, TimeSpan.FromMinutes(1), "start", "hub.json", "--hub", hub);
            Assert.True(code == 0, output);
            var id = output.Trim().Split('\n')[^1].Trim();

            // Act: at each threshold of staged mini-batches, SIGKILL a random worker and start a new one in its place.
            foreach (var threshold in thresholds)
            {
                await Waits.UntilAsync(() => Staged(temp) >= threshold, TimeSpan.FromMinutes(5), $"{threshold} mini-batches staged");
                var victim = random.Next(2);
                log.WriteLine($"{DateTime.UtcNow:HH:mm:ss.fff} {Staged(temp)} staged: SIGKILL worker {workers[victim]!.Process.Id}");
                workers[victim]!.Process.Kill();
                await workers[victim]!.Process.WaitForExitAsync();
                workers[victim]!.Dispose();
                workers[victim] = Worker();
            }

            (code, output) = await Batchscore.RunAsync(temp.Path, env, TimeSpan.FromMinutes(10), "status", id, "--hub", hub, "--wait");

            // Assert
            Assert.True(code == 0, output + string.Concat(workers.Select(w => w?.Output)));
            var clean = File.ReadAllBytes(Path.Combine(temp.Path, "clean", "results.csv"));
            var fuzzed = File.ReadAllBytes(Path.Combine(temp.Path, "hub", "results.csv"));
            Assert.Equal(MiniBatches + 1, clean.Count(b => b == (byte)'\n'));
            Assert.True(clean.AsSpan().SequenceEqual(fuzzed), $"the hub run's output ({fuzzed.Length} bytes) differs from the clean run's ({clean.Length} bytes) after kills at {string.Join(", ", thresholds)} staged mini-batches");
        }
        finally
        {
            foreach (var worker in workers)
            {
                worker?.Dispose();
            }
        }
    }

    /// <summary>Done markers of the hub run so far (its staging folder's done/ folder).</summary>
    private static int Staged(TempFolder temp)
    {
        var staging = Path.Combine(temp.Path, "hub", RunLayout.StagingFolderName);
        return Directory.Exists(staging)
            ? Directory.EnumerateDirectories(staging).Sum(run => Directory.Exists(Path.Combine(run, "done")) ? Directory.EnumerateFiles(Path.Combine(run, "done")).Count() : 0)
            : 0;
    }

    private static string Spec(string output) => $$"""
        {
          "name": "digits-fuzz",
          "input": { "location": "data", "glob": "*.csv", "mode": "tabular", "passThroughColumns": ["id"] },
          "miniBatch": { "rows": 1 },
          "model": {
            "location": "models/digits-mlp.onnx",
            "inputs": [{ "name": "pixels", "columns": ["pixel_*"] }],
            "outputs": [{ "name": "label", "kind": "label", "column": "predicted" }, { "name": "probabilities", "kind": "probabilities", "column": "p" }]
          },
          "execution": { "maxParallelMiniBatches": 16, "miniBatchTimeout": 30, "retryDelaySeconds": 1, "reuse": false, "keepStaging": true },
          "output": { "path": "{{output}}" }
        }
        """;
}
