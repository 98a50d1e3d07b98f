using System.Net;
using System.Text.Json.Nodes;

namespace BatchScoring.Functions.HostTests;

/// <summary>An incremental run started through the API under the real host, then its series read back through <c>GET /api/series/{name}</c>.</summary>
[Collection(HostCollection.Name)]
public sealed class SeriesTests(HostFixture host)
{
    [Fact]
    public Task StartRun_Incremental_SeriesListsTheRunWithItsOutputAndInputs() => host.WithHostLogAsync(async () =>
    {
        // Arrange
        var name = $"series-{Guid.NewGuid():N}"[..20];
        var spec = Samples.Spec(name, $"{HostFixture.Inputs}/digits", $"{HostFixture.Outputs}/{name}/{{runDate:yyyy/MM/dd}}/{{runId}}.csv", s => s["execution"] = new JsonObject { ["incremental"] = true });

        // Act
        var started = await host.StartRunAsync(spec);
        var run = await host.WaitForRunAsync(started.GetProperty("runUri").GetString()!);
        using var response = await host.SendAsync(HttpMethod.Get, $"/api/series/{name}");
        var series = await HostFixture.BodyAsync(response);

        // Assert
        Assert.True(run.GetProperty("runtimeStatus").GetString() == "completed", $"run {run}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var record = Assert.Single(series.GetProperty("runs").EnumerateArray());
        Assert.Equal(run.GetProperty("id").GetString(), record.GetProperty("run").GetString());
        Assert.Equal(run.GetProperty("result").GetProperty("outputPath").GetString(), record.GetProperty("output").GetProperty("path").GetString());
        Assert.All(record.GetProperty("inputs").EnumerateArray(), i => Assert.StartsWith($"{HostFixture.Inputs}/digits/", i.GetProperty("path").GetString(), StringComparison.Ordinal));
        Assert.Equal($"{HostFixture.Outputs}/_ledger/{name}", series.GetProperty("ledger").GetString());
    });
}
