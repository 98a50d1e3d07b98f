using System.Net;
using BatchScoring.Core.Runs;
using BatchScoring.Core.Spec;
using BatchScoring.Functions.Tests.Fakes;
using BatchScoring.Orchestration.Contracts;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using static BatchScoring.Functions.Tests.Fakes.FakeHttpResponseData;

namespace BatchScoring.Functions.Tests.Http;

public sealed class GetRunTests : IDisposable
{
    private readonly FunctionsHarness harness = new();

    public void Dispose() => harness.Dispose();

    private static ScoringRunInput Input => new(RunSpecSerializer.Parse(FunctionsHarness.ValidSpec), DurableEngine.AzureFunctions);

    [Fact]
    public async Task RunAsync_UnknownId_Returns404Problem()
    {
        var response = await harness.GetRun().RunAsync(FakeHttpRequestData.Get("/api/runs/nope"), harness.Client, "nope");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json; charset=utf-8", Header(response, "Content-Type"));
        Assert.Equal("urn:batchscoring:problem:run-not-found", Json(response).GetProperty("type").GetString());
    }

    [Fact]
    public async Task RunAsync_RunningRun_ShowsStatusAndProgress()
    {
        harness.Client.Add("r1", OrchestrationRuntimeStatus.Running, input: Input, customStatus: new RunProgress(RunPhase.Scoring, 10, 4, 1, 2, 4000, 3, 1234.5, 6.5));

        var body = Json(await harness.GetRun().RunAsync(FakeHttpRequestData.Get("/api/runs/r1"), harness.Client, "r1"));

        Assert.Equal("running", body.GetProperty("runtimeStatus").GetString());
        Assert.Equal("churn", body.GetProperty("name").GetString());
        Assert.Equal("scoring", body.GetProperty("progress").GetProperty("phase").GetString());
        Assert.Equal(4, body.GetProperty("progress").GetProperty("done").GetInt32());
        Assert.Equal("https://scoring.example.net/api/runs/r1", body.GetProperty("links").GetProperty("self").GetString());
        Assert.False(body.GetProperty("links").TryGetProperty("output", out _));
    }

    /// <summary>
    /// The run counts the shards it collected and names those it waits for: a shard that finished before the run
    /// collected it still counts (done never goes backwards), and one already collected is not counted twice.
    /// </summary>
    [Fact]
    public async Task RunAsync_ShardsTheRunWaitsFor_AddedWhetherRunningOrJustFinished()
    {
        var running = RunLayout.ShardId("r1", 4, Guid.NewGuid());
        var justFinished = RunLayout.ShardId("r1", 8, Guid.NewGuid());
        var collected = RunLayout.ShardId("r1", 0, Guid.NewGuid());
        harness.Client.Add("r1", OrchestrationRuntimeStatus.Running, input: Input, customStatus: new RunProgress(RunPhase.Scoring, 12, 4, 0, 0, 4000, 0, 0, null, Shards: [running, justFinished]));
        harness.Client.Add(running, OrchestrationRuntimeStatus.Running, "ScoreShard", customStatus: new ShardProgress(1, 0, 2, 1000, 0));
        harness.Client.Add(justFinished, OrchestrationRuntimeStatus.Completed, "ScoreShard", customStatus: new ShardProgress(4, 0, 0, 4000, 0));
        harness.Client.Add(collected, OrchestrationRuntimeStatus.Completed, "ScoreShard", customStatus: new ShardProgress(4, 0, 0, 4000, 0));

        var progress = Json(await harness.GetRun().RunAsync(FakeHttpRequestData.Get("/api/runs/r1"), harness.Client, "r1")).GetProperty("progress");

        Assert.Equal(9, progress.GetProperty("done").GetInt32());
        Assert.Equal(2, progress.GetProperty("inFlight").GetInt32());
        Assert.Equal(9000, progress.GetProperty("itemsScored").GetInt64());
        Assert.False(progress.TryGetProperty("shards", out _)); // bookkeeping, not shown
    }

    [Fact]
    public async Task RunAsync_CompletedRun_LinksOutputErrorsAndSummary()
    {
        var result = new ScoringRunResult("outputs/churn/results.parquet", RunLayout.ErrorsBeside("outputs/churn/results.parquet"), RunLayout.SummaryBeside("outputs/churn/results.parquet"), 10, 0, 10_000, 0, false);
        harness.Client.Add("r2", OrchestrationRuntimeStatus.Completed, input: Input, output: result);

        var body = Json(await harness.GetRun().RunAsync(FakeHttpRequestData.Get("/api/runs/r2"), harness.Client, "r2"));

        var links = body.GetProperty("links");
        Assert.Equal("completed", body.GetProperty("runtimeStatus").GetString());
        Assert.Equal(10_000, body.GetProperty("result").GetProperty("itemsScored").GetInt64());
        Assert.Equal("https://stdata.blob.core.windows.net/outputs/churn/results.parquet", links.GetProperty("output").GetString());
        Assert.Equal("https://stdata.blob.core.windows.net/outputs/churn/results.parquet.errors.jsonl", links.GetProperty("errors").GetString());
        Assert.Equal("https://stdata.blob.core.windows.net/outputs/churn/results.parquet.summary.json", links.GetProperty("summary").GetString());
        Assert.Equal("https://stdata.blob.core.windows.net/outputs/churn/results.parquet.report.html", links.GetProperty("report").GetString());
    }

    [Fact]
    public async Task RunAsync_FailedRunWithoutFailureDetails_ShowsTheReasonFromItsOutput()
    {
        // Under the Functions host on Azure Storage, FailureDetails is null and the reason is only the output string.
        harness.Client.Add("r4", OrchestrationRuntimeStatus.Failed, input: Input, output: "Microsoft.DurableTask.TaskFailedException: Task 'PlanMiniBatches' (#0) failed with an unhandled exception: 'specs/models/churn.onnx' does not exist.");

        var body = Json(await harness.GetRun().RunAsync(FakeHttpRequestData.Get("/api/runs/r4"), harness.Client, "r4"));

        var failure = body.GetProperty("failure");
        Assert.Equal("failed", body.GetProperty("runtimeStatus").GetString());
        Assert.Equal("'specs/models/churn.onnx' does not exist.", failure.GetProperty("message").GetString());
        Assert.Equal("PlanMiniBatches", failure.GetProperty("task").GetString());
        Assert.False(failure.TryGetProperty("errorType", out _));
    }

    [Fact]
    public async Task RunAsync_KeyInTheQuery_IsCarriedIntoTheLinks()
    {
        harness.Client.Add("r5", OrchestrationRuntimeStatus.Running, input: Input);

        var links = Json(await harness.GetRun().RunAsync(FakeHttpRequestData.Get("/api/runs/r5?code=abc"), harness.Client, "r5")).GetProperty("links");

        Assert.Equal("https://scoring.example.net/api/runs/r5?code=abc", links.GetProperty("self").GetString());
        Assert.Equal("https://scoring.example.net/api/runs/r5/cancel?code=abc", links.GetProperty("cancel").GetString());
    }

    [Fact]
    public async Task RunAsync_RunStoppedByItsBudget_ShowsTheReasonAndItsErrorRecords()
    {
        const string Reason = "Run 'churn' stopped: 3 mini-batches failed, 1 allowed.";
        harness.Client.Add("r3", OrchestrationRuntimeStatus.Failed, input: Input, failure: new TaskFailureDetails("BatchScoring.Core.BatchScoringException", Reason, null, null, null));
        harness.Folder.Write(RunLayout.SummaryBeside("outputs/churn/results.parquet"), "{}");
        harness.Folder.Write(RunLayout.ErrorsBeside("outputs/churn/results.parquet"), "");

        var body = Json(await harness.GetRun().RunAsync(FakeHttpRequestData.Get("/api/runs/r3"), harness.Client, "r3"));

        Assert.Equal("failed", body.GetProperty("runtimeStatus").GetString());
        Assert.Equal(Reason, body.GetProperty("failure").GetProperty("message").GetString());
        Assert.Equal("https://stdata.blob.core.windows.net/outputs/churn/results.parquet.errors.jsonl", body.GetProperty("links").GetProperty("errors").GetString());
        Assert.False(body.GetProperty("links").TryGetProperty("output", out _));
    }
}
