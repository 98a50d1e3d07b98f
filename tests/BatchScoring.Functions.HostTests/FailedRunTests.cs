using System.Text.Json.Nodes;
using BatchScoring.Tests;

namespace BatchScoring.Functions.HostTests;

/// <summary>A failed run shows why, without Durable's wrappers, whichever way it failed.</summary>
[Collection(HostCollection.Name)]
public sealed class FailedRunTests(HostFixture host)
{
    [Fact]
    public Task GetRun_ModelThatDoesNotExist_ShowsTheReasonAndTheStepThatFailed() => host.WithHostLogAsync(async () =>
    {
        var spec = Samples.Spec("digits-no-model", $"{HostFixture.Inputs}/digits", $"{HostFixture.Outputs}/digits-no-model/results.csv", s => s["model"]!["location"] = "specs/models/no-such-model.onnx");

        var started = await host.StartRunAsync(spec);
        var run = await host.WaitForRunAsync(started.GetProperty("runUri").GetString()!);

        Assert.True(run.GetProperty("runtimeStatus").GetString() == "failed", $"run {run}");
        Assert.True(run.TryGetProperty("failure", out var failure), $"a failed run without 'failure': {run}");
        Assert.Equal("model.location: 'specs/models/no-such-model.onnx' does not exist in blob account devstoreaccount1.", failure.GetProperty("message").GetString());
        Assert.Equal("PlanMiniBatches", failure.GetProperty("task").GetString());
    });

    [Fact]
    public Task GetRun_RunStoppedByItsFailureBudget_ShowsTheBudgetsReasonAndTheErrorRecords() => host.WithHostLogAsync(async () =>
    {
        await host.UploadAsync($"{HostFixture.Inputs}/bad/digits.csv", Samples.DigitsCsvWithABadValue(rows: 40, badRow: 7));
        var spec = Samples.Spec("digits-budget", $"{HostFixture.Inputs}/bad", $"{HostFixture.Outputs}/digits-budget/results.csv", s =>
        {
            s["miniBatch"] = new JsonObject { ["rows"] = 20 };
            s["failures"] = new JsonObject { ["errorThreshold"] = 0 };
        });

        var started = await host.StartRunAsync(spec);
        var run = await host.WaitForRunAsync(started.GetProperty("runUri").GetString()!);

        Assert.True(run.GetProperty("runtimeStatus").GetString() == "failed", $"run {run}");
        Assert.True(run.TryGetProperty("failure", out var failure), $"a failed run without 'failure': {run}");
        var message = failure.GetProperty("message").GetString()!;
        Assert.StartsWith("Run 'digits-budget' stopped: errorThreshold 0 exceeded", message, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", message, StringComparison.Ordinal);
        Assert.Equal("BatchScoring.Core.BatchScoringException", failure.GetProperty("errorType").GetString());
        Assert.False(failure.TryGetProperty("task", out _));
        Assert.Contains("digits-budget/results.csv.errors.jsonl", run.GetProperty("links").GetProperty("errors").GetString(), StringComparison.Ordinal);
    });

    [Fact]
    [Trait(Behaviours.Trait, Behaviours.InputSelection)]
    public Task GetRun_NoInputMatched_FailsWithTheReasonNamingLocationAndGlob() => host.WithHostLogAsync(async () =>
    {
        var spec = Samples.Spec("digits-nothing", $"{HostFixture.Inputs}/nothing-here", $"{HostFixture.Outputs}/digits-nothing/results.csv");

        var started = await host.StartRunAsync(spec);
        var run = await host.WaitForRunAsync(started.GetProperty("runUri").GetString()!);

        Assert.True(run.GetProperty("runtimeStatus").GetString() == "failed", $"run {run}");
        var message = run.GetProperty("failure").GetProperty("message").GetString()!;
        Assert.StartsWith($"Nothing to score: input.location '{HostFixture.Inputs}/nothing-here' with glob '*.csv' matches no file", message, StringComparison.Ordinal);
        Assert.Contains("input.allowEmpty", message, StringComparison.Ordinal);
        Assert.Equal("PlanMiniBatches", run.GetProperty("failure").GetProperty("task").GetString());
        Assert.Contains("digits-nothing/results.csv.summary.json", run.GetProperty("links").GetProperty("summary").GetString(), StringComparison.Ordinal);
    });
}
