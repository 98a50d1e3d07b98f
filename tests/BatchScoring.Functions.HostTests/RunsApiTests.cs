using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace BatchScoring.Functions.HostTests;

/// <summary>The run API as a client uses it: start both ways, follow the links as given, list, cancel.</summary>
[Collection(HostCollection.Name)]
public sealed class RunsApiTests(HostFixture host)
{
    [Fact]
    public Task StartRun_SpecInBodyAndSpecName_BothCompleteWithScikitLearnsPredictions() => host.WithHostLogAsync(async () =>
    {
        var inline = await host.StartRunAsync(Samples.Spec("digits-inline", $"{HostFixture.Inputs}/digits", $"{HostFixture.Outputs}/digits-inline/results.csv"));
        var named = await host.NamedRunAsync();
        var inlineRun = await host.WaitForRunAsync(inline.GetProperty("runUri").GetString()!);

        foreach (var (run, output) in new[] { (inlineRun, "digits-inline"), (named, "digits-tabular") })
        {
            Assert.True(run.GetProperty("runtimeStatus").GetString() == "completed", $"run {run}");
            Assert.Equal(1797, run.GetProperty("result").GetProperty("itemsScored").GetInt64());
            Assert.EndsWith($"/{HostFixture.Outputs}/{output}/results.csv", run.GetProperty("links").GetProperty("output").GetString(), StringComparison.Ordinal);
            Samples.AssertMatchesScikitLearn((await host.ReadAsync($"{HostFixture.Outputs}/{output}/results.csv"))!, output);
        }
    });

    [Fact]
    public Task StartRun_LinksWithTheCallersKey_CanBeFollowedAsGiven() => host.WithHostLogAsync(async () =>
    {
        var spec = Samples.Spec("digits-links", $"{HostFixture.Inputs}/digits", $"{HostFixture.Outputs}/digits-links/results.csv");
        using var started = await host.SendAsync(HttpMethod.Post, $"/api/runs?code={Uri.EscapeDataString(host.Host.Keys.Function)}", HostFixture.Json(spec));
        var body = await HostFixture.BodyAsync(started);
        var runUri = body.GetProperty("runUri").GetString()!;

        // No x-functions-key header: the URLs must carry the key themselves, as Durable's statusQueryGetUri does.
        using var run = await host.SendAsync(HttpMethod.Get, runUri, key: "");
        using var location = await host.SendAsync(HttpMethod.Get, started.Headers.Location!.ToString(), key: "");
        using var durable = await host.SendAsync(HttpMethod.Get, body.GetProperty("statusQueryGetUri").GetString()!, key: "");
        using var withoutKey = await host.SendAsync(HttpMethod.Get, $"/api/runs/{body.GetProperty("id").GetString()}", key: "");
        var finished = await host.WaitForRunAsync(runUri);

        Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);
        Assert.Equal(HttpStatusCode.OK, run.StatusCode);
        Assert.Equal(HttpStatusCode.OK, location.StatusCode);
        Assert.True(durable.IsSuccessStatusCode, $"statusQueryGetUri answered {(int)durable.StatusCode}");
        Assert.Equal(host.Host.CoreTools ? HttpStatusCode.OK : HttpStatusCode.Unauthorized, withoutKey.StatusCode); // the real host enforces keys; func start does not
        Assert.Contains("code=", finished.GetProperty("links").GetProperty("self").GetString(), StringComparison.Ordinal);
    });

    [Fact]
    public Task GetRun_UnknownId_Returns404Problem() => host.WithHostLogAsync(async () =>
    {
        using var get = await host.SendAsync(HttpMethod.Get, "/api/runs/no-such-run");
        using var cancel = await host.SendAsync(HttpMethod.Post, "/api/runs/no-such-run/cancel");

        Assert.Equal(HttpStatusCode.NotFound, get.StatusCode);
        Assert.Equal("application/problem+json", get.Content.Headers.ContentType?.MediaType);
        Assert.Equal("urn:batchscoring:problem:run-not-found", (await HostFixture.BodyAsync(get)).GetProperty("type").GetString());
        Assert.Equal(HttpStatusCode.NotFound, cancel.StatusCode);
    });

    [Fact]
    public Task ListRuns_FilteredAndPaged_Answers200WithProgress() => host.WithHostLogAsync(async () =>
    {
        var named = await host.NamedRunAsync();
        var id = named.GetProperty("id").GetString()!;

        using var all = await host.SendAsync(HttpMethod.Get, "/api/runs");
        using var completed = await host.SendAsync(HttpMethod.Get, "/api/runs?status=completed&top=1000");
        using var firstPage = await host.SendAsync(HttpMethod.Get, $"/api/runs?top=1&code={Uri.EscapeDataString(host.Host.Keys.Function)}");
        using var invalid = await host.SendAsync(HttpMethod.Get, "/api/runs?status=done");
        var allRuns = (await HostFixture.BodyAsync(all)).GetProperty("runs").EnumerateArray().ToList();
        var completedRuns = (await HostFixture.BodyAsync(completed)).GetProperty("runs").EnumerateArray().ToList();
        var page = await HostFixture.BodyAsync(firstPage);

        Assert.Equal(HttpStatusCode.OK, all.StatusCode); // was 500 once a run existed
        Assert.Contains(allRuns, r => r.GetProperty("id").GetString() == id);
        Assert.Contains(allRuns, r => r.TryGetProperty("progress", out var progress) && progress.GetProperty("phase").ValueKind == JsonValueKind.String);
        Assert.Equal(HttpStatusCode.OK, completed.StatusCode);
        Assert.All(completedRuns, r => Assert.Equal("completed", r.GetProperty("runtimeStatus").GetString()));
        Assert.Contains(completedRuns, r => r.GetProperty("id").GetString() == id);
        Assert.True(page.GetProperty("runs").GetArrayLength() <= 1);
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        Assert.Equal("status", (await HostFixture.BodyAsync(invalid)).GetProperty("errors")[0].GetProperty("path").GetString());

        // Follow "next" as given (it carries the key) until the pages run out: every run shows up once.
        var seen = page.GetProperty("runs").EnumerateArray().Select(r => r.GetProperty("id").GetString()!).ToList();
        var next = page.TryGetProperty("next", out var link) ? link.GetString() : null;
        Assert.NotNull(next);
        for (var pages = 0; next is not null && pages < 200; pages++)
        {
            using var response = await host.SendAsync(HttpMethod.Get, next, key: "");
            var body = await HostFixture.BodyAsync(response);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{next}: {(int)response.StatusCode} {body}");
            seen.AddRange(body.GetProperty("runs").EnumerateArray().Select(r => r.GetProperty("id").GetString()!));
            next = body.TryGetProperty("next", out link) ? link.GetString() : null;
        }

        Assert.Null(next);
        Assert.Contains(id, seen);
        Assert.Equal(seen.Distinct().Count(), seen.Count);
    });

    [Fact]
    public Task CancelRun_RunningRun_TerminatesItThenAnswers200_AndAFinishedRun409() => host.WithHostLogAsync(async () =>
    {
        // Small mini-batches: the run is still pending or running when the cancel arrives.
        var started = await host.StartRunAsync(Samples.Spec("digits-cancel", $"{HostFixture.Inputs}/digits", $"{HostFixture.Outputs}/digits-cancel/results.csv", s => s["miniBatch"] = new JsonObject { ["rows"] = 10 }));
        using var cancel = await host.SendAsync(HttpMethod.Post, started.GetProperty("cancelUri").GetString()!);
        var cancelled = await host.WaitForRunAsync(started.GetProperty("runUri").GetString()!);
        using var again = await host.SendAsync(HttpMethod.Post, started.GetProperty("cancelUri").GetString()!);
        var completed = await host.NamedRunAsync();
        using var finished = await host.SendAsync(HttpMethod.Post, completed.GetProperty("links").GetProperty("cancel").GetString()!);
        var conflict = await HostFixture.BodyAsync(finished);

        Assert.Equal(HttpStatusCode.Accepted, cancel.StatusCode);
        Assert.Equal("terminated", cancelled.GetProperty("runtimeStatus").GetString());
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, finished.StatusCode);
        Assert.Equal("urn:batchscoring:problem:run-finished", conflict.GetProperty("type").GetString());
        Assert.Equal("completed", conflict.GetProperty("runtimeStatus").GetString());
    });
}
