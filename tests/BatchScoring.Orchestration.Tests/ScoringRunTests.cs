using System.Text.Json;
using BatchScoring.Core.Data;
using BatchScoring.Core.Runs;
using BatchScoring.Core.Spec;
using BatchScoring.Engine;
using BatchScoring.Orchestration.Contracts;
using BatchScoring.Orchestration.Progress;
using BatchScoring.Orchestration.Runs;
using BatchScoring.Tests;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;

namespace BatchScoring.Orchestration.Tests;

/// <summary>The ScoringRun orchestration on a real (in-memory) Durable Task engine, with replay.</summary>
public sealed class ScoringRunTests
{
    /// <summary>How long a wait on the scorer's counters may take.</summary>
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Run_DigitsSample_CompletesWithEveryRowInOrderAndSummary()
    {
        await using var fixture = await OrchestrationFixture.StartAsync(new TempFolder().CopyFromRepo("samples/digits-tabular/data", "samples/models"));
        var spec = RunSpecSerializer.Parse(File.ReadAllText(Repo.PathOf("samples/digits-tabular/spec.json")));
        var outPath = spec.Output.Path;
        spec = spec with { Execution = spec.Execution with { Reuse = false } };

        var run = await fixture.RunAsync(spec);

        Assert.Equal(OrchestrationRuntimeStatus.Completed, run.RuntimeStatus);
        var result = run.ReadOutputAs<ScoringRunResult>()!;
        Assert.Equal(1797, result.ItemsScored);
        var lines = fixture.Read(outPath).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(1798, lines.Length);
        Assert.Equal(Enumerable.Range(0, 1797).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)), lines.Skip(1).Select(l => l.Split(',')[0]));
        using var summary = JsonDocument.Parse(fixture.Read(result.SummaryPath));
        Assert.Equal("succeeded", summary.RootElement.GetProperty("status").GetString());
        Assert.Equal(8, summary.RootElement.GetProperty("miniBatches").GetProperty("succeeded").GetInt32());
        Assert.Equal("in-memory", summary.RootElement.GetProperty("engine").GetString());
        Assert.Equal(64, summary.RootElement.GetProperty("modelHash").GetString()!.Length);
        Assert.True(summary.RootElement.GetProperty("miniBatchSeconds").GetProperty("p95").GetDouble() > 0);
        Assert.Equal("digits-tabular", summary.RootElement.GetProperty("spec").GetProperty("name").GetString());
    }

    [Theory]
    [Trait(Behaviours.Trait, Behaviours.FailureBudget)]
    [InlineData(2, true, null)]
    [InlineData(1, false, "allowedFailedCount 1 exceeded: 2 mini-batches failed (3, 7)")]
    public async Task Run_AllowedFailedCountJustUnderOrOver_CompletesWithoutThoseRowsOrFails(long allowed, bool completes, string? reason)
    {
        await using var fixture = await OrchestrationFixture.StartAsync();
        fixture.WriteInput(50);
        var spec = OrchestrationFixture.TestSpec(Guid.NewGuid().ToString("N"), 5, new TestScorer.Faults { AlwaysFail = [3, 7] });
        spec = spec with { Failures = new FailuresSpec { AllowedFailedCount = allowed }, Execution = spec.Execution with { MaxTries = 2, MaxParallelMiniBatches = 2 } };

        var run = await fixture.RunAsync(spec);

        if (completes)
        {
            Assert.Equal(OrchestrationRuntimeStatus.Completed, run.RuntimeStatus);
            var ids = Ids(fixture.Read("out/results.csv"));
            Assert.Equal(Enumerable.Range(0, 50).Where(i => i / 5 is not 3 and not 7), ids);
            var errors = ErrorRecords(fixture);
            Assert.Equal([.. Enumerable.Range(16, 5).Concat(Enumerable.Range(36, 5)).Select(r => $"in/data.csv row {r}")], errors.Select(e => e.Item));
            Assert.All(errors, e => Assert.Equal(ErrorKind.MiniBatch, e.Kind));
            Assert.Contains("failed after 2 tries: mini-batch 3 always fails", errors[0].Message, StringComparison.Ordinal);
        }
        else
        {
            Assert.Equal(OrchestrationRuntimeStatus.Failed, run.RuntimeStatus);
            Assert.Contains(reason!, RunFailures.Of(run)!.Message, StringComparison.Ordinal);
            Assert.False(fixture.Exists("out/results.csv"));
            Assert.True(fixture.Exists(ErrorsPath));
            using var summary = JsonDocument.Parse(fixture.Read(SummaryPath));
            Assert.Equal("failed", summary.RootElement.GetProperty("status").GetString());
        }
    }

    [Theory]
    [InlineData(3, true)]
    [InlineData(2, false)]
    public async Task Run_ErrorThresholdJustUnderOrOver_CompletesOrFails(long threshold, bool completes)
    {
        await using var fixture = await OrchestrationFixture.StartAsync();
        fixture.WriteInput(40);
        var spec = OrchestrationFixture.TestSpec(Guid.NewGuid().ToString("N"), 10, new TestScorer.Faults { FailItemsWithX = [1, 15, 33] });
        spec = spec with { Failures = new FailuresSpec { ErrorThreshold = threshold } };

        var run = await fixture.RunAsync(spec);

        Assert.Equal(completes ? OrchestrationRuntimeStatus.Completed : OrchestrationRuntimeStatus.Failed, run.RuntimeStatus);
        if (completes)
        {
            Assert.Equal(Enumerable.Range(0, 40).Except([1, 15, 33]), Ids(fixture.Read("out/results.csv")));
            Assert.Equal(["in/data.csv row 2", "in/data.csv row 16", "in/data.csv row 34"], ErrorRecords(fixture).Select(e => e.Item));
        }
        else
        {
            Assert.Contains("errorThreshold 2 exceeded: 3 items failed", RunFailures.Of(run)!.Message, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData(10, true)]
    [InlineData(9, false)]
    [InlineData(0, false)]
    public async Task Run_ErrorThresholdWithAFailedMiniBatch_CountsItsItemsAsFailed(long threshold, bool completes)
    {
        // Arrange: mini-batch 2 (10 rows) fails after its tries; its rows are failed items, as in Azure ML. Before,
        // errorThreshold 0 let such a run succeed with failedItems 10 in its summary.
        await using var fixture = await OrchestrationFixture.StartAsync();
        fixture.WriteInput(40);
        var spec = OrchestrationFixture.TestSpec(Guid.NewGuid().ToString("N"), 10, new TestScorer.Faults { AlwaysFail = [2] });
        spec = spec with { Failures = new FailuresSpec { ErrorThreshold = threshold }, Execution = spec.Execution with { MaxTries = 1 } };

        // Act
        var run = await fixture.RunAsync(spec);

        // Assert
        Assert.Equal(completes ? OrchestrationRuntimeStatus.Completed : OrchestrationRuntimeStatus.Failed, run.RuntimeStatus);
        using var summary = JsonDocument.Parse(fixture.Read(SummaryPath));
        Assert.Equal(10, summary.RootElement.GetProperty("items").GetProperty("failed").GetInt64());
        if (!completes)
        {
            Assert.Contains($"errorThreshold {threshold} exceeded: 10 items failed", RunFailures.Of(run)!.Message, StringComparison.Ordinal);
            Assert.False(fixture.Exists("out/results.csv"));
        }
    }

    [Theory]
    [InlineData(20, true)]
    [InlineData(10, false)]
    public async Task Run_AllowedFailedPercentJustUnderOrOver_CompletesOrFails(double percent, bool completes)
    {
        await using var fixture = await OrchestrationFixture.StartAsync();
        fixture.WriteInput(100);
        var spec = OrchestrationFixture.TestSpec(Guid.NewGuid().ToString("N"), 10, new TestScorer.Faults { AlwaysFail = [4, 8] });
        spec = spec with { Failures = new FailuresSpec { AllowedFailedPercent = percent }, Execution = spec.Execution with { MaxTries = 1 } };

        var run = await fixture.RunAsync(spec);

        Assert.Equal(completes ? OrchestrationRuntimeStatus.Completed : OrchestrationRuntimeStatus.Failed, run.RuntimeStatus);
        if (!completes)
        {
            Assert.Contains("allowedFailedPercent 10 can no longer be met: 2 of 10 mini-batches failed (4, 8), at most 1 may", RunFailures.Of(run)!.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Run_MiniBatchFailsOnceThenSucceeds_OutputComplete()
    {
        await using var fixture = await OrchestrationFixture.StartAsync();
        fixture.WriteInput(30);
        var faults = new TestScorer.Faults { FailOnce = [1] };
        var spec = OrchestrationFixture.TestSpec(Guid.NewGuid().ToString("N"), 10, faults) with { Failures = new FailuresSpec { AllowedFailedCount = 0 } };

        var run = await fixture.RunAsync(spec);

        Assert.Equal(OrchestrationRuntimeStatus.Completed, run.RuntimeStatus);
        Assert.Equal(Enumerable.Range(0, 30), Ids(fixture.Read("out/results.csv")));
        Assert.Equal(2, faults.Attempts[1]);
        Assert.Empty(ErrorRecords(fixture));
    }

    [Fact]
    public async Task Run_AttemptHangsPastTimeout_RetriedAndLateFinishDoesNotDuplicate()
    {
        await using var fixture = await OrchestrationFixture.StartAsync();
        fixture.WriteInput(30);
        var faults = new TestScorer.Faults { HangOnce = [2], Hang = TimeSpan.FromSeconds(4) };
        var spec = OrchestrationFixture.TestSpec(Guid.NewGuid().ToString("N"), 10, faults);
        spec = spec with { Execution = spec.Execution with { MiniBatchTimeout = 1, KeepStaging = true } };

        var run = await fixture.RunAsync(spec);

        Assert.Equal(OrchestrationRuntimeStatus.Completed, run.RuntimeStatus);
        var output = fixture.Read("out/results.csv");
        Assert.Equal(Enumerable.Range(0, 30), Ids(output));
        Assert.True(faults.Attempts[2] >= 2);

        // The abandoned attempt finishes late and writes its part and marker again: the output is untouched and a new
        // commit of the same staged parts still has every row exactly once.
        var staging = StagingOf(fixture);
        var marker = fixture.Store.GetFullPath(RunLayout.DonePath(staging, 2));
        await Waits.UntilAsync(() => faults.LateFinishes.TryGetValue(2, out var late) && faults.InFlight == 0 && File.GetLastWriteTimeUtc(marker) >= late, Patience, "the abandoned attempt of mini-batch 2 writing its marker again");
        Assert.Equal(output, fixture.Read("out/results.csv"));
        var plan = await fixture.Engine.PlanAsync(spec);
        var result = run.ReadOutputAs<ScoringRunResult>()!;
        await fixture.Engine.CommitAsync(spec with { Output = spec.Output with { Path = "out/again.csv" } }, plan, staging, [], []);
        Assert.Equal(Enumerable.Range(0, 30), Ids(fixture.Read("out/again.csv")));
        Assert.Equal(30, result.ItemsScored);
    }

    [Fact]
    public async Task ScoreMiniBatch_DeliveredTwice_NoDuplicatedRows()
    {
        await using var fixture = await OrchestrationFixture.StartAsync();
        fixture.WriteInput(20);
        var spec = OrchestrationFixture.TestSpec(Guid.NewGuid().ToString("N"), 10);
        var plan = await fixture.Engine.PlanAsync(spec);

        // Two deliveries of the same activity (at-least-once): both score and stage mini-batch 1.
        await fixture.Engine.ScoreMiniBatchAsync(spec, plan, 0, "stage");
        await Task.WhenAll(fixture.Engine.ScoreMiniBatchAsync(spec, plan, 1, "stage"), fixture.Engine.ScoreMiniBatchAsync(spec, plan, 1, "stage"));
        await fixture.Engine.CommitAsync(spec, plan, "stage", [], []);

        Assert.Equal(Enumerable.Range(0, 20), Ids(fixture.Read("out/results.csv")));
    }

    [Fact]
    public async Task Run_OneInputRow_OneRowOut()
    {
        await using var fixture = await OrchestrationFixture.StartAsync();
        fixture.WriteInput(1);

        var run = await fixture.RunAsync(OrchestrationFixture.TestSpec(Guid.NewGuid().ToString("N"), 10));

        Assert.Equal(OrchestrationRuntimeStatus.Completed, run.RuntimeStatus);
        Assert.Equal("id,y\n0,0\n", fixture.Read("out/results.csv"));
    }

    [Fact]
    [Trait(Behaviours.Trait, Behaviours.InputSelection)]
    public async Task Run_NoInputsWithAllowEmpty_CompletesWithEmptyOutputAndZeroCounts()
    {
        await using var fixture = await OrchestrationFixture.StartAsync();
        Directory.CreateDirectory(Path.Combine(fixture.Folder.Path, "in"));
        var spec = OrchestrationFixture.TestSpec(Guid.NewGuid().ToString("N"), 10);

        var run = await fixture.RunAsync(spec with { Input = spec.Input with { AllowEmpty = true } });

        Assert.Equal(OrchestrationRuntimeStatus.Completed, run.RuntimeStatus);
        var result = run.ReadOutputAs<ScoringRunResult>()!;
        Assert.Equal(0, result.MiniBatches);
        Assert.Equal(0, result.ItemsScored);
        Assert.Equal("id,y\n", fixture.Read("out/results.csv"));
    }

    [Fact]
    public async Task Run_Terminated_LeavesNoOutputFile()
    {
        await using var fixture = await OrchestrationFixture.StartAsync();
        fixture.WriteInput(40);
        var faults = new TestScorer.Faults { Delay = TimeSpan.FromSeconds(1) };
        var spec = OrchestrationFixture.TestSpec(Guid.NewGuid().ToString("N"), 2, faults) with { Execution = new ExecutionSpec { MaxParallelMiniBatches = 2 } };

        var id = await fixture.StartRunAsync(spec);
        await Waits.UntilAsync(() => !faults.Attempts.IsEmpty, Patience, "a first mini-batch being scored");
        await RunCancellation.TerminateAsync(fixture.Client, id, "test");
        var run = await fixture.Client.WaitForInstanceCompletionAsync(id);
        await Waits.UntilAsync(() => faults.InFlight == 0, Patience, "the mini-batches in flight ending"); // nothing commits them

        Assert.Equal(OrchestrationRuntimeStatus.Terminated, run.RuntimeStatus);
        Assert.False(fixture.Exists("out/results.csv"));

        // The run's shards were terminated with it (recursively), not left scheduling mini-batches.
        var shards = new List<OrchestrationMetadata>();
        await foreach (var shard in fixture.Client.GetAllInstancesAsync(new OrchestrationQuery { InstanceIdPrefix = RunLayout.ShardPrefix(id) }))
        {
            shards.Add(await fixture.Client.WaitForInstanceCompletionAsync(shard.InstanceId));
        }

        Assert.NotEmpty(shards);
        Assert.All(shards, shard => Assert.Equal(OrchestrationRuntimeStatus.Terminated, shard.RuntimeStatus));
    }

    [Fact]
    public async Task Run_ReuseAfterFailedRun_ScoresOnlyWhatWasNotStaged()
    {
        await using var fixture = await OrchestrationFixture.StartAsync();
        fixture.WriteInput(50);
        var name = Guid.NewGuid().ToString("N");
        var faults = new TestScorer.Faults { AlwaysFail = [4] };
        var spec = OrchestrationFixture.TestSpec(name, 5, faults) with { Failures = new FailuresSpec { AllowedFailedCount = 0 } };
        spec = spec with { Execution = spec.Execution with { MaxTries = 1, MaxParallelMiniBatches = 1 } };
        var first = await fixture.RunAsync(spec);
        Assert.Equal(OrchestrationRuntimeStatus.Failed, first.RuntimeStatus);
        var scoredFirst = faults.Attempts.Keys.ToHashSet();

        // The fault is gone; the identical spec runs again.
        faults.AlwaysFail.Clear();
        var second = await fixture.RunAsync(spec);

        Assert.Equal(OrchestrationRuntimeStatus.Completed, second.RuntimeStatus);
        Assert.Equal(Enumerable.Range(0, 50), Ids(fixture.Read("out/results.csv")));
        Assert.All(scoredFirst.Where(i => i != 4), i => Assert.Equal(1, faults.Attempts[i]));
        using var summary = JsonDocument.Parse(fixture.Read(SummaryPath));
        Assert.Equal(scoredFirst.Count - 1, summary.RootElement.GetProperty("miniBatches").GetProperty("reused").GetInt32());

        // And once more: the committed run is returned without scoring anything.
        var attempts = faults.Attempts.Values.Sum();
        var third = await fixture.RunAsync(spec);
        Assert.Equal(OrchestrationRuntimeStatus.Completed, third.RuntimeStatus);
        Assert.True(third.ReadOutputAs<ScoringRunResult>()!.Reused);
        Assert.Equal(attempts, faults.Attempts.Values.Sum());
    }

    /// <summary>
    /// A run id started again (<c>batchscore start --id</c>) shares the staging folder of its first start: a mini-batch
    /// that failed then and is scored now is in the output, not dropped by the first start's failure record.
    /// </summary>
    [Fact]
    public async Task Run_SameIdStartedAgain_MiniBatchThatFailedBeforeIsInTheOutput()
    {
        await using var fixture = await OrchestrationFixture.StartAsync();
        fixture.WriteInput(50);
        var faults = new TestScorer.Faults { AlwaysFail = [4] };
        var spec = OrchestrationFixture.TestSpec(Guid.NewGuid().ToString("N"), 5, faults) with { Failures = new FailuresSpec { AllowedFailedCount = 0 } };
        spec = spec with { Execution = spec.Execution with { MaxTries = 1 } };
        var id = Guid.NewGuid().ToString("N");

        var first = await StartAndWaitAsync(fixture, spec, id);
        Assert.Equal(OrchestrationRuntimeStatus.Failed, first.RuntimeStatus);
        faults.AlwaysFail.Clear();

        var second = await StartAndWaitAsync(fixture, spec, id);

        Assert.Equal(OrchestrationRuntimeStatus.Completed, second.RuntimeStatus);
        Assert.Equal(Enumerable.Range(0, 50), Ids(fixture.Read("out/results.csv")));
        Assert.Equal(0, second.ReadOutputAs<ScoringRunResult>()!.FailedMiniBatches);
    }

    private static async Task<OrchestrationMetadata> StartAndWaitAsync(OrchestrationFixture fixture, RunSpec spec, string id)
    {
        await fixture.Client.ScheduleNewOrchestrationInstanceAsync(nameof(Orchestrators.ScoringRun), new ScoringRunInput(spec, DurableEngine.InMemory), new StartOrchestrationOptions(id));
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        return await fixture.Client.WaitForInstanceCompletionAsync(id, getInputsAndOutputs: true, cancel.Token);
    }

    [Fact]
    public async Task Run_ManyShardsAndGenerations_EveryRowOnceInOrderAndProgressReported()
    {
        // 30 mini-batches in shards of at most 3, two shards per generation: five ContinueAsNew generations.
        await using var fixture = await OrchestrationFixture.StartAsync(bounds: new Orchestrators.ShardBounds(MaxShardSize: 3, ShardsPerGeneration: 2));
        fixture.WriteInput(60);
        var spec = OrchestrationFixture.TestSpec(Guid.NewGuid().ToString("N"), 2, new TestScorer.Faults { FailOnce = [11] }) with { Execution = new ExecutionSpec { MaxParallelMiniBatches = 4, RetryDelaySeconds = 0.1 } };

        var run = await fixture.RunAsync(spec);

        Assert.Equal(OrchestrationRuntimeStatus.Completed, run.RuntimeStatus);
        Assert.Equal(Enumerable.Range(0, 60), Ids(fixture.Read("out/results.csv")));
        var status = run.ReadCustomStatusAs<RunProgress>()!;
        Assert.Equal(RunPhase.Completed, status.Phase);
        Assert.Equal(30, status.Done);
        Assert.Equal(60, status.ItemsScored);
        Assert.True(run.SerializedCustomStatus!.Length < 16 * 1024);
        Assert.Equal(30, run.ReadOutputAs<ScoringRunResult>()!.MiniBatches);
    }

    [Theory]
    [InlineData(10, 8, 100, 2)]
    [InlineData(1000, 8, 100, 100)]
    [InlineData(100000, 64, 100, 100)]
    [InlineData(5, 3, 100, 2)]
    public void ShardSize_RunAndWindow_BoundedAndSpread(int total, int parallel, int max, int expected) =>
        Assert.Equal(expected, Orchestrators.ScoringRun.ShardSize(total, parallel, max));

    private const string OutputPath = "out/results.csv";

    private static string ErrorsPath => RunLayout.ErrorsBeside(OutputPath);

    private static string SummaryPath => RunLayout.SummaryBeside(OutputPath);

    private static string StagingOf(OrchestrationFixture fixture) =>
        Path.GetRelativePath(fixture.Store.Root, Directory.GetDirectories(Path.Combine(fixture.Store.Root, "out", "_staging")).Single()).Replace('\\', '/');

    private static List<int> Ids(string csv) =>
        csv.Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(l => int.Parse(l.Split(',')[0], System.Globalization.CultureInfo.InvariantCulture)).ToList();

    private static List<ErrorRecord> ErrorRecords(OrchestrationFixture fixture) =>
        fixture.Read(ErrorsPath).Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(ErrorRecordWriter.Parse).ToList();
}
