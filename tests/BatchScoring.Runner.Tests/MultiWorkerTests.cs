using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using BatchScoring.Core.Runs;
using BatchScoring.Core.Spec;
using BatchScoring.Storage;
using BatchScoring.Tests;

namespace BatchScoring.Runner.Tests;

/// <summary>
/// Several worker processes on one task hub (Azurite with blob, queue and table services, started here) run one
/// digits run: the tabular sample in 225 mini-batches, scored only by the workers; and the image sample with the
/// worker that holds a mini-batch killed, which another worker then scores. Every input item is in the output exactly
/// once, in order.
/// </summary>
public sealed class MultiWorkerTests : IAsyncLifetime
{
    private const int Rows = 1797;
    private const int RowsPerMiniBatch = 8;
    private const int ImagesPerMiniBatch = 8;
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
    public async Task ThreeWorkers_OneRun_EveryRowOnceScoredOnlyByTheWorkers()
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

            // How the queue spreads mini-batches over the workers is not guaranteed (one fast worker may take them
            // all); that every mini-batch was scored by one of these workers is.
            var markers = DoneMarkers(temp, "out/results.csv");
            Assert.Equal((Rows + RowsPerMiniBatch - 1) / RowsPerMiniBatch, markers.Count);
            var workerHosts = workers.Select(Host).ToHashSet();
            Assert.All(markers, m => Assert.Contains(m.GetProperty("host").GetString()!, workerHosts));
        }
        finally
        {
            workers.ForEach(w => w.Dispose());
        }
    }

    /// <summary>
    /// One input image is a named pipe (FIFO): the worker that takes its mini-batch blocks reading it, so it
    /// demonstrably holds that mini-batch (it has the mini-batch's part open for writing, and cannot finish it) when it
    /// is killed. The pipe is then replaced by the real image, and another worker must score the mini-batch.
    /// </summary>
    [Fact]
    public async Task WorkerKilledHoldingAMiniBatch_AnotherWorkerScoresItAndEveryItemOnce()
    {
        using var temp = new TempFolder();
        var images = PrepareImages(temp, count: 160);
        const int held = 5;
        var pipe = images[(held * ImagesPerMiniBatch) + 3];
        var image = File.ReadAllBytes(Path.Combine(temp.Path, pipe));
        File.Delete(Path.Combine(temp.Path, pipe));
        MakeFifo(Path.Combine(temp.Path, pipe));

        var hub = "hub" + Guid.NewGuid().ToString("N")[..12];
        var env = await EnvironmentAsync();
        var workers = Enumerable.Range(0, 3).Select(_ => Batchscore.Start(temp.Path, env, "worker", "--hub", hub, "--slots", "2")).ToList();
        try
        {
            var id = await StartAsync(temp, env, hub);
            var holder = await Waits.ForAsync(
                () => workers.FirstOrDefault(w => IsWritingPart(temp, w.Process.Id, "out/images.csv", held)),
                TimeSpan.FromSeconds(60),
                $"a worker starting mini-batch {held}",
                () => "\n" + string.Concat(workers.Select(w => w.Output)));

            holder.Process.Kill(); // SIGKILL: no drain, its leases and messages are abandoned
            await holder.Process.WaitForExitAsync();
            Assert.DoesNotContain(held, DoneMarkers(temp, "out/images.csv").Select(m => m.GetProperty("index").GetInt32()));
            var pending = Path.Combine(temp.Path, "pending.png");
            File.WriteAllBytes(pending, image);
            File.Move(pending, Path.Combine(temp.Path, pipe), overwrite: true);

            var (code, output) = await Batchscore.RunAsync(temp.Path, env, TimeSpan.FromMinutes(5), "status", id, "--hub", hub, "--wait");

            Assert.True(code == 0, output + string.Concat(workers.Select(w => w.Output)));
            Assert.Equal(images, ResultColumn(temp, "out/images.csv"));
            var survivors = workers.Where(w => w != holder).Select(Host).ToHashSet();
            var heldMarker = DoneMarkers(temp, "out/images.csv").Single(m => m.GetProperty("index").GetInt32() == held);
            Assert.Contains(heldMarker.GetProperty("host").GetString()!, survivors);
        }
        finally
        {
            workers.ForEach(w => w.Dispose());
        }
    }

    [Fact]
    [Trait(Behaviours.Trait, Behaviours.RunReporting)]
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
        temp.Write("spec.json", $$"""
            {
              "name": "digits-workers",
              "input": { "location": "data", "glob": "*.csv", "mode": "tabular", "passThroughColumns": ["id"] },
              "miniBatch": { "rows": {{RowsPerMiniBatch}} },
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

    /// <summary>The digits sample's first <paramref name="count"/> images under images/, and a spec scoring them in mini-batches of 8 files.</summary>
    private static List<string> PrepareImages(TempFolder temp, int count)
    {
        var images = Directory.EnumerateFiles(Repo.PathOf("samples/digits-images/images"), "*.png").Order(StringComparer.Ordinal).Take(count)
            .Select(source => "images/" + Path.GetFileName(source)).ToList();
        foreach (var image in images)
        {
            temp.Write(image, File.ReadAllBytes(Repo.PathOf("samples/digits-images/" + image)));
        }

        temp.Write("models/digits-mlp.onnx", File.ReadAllBytes(Repo.PathOf("samples/models/digits-mlp.onnx")));
        temp.Write("spec.json", $$"""
            {
              "name": "digits-images-workers",
              "input": { "location": "images", "glob": "*.png", "mode": "file" },
              "miniBatch": { "files": {{ImagesPerMiniBatch}} },
              "model": {
                "location": "models/digits-mlp.onnx",
                "image": { "width": 8, "height": 8, "resize": false, "channels": "gray", "layout": "chw", "scale": 0.0666666666666666667 },
                "outputs": [{ "name": "label", "kind": "label", "column": "predicted" }]
              },
              "execution": { "maxParallelMiniBatches": 12, "miniBatchTimeout": 60, "reuse": false, "keepStaging": true },
              "output": { "path": "out/images.csv" }
            }
            """);
        return images;
    }

    private static void MakeFifo(string path)
    {
        using var mkfifo = Process.Start(new ProcessStartInfo("mkfifo", [path]) { RedirectStandardError = true })!;
        mkfifo.WaitForExit();
        Assert.True(mkfifo.ExitCode == 0, $"mkfifo {path}: {mkfifo.StandardError.ReadToEnd()}");
    }

    /// <summary>
    /// Whether process <paramref name="pid"/> is writing the staged part of mini-batch <paramref name="index"/> of the
    /// run writing <paramref name="output"/>: it has the part's temporary file open (Linux: the links in /proc/PID/fd).
    /// A worker opens the part before it reads the mini-batch's inputs and commits it only after scoring them.
    /// </summary>
    private static bool IsWritingPart(TempFolder temp, int pid, string output, int index)
    {
        var stagingRoot = Path.Combine(temp.Path, RunLayout.StagingRoot(output));
        if (!Directory.Exists(stagingRoot))
        {
            return false;
        }

        var parts = Directory.EnumerateDirectories(stagingRoot)
            .Select(staging => Path.Combine(temp.Path, RunLayout.PartPath(RunLayout.StagingPrefix(output, Path.GetFileName(staging)), index, DataFormat.Csv)) + TempNames.Marker)
            .ToList();
        try
        {
            return Directory.EnumerateFileSystemEntries($"/proc/{pid}/fd")
                .Select(fd => new FileInfo(fd).LinkTarget)
                .Any(target => target is not null && parts.Any(part => target.StartsWith(part, StringComparison.Ordinal)));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false; // the process exited, or a descriptor closed while it was read
        }
    }

    private static string Host(Batchscore worker) => $"{Environment.MachineName}/{worker.Process.Id}";

    /// <summary>The outcomes of the scored mini-batches (their done markers) of every run writing <paramref name="output"/>.</summary>
    private static List<JsonElement> DoneMarkers(TempFolder temp, string output)
    {
        var stagingRoot = Path.Combine(temp.Path, RunLayout.StagingRoot(output));
        if (!Directory.Exists(stagingRoot))
        {
            return [];
        }

        return Directory.EnumerateDirectories(stagingRoot)
            .Select(staging => Path.GetDirectoryName(Path.Combine(temp.Path, RunLayout.DonePath(RunLayout.StagingPrefix(output, Path.GetFileName(staging)), 0)))!)
            .Where(Directory.Exists)
            .SelectMany(done => Directory.EnumerateFiles(done, "*.json"))
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

    /// <summary>The first column of every row of a CSV result.</summary>
    private static List<string> ResultColumn(TempFolder temp, string output) =>
        File.ReadAllLines(Path.Combine(temp.Path, output)).Skip(1).Select(l => l.Split(',')[0]).ToList();

    private static void AssertEveryRowOnce(TempFolder temp)
    {
        var ids = ResultColumn(temp, "out/results.csv").Select(id => int.Parse(id, CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(Enumerable.Range(0, Rows), ids);
    }
}
