using System.Net;
using BatchScoring.Functions.Http;
using BatchScoring.Functions.Tests.Fakes;
using BatchScoring.Orchestration.Contracts;
using Microsoft.DurableTask.Client;
using static BatchScoring.Functions.Tests.Fakes.FakeHttpResponseData;

namespace BatchScoring.Functions.Tests.Http;

public sealed class ListRunsTests
{
    private readonly FakeDurableTaskClient client = new();

    public ListRunsTests()
    {
        client.Add("a", OrchestrationRuntimeStatus.Running, customStatus: new RunProgress(RunPhase.Scoring, 8, 3, 0, 2, 3000, 0, 1500, 3.3));
        client.Add("a:shard:1", OrchestrationRuntimeStatus.Running, name: "ScoreShard");
        client.Add("b", OrchestrationRuntimeStatus.Completed);
        client.Add("c", OrchestrationRuntimeStatus.Failed);
        client.Add("d", OrchestrationRuntimeStatus.Running);
    }

    [Fact]
    public async Task RunAsync_StatusFilter_ListsRunsButNotShards()
    {
        var body = Json(await new ListRuns().RunAsync(FakeHttpRequestData.Get("/api/runs?status=running"), client));

        Assert.Equal(["a", "d"], body.GetProperty("runs").EnumerateArray().Select(r => r.GetProperty("id").GetString()));
        Assert.Equal([OrchestrationRuntimeStatus.Running], client.Queries.Single().Statuses);
    }

    [Fact]
    public async Task RunAsync_Top_PagesWithAContinuationToken()
    {
        var first = Json(await new ListRuns().RunAsync(FakeHttpRequestData.Get("/api/runs?top=2"), client));
        var token = first.GetProperty("continuationToken").GetString()!;
        var second = Json(await new ListRuns().RunAsync(FakeHttpRequestData.Get($"/api/runs?top=2&continuationToken={token}"), client));
        var third = Json(await new ListRuns().RunAsync(FakeHttpRequestData.Get($"/api/runs?top=2&continuationToken=4"), client));

        Assert.Equal(["a"], first.GetProperty("runs").EnumerateArray().Select(r => r.GetProperty("id").GetString()));
        Assert.Equal($"https://scoring.example.net/api/runs?top=2&continuationToken={token}", first.GetProperty("next").GetString());
        Assert.Equal(["b", "c"], second.GetProperty("runs").EnumerateArray().Select(r => r.GetProperty("id").GetString()));
        Assert.Equal(["d"], third.GetProperty("runs").EnumerateArray().Select(r => r.GetProperty("id").GetString()));
        Assert.False(third.TryGetProperty("next", out _));
    }

    [Fact]
    public async Task RunAsync_RunsWithProgress_AreListedFromAQueryWithoutInputsAndOutputs()
    {
        // The gRPC client refuses ReadCustomStatusAs on metadata queried without inputs and outputs (it was a 500).
        var response = await new ListRuns().RunAsync(FakeHttpRequestData.Get("/api/runs"), client);

        var runs = Json(response).GetProperty("runs").EnumerateArray().ToList();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.False(client.Queries.Single().FetchInputsAndOutputs);
        Assert.Equal(3, runs.Single(r => r.GetProperty("id").GetString() == "a").GetProperty("progress").GetProperty("done").GetInt32());
        Assert.False(runs.Single(r => r.GetProperty("id").GetString() == "b").TryGetProperty("progress", out _));
    }

    [Fact]
    public async Task RunAsync_KeyInTheQuery_IsCarriedIntoNextAndEveryRunsLinks()
    {
        var body = Json(await new ListRuns().RunAsync(FakeHttpRequestData.Get("/api/runs?status=running&top=1&code=abc"), client));

        Assert.Equal("https://scoring.example.net/api/runs?status=running&top=1&continuationToken=1&code=abc", body.GetProperty("next").GetString());
        Assert.Equal("https://scoring.example.net/api/runs/a?code=abc", body.GetProperty("runs")[0].GetProperty("links").GetProperty("self").GetString());
        Assert.Equal("https://scoring.example.net/api/runs/a/cancel?code=abc", body.GetProperty("runs")[0].GetProperty("links").GetProperty("cancel").GetString());
    }

    [Fact]
    public async Task RunAsync_InvalidQuery_Returns400ListingEveryParameter()
    {
        var response = await new ListRuns().RunAsync(FakeHttpRequestData.Get("/api/runs?status=running,done&top=5000"), client);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(["status", "top"], Json(response).GetProperty("errors").EnumerateArray().Select(e => e.GetProperty("path").GetString()));
    }
}
