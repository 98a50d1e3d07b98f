using System.Net;
using BatchScoring.Core.Runs;
using BatchScoring.Functions.Tests.Fakes;
using BatchScoring.Orchestration.Contracts;
using BatchScoring.Orchestration.Ledger;
using static BatchScoring.Functions.Tests.Fakes.FakeHttpResponseData;

namespace BatchScoring.Functions.Tests.Http;

/// <summary><c>GET /api/series/{name}</c>: the series' ledger in the outputs container, whole or for one input.</summary>
public sealed class GetSeriesTests : IDisposable
{
    private static readonly DateTime Night1 = new(2026, 12, 1, 2, 0, 0, DateTimeKind.Utc);

    private readonly FunctionsHarness harness = new();

    public void Dispose() => harness.Dispose();

    [Fact]
    public async Task RunAsync_SeriesWithTwoRuns_ListsThemInOrderAndEveryVersionOfAnInput()
    {
        // Arrange: night 1 scored a.csv; night 2 a rewritten a.csv and a new b.csv, with another model.
        var ledger = new SeriesLedger(harness.Store);
        var folder = RunLayout.LedgerFolder("outputs/x.csv", "nightly");
        await ledger.CommitAsync(folder, Record("run-1", "m1", Night1, ("inputs/a.csv", "\"v1\"")));
        await ledger.CommitAsync(folder, Record("run-2", "m2", Night1.AddDays(1), ("inputs/a.csv", "\"v2\""), ("inputs/b.csv", "\"v1\"")));

        // Act
        var series = Json(await harness.GetSeries().RunAsync(FakeHttpRequestData.Get("/api/series/nightly"), "nightly"));
        var input = Json(await harness.GetSeries().RunAsync(FakeHttpRequestData.Get("/api/series/nightly?input=inputs//a.csv"), "nightly"));

        // Assert
        Assert.Equal("outputs/_ledger/nightly", series.GetProperty("ledger").GetString());
        Assert.Equal(["run-1", "run-2"], series.GetProperty("runs").EnumerateArray().Select(r => r.GetProperty("run").GetString()));
        Assert.Equal(2, series.GetProperty("runs")[1].GetProperty("inputs").GetArrayLength());
        var versions = input.GetProperty("versions").EnumerateArray().ToList();
        Assert.Equal(["\"v1\"", "\"v2\""], versions.Select(v => v.GetProperty("eTag").GetString()));
        Assert.Equal(["m1", "m2"], versions.Select(v => v.GetProperty("modelHash").GetString()));
        Assert.Equal(["outputs/nightly/run-1.csv", "outputs/nightly/run-2.csv"], versions.Select(v => v.GetProperty("output").GetString()));
        Assert.Equal(Night1.AddDays(1).AddHours(1), versions[1].GetProperty("scoredUtc").GetDateTime());
    }

    [Theory]
    [InlineData("/api/series/nightly", "nightly", HttpStatusCode.NotFound, "urn:batchscoring:problem:series-not-found")]
    [InlineData("/api/series/..", "..", HttpStatusCode.BadRequest, "urn:batchscoring:problem:invalid-request")]
    public async Task RunAsync_UnknownOrBadName_Problem(string url, string name, HttpStatusCode status, string type)
    {
        var response = await harness.GetSeries().RunAsync(FakeHttpRequestData.Get(url), name);

        Assert.Equal(status, response.StatusCode);
        Assert.Equal(type, Json(response).GetProperty("type").GetString());
    }

    [Fact]
    public async Task RunAsync_InputNeverScored_404NamingIt()
    {
        await new SeriesLedger(harness.Store).CommitAsync(RunLayout.LedgerFolder("outputs/x.csv", "nightly"), Record("run-1", "m1", Night1, ("inputs/a.csv", "\"v1\"")));

        var response = await harness.GetSeries().RunAsync(FakeHttpRequestData.Get("/api/series/nightly?input=inputs/zz.csv"), "nightly");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("never scored 'inputs/zz.csv'", Json(response).GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    private static LedgerRecord Record(string run, string model, DateTime started, params (string Path, string ETag)[] inputs) =>
        new(run, "nightly", "host", model, [.. inputs.Select(i => new LedgerRecord.Input(i.Path, i.ETag, 10))], new LedgerRecord.OutputFile($"outputs/nightly/{run}.csv", "\"o\"", 100), inputs.Length * 10, 0, started, started.AddHours(1));
}
