using System.Globalization;
using System.Text.Json;
using BatchScoring.Tests;

namespace BatchScoring.Runner.Tests;

/// <summary>
/// Several worker processes on one task hub (Azurite with blob, queue and table services, started here) share one run
/// of the digits sample in 225 mini-batches; with one worker killed mid-run the run still completes. Every input row
/// is in the output exactly once, in order.
/// </summary>
public sealed class MultiWorkerTests : IAsyncLifetime
{
    private const int Rows = 1797;
    private Azurite? azurite;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        if (azurite is not null)
        {
            await azurite.DisposeAsync();
        }
    }

    [Fact]
    public async Task ThreeWorkers_OneRun_AllScoreAndEveryRowOnce()
    {
        using var temp = Prepare();
        var hub = "hub" + Guid.NewGuid().ToString("N")[..12];
        var env = await EnvironmentAsync();
        var workers = Enumerable.Range(0, 3).Select(_ => Batchscore.Start(temp.Path, env, "worker", "--hub", hub, "--slots", "2")).ToList();
        try
        {
            var id = await StartAsync(temp, env, hub);

            var (code, output) = await Batchscore.RunAsync(temp.Path, env, TimeSpan.FromMinutes(5), "status", id, "--hub", hub, "--wait");

            Assert.True(code == 0, output + string.Concat(workers.Select(w => w.Output)));
            AssertEveryRowOnce(temp);
            var hosts = DoneMarkers(temp).Select(m => m.GetProperty("host").GetString()!).ToHashSet();
            Assert.Equal(workers.Select(w => $"{Environment.MachineName}/{w.Process.Id}").ToHashSet(), hosts);
        }
        finally
        {
            workers.ForEach(w => w.Dispose());
        }
    }

    [Fact]
    public async Task WorkerKilledMidRun_RunCompletesEveryRowOnce()
    {
        using var temp = Prepare();
        var hub = "hub" + Guid.NewGuid().ToString("N")[..12];
        var env = await EnvironmentAsync();
        var workers = Enumerable.Range(0, 3).Select(_ => Batchscore.Start(temp.Path, env, "worker", "--hub", hub, "--slots", "2")).ToList();
        try
        {
            var id = await StartAsync(temp, env, hub);
            for (var i = 0; i < 600 && DoneMarkers(temp).Count < 40; i++)
            {
                await Task.Delay(100);
            }

            Assert.False(File.Exists(Path.Combine(temp.Path, "out", "results.csv")), "the run ended before a worker could be killed");
            workers[1].Process.Kill(); // SIGKILL: no drain, leases and messages are abandoned
            var (code, output) = await Batchscore.RunAsync(temp.Path, env, TimeSpan.FromMinutes(5), "status", id, "--hub", hub, "--wait");

            Assert.True(code == 0, output + workers[0].Output);
            Assert.True(workers[1].Process.HasExited);
            AssertEveryRowOnce(temp);
        }
        finally
        {
            workers.ForEach(w => w.Dispose());
        }
    }

    [Fact]
    [Trait("Issue", "11.17")]
    public async Task Status_RunOnTheHub_NamedAfterItsSpecNotTheOrchestration()
    {
        using var temp = Prepare();
        var hub = "hub" + Guid.NewGuid().ToString("N")[..12];
        var env = await EnvironmentAsync();
        var id = await StartAsync(temp, env, hub); // no worker: the run stays pending

        var (code, output) = await Batchscore.RunAsync(temp.Path, env, TimeSpan.FromMinutes(1), "status", id, "--hub", hub);

        Assert.True(code == 0, output);
        Assert.Matches(@"(?m)^\s+run\s+digits-workers\s*$", output);
        Assert.DoesNotContain("ScoringRun", output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("status")]
    [InlineData("cancel")]
    public async Task UnknownRunId_ExitCode4NamingIt(string command)
    {
        using var temp = new TempFolder();
        var env = await EnvironmentAsync();

        var (code, output) = await Batchscore.RunAsync(temp.Path, env, TimeSpan.FromMinutes(1), command, "no-such-run", "--hub", "unknownids");

        Assert.Equal(4, code);
        Assert.Contains("error: no run 'no-such-run' on task hub 'unknownids'.", output, StringComparison.Ordinal);
    }

    private static TempFolder Prepare()
    {
        var temp = new TempFolder();
        temp.Write("data/digits.csv", File.ReadAllBytes(Repo.PathOf("samples/digits-tabular/data/digits.csv")));
        temp.Write("models/digits-mlp.onnx", File.ReadAllBytes(Repo.PathOf("samples/models/digits-mlp.onnx")));
        temp.Write("spec.json", """
            {
              "name": "digits-workers",
              "input": { "location": "data", "glob": "*.csv", "mode": "tabular", "passThroughColumns": ["id"] },
              "miniBatch": { "rows": 8 },
              "model": {
                "location": "models/digits-mlp.onnx",
                "inputs": [{ "name": "pixels", "columns": ["pixel_*"] }],
                "outputs": [{ "name": "label", "kind": "label", "column": "predicted" }]
              },
              "execution": { "maxParallelMiniBatches": 12, "miniBatchTimeout": 60, "reuse": false, "keepStaging": true },
              "output": { "path": "out/results.csv" }
            }
            """);
        return temp;
    }

    private async Task<Dictionary<string, string>> EnvironmentAsync()
    {
        azurite ??= await Azurite.StartAsync(allServices: true);
        return new Dictionary<string, string> { ["BATCHSCORE_STORAGE"] = azurite.ConnectionString };
    }

    private static async Task<string> StartAsync(TempFolder temp, Dictionary<string, string> env, string hub)
    {
        var (code, output) = await Batchscore.RunAsync(temp.Path, env, TimeSpan.FromMinutes(1), "start", "spec.json", "--hub", hub);
        Assert.True(code == 0, output);
        return output.Trim().Split('\n')[^1].Trim();
    }

    private static List<JsonElement> DoneMarkers(TempFolder temp)
    {
        var staging = Path.Combine(temp.Path, "out", "_staging");
        if (!Directory.Exists(staging))
        {
            return [];
        }

        return Directory.EnumerateFiles(staging, "*.json", SearchOption.AllDirectories)
            .Where(f => Path.GetFileName(Path.GetDirectoryName(f)) == "done")
            .Select(f =>
            {
                try
                {
                    return (JsonElement?)JsonDocument.Parse(File.ReadAllText(f)).RootElement.Clone();
                }
                catch (Exception e) when (e is IOException or JsonException)
                {
                    return null;
                }
            })
            .Where(e => e is not null)
            .Select(e => e!.Value)
            .ToList();
    }

    private static void AssertEveryRowOnce(TempFolder temp)
    {
        var ids = File.ReadAllLines(Path.Combine(temp.Path, "out", "results.csv")).Skip(1).Select(l => int.Parse(l.Split(',')[0], CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(Enumerable.Range(0, Rows), ids);
    }
}
