using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;

namespace BatchScoring.Functions.HostTests;

/// <summary>
/// A run of 1,000 mini-batches through <c>POST /api/runs</c> under the real Functions host, data on Azurite: it
/// completes with every row once, in order, and <c>GET /api/runs/{id}</c> answers all along, in under a second as a
/// rule (the median is checked; one answer's time on a shared 2-core machine is noise, so the slowest and the 95th
/// percentile are printed, not asserted). The
/// benchmark mode is the same test with another count: <c>BATCHSCORE_HOST_MINIBATCHES=10000 dotnet test
/// tests/BatchScoring.Functions.HostTests --filter LargeRunTests --logger "console;verbosity=detailed"</c> prints the
/// run's time and the peak memory of the host and of the app's worker process.
/// </summary>
[Collection(HostCollection.Name)]
public sealed class LargeRunTests(HostFixture host, Xunit.Abstractions.ITestOutputHelper log)
{
    private static readonly int MiniBatches = int.TryParse(Environment.GetEnvironmentVariable("BATCHSCORE_HOST_MINIBATCHES"), CultureInfo.InvariantCulture, out var n) && n > 0 ? n : 1000;

    [Fact]
    public Task StartRun_ThousandMiniBatches_EveryRowOnceAndStatusAnsweredThroughoutInUnderASecondAsARule() => host.WithHostLogAsync(async () =>
    {
        // Arrange: 1,000 rows of ids, one a mini-batch, scored by the no-op scorer.
        var csv = new StringBuilder("id\n");
        for (var i = 0; i < MiniBatches; i++)
        {
            csv.Append(i.ToString(CultureInfo.InvariantCulture)).Append('\n');
        }

        await host.UploadAsync($"{HostFixture.Inputs}/large/rows.csv", csv.ToString());
        var spec = new JsonObject
        {
            ["name"] = "large",
            ["input"] = new JsonObject { ["location"] = $"{HostFixture.Inputs}/large", ["glob"] = "*.csv", ["mode"] = "tabular", ["passThroughColumns"] = new JsonArray("id") },
            ["miniBatch"] = new JsonObject { ["rows"] = 1 },
            ["scorer"] = new JsonObject { ["type"] = "noop" },
            ["execution"] = new JsonObject { ["maxParallelMiniBatches"] = 32, ["reuse"] = false },
            ["output"] = new JsonObject { ["path"] = $"{HostFixture.Outputs}/large/results.csv" },
        };

        // Act: start it, then ask for its status until it has finished, timing every answer.
        var run = Stopwatch.StartNew();
        var started = await host.StartRunAsync(spec);
        var runUri = started.GetProperty("runUri").GetString()!;
        var times = new List<TimeSpan>();
        string? status = null;
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(10);
        while (status is not ("completed" or "failed" or "terminated") && DateTime.UtcNow < deadline)
        {
            var watch = Stopwatch.StartNew();
            using var response = await host.SendAsync(HttpMethod.Get, runUri);
            var body = await HostFixture.BodyAsync(response);
            times.Add(watch.Elapsed);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            status = body.GetProperty("runtimeStatus").GetString();
            await Task.Delay(250);
        }

        // Assert
        times.Sort();
        var median = times[times.Count / 2];
        var p95 = times[Math.Min(times.Count - 1, times.Count * 95 / 100)];
        log.WriteLine($"{MiniBatches:N0} one-row mini-batches under the Functions host: {run.Elapsed.TotalSeconds:F1} s ({MiniBatches / run.Elapsed.TotalSeconds:F0} a second); " +
            $"{times.Count} GETs: median {median.TotalMilliseconds:F0} ms, 95th percentile {p95.TotalMilliseconds:F0} ms, slowest {times[^1].TotalMilliseconds:F0} ms; peak memory: host {PeakMiB(host.Host.ProcessId)} MiB, workers {string.Join(", ", Children(host.Host.ProcessId).Select(PeakMiB))} MiB");
        Assert.Equal("completed", status);
        Assert.True(median < TimeSpan.FromSeconds(1), $"the median of {times.Count} GET {runUri} took {median.TotalMilliseconds:F0} ms");
        var output = (await host.ReadAsync($"{HostFixture.Outputs}/large/results.csv"))!.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(["id", .. Enumerable.Range(0, MiniBatches).Select(i => i.ToString(CultureInfo.InvariantCulture))], output);
    });

    /// <summary>A process's peak resident memory (VmHWM), in MiB; 0 when it cannot be read.</summary>
    private static long PeakMiB(int pid)
    {
        var line = File.Exists($"/proc/{pid}/status") ? File.ReadLines($"/proc/{pid}/status").FirstOrDefault(l => l.StartsWith("VmHWM:", StringComparison.Ordinal)) : null;
        return line is null ? 0 : long.Parse(line["VmHWM:".Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) / 1024;
    }

    /// <summary>The child processes of <paramref name="pid"/> (the app's language worker under the host).</summary>
    private static IEnumerable<int> Children(int pid) =>
        Directory.EnumerateDirectories("/proc")
            .Select(Path.GetFileName)
            .Where(name => int.TryParse(name, CultureInfo.InvariantCulture, out _))
            .Select(name => int.Parse(name!, CultureInfo.InvariantCulture))
            .Where(child => File.Exists($"/proc/{child}/stat") && ParentOf(child) == pid);

    private static int ParentOf(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            return int.Parse(stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[1], CultureInfo.InvariantCulture);
        }
        catch (IOException)
        {
            return -1;
        }
    }
}
