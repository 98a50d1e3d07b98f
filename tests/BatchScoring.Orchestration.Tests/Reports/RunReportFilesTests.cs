using System.Text;
using BatchScoring.Core.Runs;
using BatchScoring.Core.Spec;
using BatchScoring.Orchestration.Contracts;
using BatchScoring.Orchestration.Progress;
using BatchScoring.Orchestration.Reports;
using BatchScoring.Storage;
using Microsoft.DurableTask.Client;

namespace BatchScoring.Orchestration.Tests.Reports;

/// <summary>
/// Every run leaves its timeline and report beside its output, succeeded or failed: per mini-batch an entry for each
/// attempt that failed on its worker (worker, start, end) and one for how it ended (a retried one with its attempt, a
/// failed one as failed), items that add up to the run's counts.
/// </summary>
public sealed class RunReportFilesTests
{
    [Fact]
    public async Task Run_Succeeded_TimelineHasEveryMiniBatchAndTheReportTheOutcome()
    {
        // Arrange: 40 rows, 4 a mini-batch; mini-batch 2 fails once; items with x = 7 are error records.
        await using var fixture = await OrchestrationFixture.StartAsync();
        fixture.WriteInput(40);
        var spec = OrchestrationFixture.TestSpec(Guid.NewGuid().ToString("N"), 4, new TestScorer.Faults { FailOnce = [2], FailItemsWithX = [7] });

        // Act
        var run = await fixture.RunAsync(spec);

        // Assert
        Assert.True(run.RuntimeStatus == OrchestrationRuntimeStatus.Completed, RunFailures.Of(run)?.Message);
        var (header, entries) = await TimelineAsync(fixture, spec.Output.Path);
        Assert.Equal(run.InstanceId, header.Run);
        Assert.Equal(["in/data.csv"], header.Inputs);
        Assert.Equal([0, 1, 2, 2, 3, 4, 5, 6, 7, 8, 9], entries.Select(e => e.MiniBatch));
        Assert.Equal([1, 1, 1, 2, 1, 1, 1, 1, 1, 1, 1], entries.Select(e => e.Attempt));
        Assert.Equal(TimelineOutcome.AttemptFailed, entries[2].Outcome);
        Assert.All(entries.Where(e => e != entries[2]), e => Assert.Equal(TimelineOutcome.Done, e.Outcome));
        Assert.True(entries[2].EndMs <= entries[3].StartMs, $"the failed attempt {entries[2]} ends before the retry {entries[3]} starts");
        Assert.Equal(39, entries.Sum(e => e.Items));
        Assert.Equal(1, entries.Single(e => e.MiniBatch == 1).FailedItems);
        Assert.All(entries, e => Assert.True(e.EndMs >= e.StartMs && e.Input == 0 && e.Worker.Length > 0, $"{e}"));
        var report = Encoding.UTF8.GetString(await fixture.Store.ReadAllBytesAsync(RunLayout.ReportBeside(spec.Output.Path)));
        Assert.Contains("succeeded", report, StringComparison.Ordinal);
        Assert.Contains(spec.Name, report, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_StoppedByItsBudget_TimelineMarksTheFailedMiniBatch()
    {
        await using var fixture = await OrchestrationFixture.StartAsync();
        fixture.WriteInput(20);
        var spec = OrchestrationFixture.TestSpec(Guid.NewGuid().ToString("N"), 4, new TestScorer.Faults { AlwaysFail = [3] }) is var s
            ? s with { Execution = s.Execution with { MaxTries = 2 }, Failures = new FailuresSpec { AllowedFailedCount = 0 } }
            : null!;

        var run = await fixture.RunAsync(spec);

        Assert.Equal(OrchestrationRuntimeStatus.Failed, run.RuntimeStatus);
        var (_, entries) = await TimelineAsync(fixture, spec.Output.Path);
        var failed = Assert.Single(entries, e => e.Outcome == TimelineOutcome.Failed);
        Assert.Equal((3, 2, 4L), (failed.MiniBatch, failed.Attempt, failed.FailedItems));
        var attempts = entries.Where(e => e.Outcome == TimelineOutcome.AttemptFailed).ToList();
        Assert.Equal([(3, 1), (3, 2)], attempts.Select(e => (e.MiniBatch, e.Attempt)));
        Assert.All(attempts, e => Assert.True(e.Worker.Length > 0 && e.EndMs >= e.StartMs && e.Items == 0, $"{e}"));
        Assert.Contains("failed", Encoding.UTF8.GetString(await fixture.Store.ReadAllBytesAsync(RunLayout.ReportBeside(spec.Output.Path))), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_FailedAtPlanning_ReportWithoutTimeline()
    {
        await using var fixture = await OrchestrationFixture.StartAsync();
        var spec = OrchestrationFixture.TestSpec(Guid.NewGuid().ToString("N"), 4);

        var run = await fixture.RunAsync(spec);

        Assert.Equal(OrchestrationRuntimeStatus.Failed, run.RuntimeStatus);
        Assert.Null(await fixture.Store.GetInfoAsync(RunLayout.TimelineBeside(spec.Output.Path)));
        Assert.Contains("Nothing to score", Encoding.UTF8.GetString(await fixture.Store.ReadAllBytesAsync(RunLayout.ReportBeside(spec.Output.Path))), StringComparison.Ordinal);
    }

    private static async Task<(TimelineHeader Header, List<TimelineEntry> Entries)> TimelineAsync(OrchestrationFixture fixture, string output)
    {
        var path = RunLayout.TimelineBeside(output);
        await using var stream = await fixture.Store.OpenReadAsync(path);
        return await TimelineFile.ReadAsync(stream, path);
    }
}
