using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace BatchScoring.Functions.HostTests;

/// <summary>A run's progress as GET /api/runs/{id} reports it while it runs, under the real host.</summary>
[Collection(HostCollection.Name)]
public sealed class ProgressTests(HostFixture host)
{
    private const int MaxParallel = 3;

    /// <summary>
    /// 90 mini-batches of 20 rows, at most three at once: every snapshot counts no more mini-batches in flight than the
    /// run allows (it once counted the mini-batches of every unfinished shard: 90), and <c>done</c> moves in steps of
    /// mini-batches, never backwards, rather than jumping from 0 to the total.
    /// </summary>
    [Fact]
    public Task GetRun_WhileScoring_InFlightWithinTheRunsLimitAndDoneMovesMiniBatchByMiniBatch() => host.WithHostLogAsync(async () =>
    {
        var spec = Samples.Spec("digits-progress", $"{HostFixture.Inputs}/digits", $"{HostFixture.Outputs}/digits-progress/results.csv", s =>
        {
            s["miniBatch"] = new JsonObject { ["rows"] = 20 };
            s["execution"] = new JsonObject { ["maxParallelMiniBatches"] = MaxParallel, ["reuse"] = false };
        });
        var started = await host.StartRunAsync(spec);
        var runUri = started.GetProperty("runUri").GetString()!;

        var snapshots = new List<(int Total, int Done, int InFlight)>();
        JsonElement run = default;
        await host.Host.UntilAsync(
            async (_, _) =>
            {
                using var response = await host.SendAsync(HttpMethod.Get, runUri);
                run = await HostFixture.BodyAsync(response);
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                if (run.TryGetProperty("progress", out var progress) && progress.ValueKind == JsonValueKind.Object)
                {
                    snapshots.Add((progress.GetProperty("total").GetInt32(), progress.GetProperty("done").GetInt32(), progress.GetProperty("inFlight").GetInt32()));
                }

                return run.GetProperty("runtimeStatus").GetString() is "completed" or "failed" or "terminated";
            },
            HostFixture.HostStartTimeout,
            "the progress run finishing");

        Assert.Equal("completed", run.GetProperty("runtimeStatus").GetString());
        Assert.Equal(1797, run.GetProperty("result").GetProperty("itemsScored").GetInt64());
        Assert.All(snapshots, s => Assert.True(s.InFlight <= MaxParallel, $"{s.InFlight} mini-batches in flight, the run allows {MaxParallel}"));
        var done = snapshots.Where(s => s.Total == 90).Select(s => s.Done).ToList();
        Assert.Equal(done.Order(), done); // never backwards
        var between = done.Where(d => d is > 0 and < 90).Distinct().ToList();
        Assert.True(between.Count >= 3, $"done went {string.Join(" ", done.Distinct())}: it should move mini-batch by mini-batch");
        Assert.Equal(90, snapshots[^1].Done);
    });
}
