using System.Net;
using BatchScoring.Functions.Tests.Fakes;
using Microsoft.DurableTask.Client;
using static BatchScoring.Functions.Tests.Fakes.FakeHttpResponseData;

namespace BatchScoring.Functions.Tests.Http;

public sealed class CancelRunTests : IDisposable
{
    private readonly FunctionsHarness harness = new();

    public void Dispose() => harness.Dispose();

    [Fact]
    public async Task RunAsync_RunningRun_TerminatesItAndItsShards()
    {
        harness.Client.Add("r1", OrchestrationRuntimeStatus.Running);

        var response = await harness.CancelRun().RunAsync(FakeHttpRequestData.Post("/api/runs/r1/cancel"), harness.Client, "r1");

        var (id, options) = Assert.Single(harness.Client.Terminated);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal("r1", id);
        Assert.True(options!.Recursive);
        Assert.Equal("https://scoring.example.net/api/runs/r1", Header(response, "Location"));
    }

    [Theory]
    [InlineData(OrchestrationRuntimeStatus.Completed, "completed")]
    [InlineData(OrchestrationRuntimeStatus.Failed, "failed")]
    public async Task RunAsync_FinishedRun_Returns409SayingSo(OrchestrationRuntimeStatus status, string shown)
    {
        harness.Client.Add("r2", status);

        var response = await harness.CancelRun().RunAsync(FakeHttpRequestData.Post("/api/runs/r2/cancel"), harness.Client, "r2");

        var problem = Json(response);
        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Equal("urn:batchscoring:problem:run-finished", problem.GetProperty("type").GetString());
        Assert.Equal(shown, problem.GetProperty("runtimeStatus").GetString());
        Assert.Contains($"is {shown}", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Empty(harness.Client.Terminated);
    }

    [Fact]
    public async Task RunAsync_AlreadyCancelled_Returns200WithTheRun()
    {
        harness.Client.Add("r3", OrchestrationRuntimeStatus.Terminated);

        var response = await harness.CancelRun().RunAsync(FakeHttpRequestData.Post("/api/runs/r3/cancel"), harness.Client, "r3");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("terminated", Json(response).GetProperty("runtimeStatus").GetString());
        Assert.Empty(harness.Client.Terminated);
    }

    [Fact]
    public async Task RunAsync_UnknownId_Returns404()
    {
        var response = await harness.CancelRun().RunAsync(FakeHttpRequestData.Post("/api/runs/nope/cancel"), harness.Client, "nope");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }
}
