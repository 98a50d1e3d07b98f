using BatchScoring.Core;
using BatchScoring.Functions.Options;
using BatchScoring.Functions.Runs;
using BatchScoring.Tests;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;

namespace BatchScoring.Functions.Tests.Triggers;

public sealed class RunSchedulesTests : IDisposable
{
    private static readonly DateTimeOffset Occurrence = new(2025, 1, 1, 2, 0, 0, TimeSpan.Zero);

    private readonly FunctionsHarness harness = new();

    public RunSchedulesTests()
    {
        harness.WriteSpec("churn.json");
        harness.Options.Schedules["nightly"] = new ScheduleOptions { Cron = "0 2 * * *", Spec = "churn.json" };
    }

    public void Dispose() => harness.Dispose();

    [Fact]
    public async Task RunAsync_DueOccurrence_StartsItUnderItsDeterministicId()
    {
        await harness.RunSchedules().RunAsync(new TimerInfo(), harness.Client);

        var scheduled = Assert.Single(harness.Client.Scheduled);
        Assert.Equal("schedule.nightly.20250101T020000Z", scheduled.InstanceId);
        Assert.Equal(InstanceIds.ForSchedule("nightly", Occurrence), scheduled.InstanceId);
        Assert.Equal("churn", harness.SpecOf(scheduled).Name);
    }

    [Fact]
    public async Task RunAsync_SameOccurrenceSeenAgain_DoesNotStartItTwice()
    {
        await harness.RunSchedules().RunAsync(new TimerInfo(), harness.Client);
        harness.Time.Now = harness.Time.Now.AddMinutes(1); // the next tick still looks back over 02:00
        await harness.RunSchedules().RunAsync(new TimerInfo(), harness.Client);
        harness.Client.Add(harness.Client.Instances.Keys.Single(), OrchestrationRuntimeStatus.Completed);
        await harness.RunSchedules().RunAsync(new TimerInfo(), harness.Client); // a completed occurrence is not replaced either

        Assert.Single(harness.Client.Scheduled);
    }

    [Fact]
    public async Task RunAsync_PreviousOccurrenceStillRunning_SkipsThisOne()
    {
        harness.Options.Schedules["hourly"] = new ScheduleOptions { Cron = "0 0 * * * *", Spec = "churn.json" };
        harness.Client.Add(InstanceIds.ForSchedule("hourly", Occurrence.AddHours(-1)), OrchestrationRuntimeStatus.Running);

        await harness.RunSchedules().RunAsync(new TimerInfo(), harness.Client);

        Assert.Equal(["schedule.nightly.20250101T020000Z"], harness.Client.Scheduled.Select(s => s.InstanceId));
    }

    [Fact]
    public async Task RunAsync_NothingDue_StartsNothing()
    {
        harness.Time.Now = Occurrence.AddMinutes(10);

        await harness.RunSchedules().RunAsync(new TimerInfo(), harness.Client);

        Assert.Empty(harness.Client.Scheduled);
    }

    [Fact]
    public async Task RunAsync_AfterDowntime_StartsOnlyTheLatestMissedOccurrence()
    {
        harness.Options.Schedules["nightly"].Cron = "0 */15 * * * *";
        harness.Time.Now = Occurrence.AddMinutes(50);
        var timer = new TimerInfo { ScheduleStatus = new ScheduleStatus { Last = Occurrence.UtcDateTime.AddMinutes(-1) } };

        await harness.RunSchedules().RunAsync(timer, harness.Client);

        Assert.Equal(["schedule.nightly.20250101T024500Z"], harness.Client.Scheduled.Select(s => s.InstanceId));
    }

    [Fact]
    public async Task RunAsync_OneScheduleSpecMissing_StartsTheOthersAndFailsNamingIt()
    {
        harness.Options.Schedules["broken"] = new ScheduleOptions { Cron = "0 2 * * *", Spec = "missing.json" };

        var error = await Assert.ThrowsAsync<BatchScoringException>(() => harness.RunSchedules().RunAsync(new TimerInfo(), harness.Client));

        Assert.Contains("specs/missing.json", string.Join("\n", error.Errors), StringComparison.Ordinal);
        Assert.Equal(["schedule.nightly.20250101T020000Z"], harness.Client.Scheduled.Select(s => s.InstanceId));
    }

    [Fact]
    [Trait(Behaviours.Trait, Behaviours.ContainerConfinement)]
    public async Task RunAsync_ScheduleSpecOutsideTheContainers_StartsNothingLogsEveryFieldAndFailsNamingIt()
    {
        // Arrange
        harness.WriteSpec("leaky.json", FunctionsHarness.ValidSpecWith("outputs/churn/results.parquet", "inputs/scored/results.parquet").Replace("specs/models/churn.onnx", "outputs/churn.onnx", StringComparison.Ordinal));
        harness.Options.Schedules["leaky"] = new ScheduleOptions { Cron = "0 2 * * *", Spec = "leaky.json" };

        // Act
        var error = await Assert.ThrowsAsync<BatchScoringException>(() => harness.RunSchedules().RunAsync(new TimerInfo(), harness.Client));

        // Assert
        var entry = Assert.Single(harness.ScheduleLog.Entries, e => e.EventId == 5013);
        Assert.Equal(["schedule.nightly.20250101T020000Z"], harness.Client.Scheduled.Select(s => s.InstanceId));
        Assert.Equal(LogLevel.Error, entry.Level);
        Assert.Contains("Schedule leaky: spec specs/leaky.json cannot be run: model.location: must be in container 'specs'", entry.Message, StringComparison.Ordinal);
        Assert.Contains("output.path: must be in container 'outputs'", entry.Message, StringComparison.Ordinal);
        Assert.Contains("leaky: specs/leaky.json: model.location", Assert.Single(error.Errors), StringComparison.Ordinal);
    }
}
