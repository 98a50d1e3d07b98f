using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using BatchScoring.Tests;

namespace BatchScoring.Functions.HostTests;

/// <summary>
/// A <c>batchscore worker</c> joins the Functions app's task hub (its storage, its hub name) and scores mini-batches of
/// a run the app orchestrates, beside the app's own worker: so GPU machines can join a run started through the API.
/// The output is every row once, in order.
/// </summary>
[Collection(HostCollection.Name)]
public sealed class RunnerWorkerTests(HostFixture host, Xunit.Abstractions.ITestOutputHelper log)
{
    private const int MiniBatches = 400;

    private static readonly string RunnerDll = typeof(RunnerWorkerTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "RunnerDll").Value!;

    [Fact]
    public Task RunnerWorker_OnTheAppsTaskHub_ScoresMiniBatchesOfAnApiRunExactlyOnce() => host.WithHostLogAsync(async () =>
    {
        // Arrange: 400 one-row mini-batches; a runner worker on the app's hub, with the app's data storage.
        var csv = new StringBuilder("id\n");
        for (var i = 0; i < MiniBatches; i++)
        {
            csv.Append(i.ToString(CultureInfo.InvariantCulture)).Append('\n');
        }

        await host.UploadAsync($"{HostFixture.Inputs}/shared/rows.csv", csv.ToString());
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[] { RunnerDll, "worker", "--hub", HostFixture.TaskHub, "--storage", host.Storage.ConnectionString, "--data-storage", host.Storage.ConnectionString, "--slots", "4" })
        {
            info.ArgumentList.Add(arg);
        }

        var output = new StringBuilder();
        using var worker = Process.Start(info)!;
        worker.OutputDataReceived += (_, e) => { lock (output) { output.AppendLine(e.Data); } };
        worker.ErrorDataReceived += (_, e) => { lock (output) { output.AppendLine(e.Data); } };
        worker.BeginOutputReadLine();
        worker.BeginErrorReadLine();
        try
        {
            await Waits.UntilAsync(() => Text(output).Contains("joined task hub", StringComparison.Ordinal) || worker.HasExited, TimeSpan.FromSeconds(60), "the runner worker joining the task hub");
            Assert.False(worker.HasExited, Text(output));
            var spec = new JsonObject
            {
                ["name"] = "shared-hub",
                ["input"] = new JsonObject { ["location"] = $"{HostFixture.Inputs}/shared", ["glob"] = "*.csv", ["mode"] = "tabular", ["passThroughColumns"] = new JsonArray("id") },
                ["miniBatch"] = new JsonObject { ["rows"] = 1 },
                ["scorer"] = new JsonObject { ["type"] = "noop" },
                ["execution"] = new JsonObject { ["maxParallelMiniBatches"] = 16, ["reuse"] = false, ["keepStaging"] = true },
                ["output"] = new JsonObject { ["path"] = $"{HostFixture.Outputs}/shared/results.csv" },
            };

            // Act
            var watch = Stopwatch.StartNew();
            var started = await host.StartRunAsync(spec);
            var run = await host.WaitForRunAsync(started.GetProperty("runUri").GetString()!, TimeSpan.FromMinutes(10));

            // Assert: completed, every row once in order, and mini-batches scored by both the app and the runner worker.
            Assert.True(run.GetProperty("runtimeStatus").GetString() == "completed", $"{run}\n{Text(output)}");
            var rows = (await host.ReadAsync($"{HostFixture.Outputs}/shared/results.csv"))!.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.Equal(["id", .. Enumerable.Range(0, MiniBatches).Select(i => i.ToString(CultureInfo.InvariantCulture))], rows);
            var hosts = await ScoredByAsync(host.Blobs);
            log.WriteLine(string.Join(Environment.NewLine, hosts.Select(h => $"{h.Key}: {h.Value} mini-batches")));
            var summary = JsonDocument.Parse((await host.ReadAsync($"{HostFixture.Outputs}/shared/results.csv.summary.json"))!).RootElement;
            log.WriteLine($"run: {summary.GetProperty("wallSeconds").GetDouble():F1} s in the summary, {watch.Elapsed.TotalSeconds:F1} s seen by the client; mini-batch seconds {summary.GetProperty("miniBatchSeconds")}");
            log.WriteLine(string.Join(Environment.NewLine, Text(output).Split('\n').TakeLast(30)));
            Assert.Equal(MiniBatches, hosts.Values.Sum());
            Assert.Contains(hosts.Keys, h => h.EndsWith($"/{worker.Id}", StringComparison.Ordinal));
            Assert.Contains(hosts.Keys, h => !h.EndsWith($"/{worker.Id}", StringComparison.Ordinal));
        }
        finally
        {
            if (!worker.HasExited)
            {
                worker.Kill(entireProcessTree: true);
                await worker.WaitForExitAsync();
            }
        }
    });

    /// <summary>The done markers of the run, counted by the host process that scored each (machine/pid).</summary>
    private static async Task<Dictionary<string, int>> ScoredByAsync(BlobServiceClient blobs)
    {
        var hosts = new Dictionary<string, int>(StringComparer.Ordinal);
        var container = blobs.GetBlobContainerClient(HostFixture.Outputs);
        await foreach (var blob in container.GetBlobsAsync(BlobTraits.None, BlobStates.None, "shared/_staging/", CancellationToken.None))
        {
            if (blob.Name.Contains("/done/", StringComparison.Ordinal))
            {
                var marker = JsonDocument.Parse((await container.GetBlobClient(blob.Name).DownloadContentAsync()).Value.Content.ToString()).RootElement;
                var scoredBy = marker.GetProperty("host").GetString()!;
                hosts[scoredBy] = hosts.GetValueOrDefault(scoredBy) + 1;
            }
        }

        return hosts;
    }

    private static string Text(StringBuilder output)
    {
        lock (output)
        {
            return output.ToString();
        }
    }
}
