using System.Diagnostics;
using System.Text.Json;
using BatchScoring.Core.Runs;
using BatchScoring.Core.Spec;
using BatchScoring.Orchestration.Contracts;
using BatchScoring.Orchestration.Progress;
using BatchScoring.Tests;
using Microsoft.DurableTask.Client;
using Xunit.Abstractions;

namespace BatchScoring.Orchestration.Tests;

/// <summary>
/// On the orchestration: no input overwritten or scored twice by a rerun, no success for nothing, every
/// failure explained in a summary that describes this run and its output only. Each test names its case in a trait
/// (<c>dotnet test --filter Issue=11.5</c>).
/// </summary>
public sealed class HonestOutcomeTests(ITestOutputHelper log)
{
    private const string Output = "out/results.csv";

    [Fact]
    [Trait(Behaviours.Trait, Behaviours.InputSelection)]
    public async Task Run_LocationNamingOneFile_ScoresThatFile()
    {
        await using var fixture = await OrchestrationFixture.StartAsync();
        fixture.WriteInput(20);
        fixture.Folder.Write("in/other.csv", "id,x\n100,100\n");
        var spec = OrchestrationFixture.TestSpec(Guid.NewGuid().ToString("N"), 5);

        var run = await fixture.RunAsync(spec with { Input = spec.Input with { Location = "in//data.csv", Glob = "*.parquet" } });

        Assert.Equal(OrchestrationRuntimeStatus.Completed, run.RuntimeStatus);
        Assert.Equal(Enumerable.Range(0, 20), Ids(fixture.Read(Output)));
    }

    [Fact]
    [Trait(Behaviours.Trait, Behaviours.DataSafety)]
    public async Task Rerun_OutputsErrorsAndStagingBesideTheInputs_NeverPlannedAsInputs()
    {
        await using var fixture = await OrchestrationFixture.StartAsync();
        fixture.Folder.Write("jl/digits.jsonl", string.Concat(Enumerable.Range(0, 20).Select(i => $"{{\"id\":{i},\"x\":{i}}}\n")));
        var name = Guid.NewGuid().ToString("N");
        var spec = OrchestrationFixture.TestSpec(name, 6, new TestScorer.Faults { FailItemsWithX = [3, 4, 5, 6, 7, 8] });
        spec = spec with
        {
            Input = spec.Input with { Location = "jl", Glob = "**/*.jsonl" },
            Execution = spec.Execution with { Reuse = false, KeepStaging = true },
            Output = new OutputSpec { Path = "jl/scored.csv" },
        };
        var first = await fixture.RunAsync(spec);
        Assert.Equal(OrchestrationRuntimeStatus.Completed, first.RuntimeStatus);
        var output = fixture.Read("jl/scored.csv");
        Assert.True(fixture.Exists(RunLayout.ErrorsBeside("jl/scored.csv")));

        // Its error records (jl/scored.csv.errors.jsonl) and staged error files (jl/_staging/...) match the glob now.
        var plan = await fixture.Engine.PlanAsync(spec);
        var second = await fixture.RunAsync(spec);

        Assert.Equal(["jl/digits.jsonl"], plan.Files.Select(f => f.Path));
        Assert.Equal(OrchestrationRuntimeStatus.Completed, second.RuntimeStatus);
        Assert.Equal(14, second.ReadOutputAs<ScoringRunResult>()!.ItemsScored);
        Assert.Equal(output, fixture.Read("jl/scored.csv"));
    }

    [Fact]
    [Trait(Behaviours.Trait, Behaviours.DataSafety)]
    public async Task Run_CsvAndParquetOutputsWithOneBaseName_EachHasItsOwnMatchingSummary()
    {
        await using var fixture = await OrchestrationFixture.StartAsync();
        fixture.WriteInput(10);
        var spec = OrchestrationFixture.TestSpec(Guid.NewGuid().ToString("N"), 5);

        var csv = await fixture.RunAsync(spec);
        var parquet = await fixture.RunAsync(spec with { Output = new OutputSpec { Path = "out/results.parquet" } });
        var csvAgain = await fixture.RunAsync(spec);

        Assert.All([csv, parquet, csvAgain], r => Assert.Equal(OrchestrationRuntimeStatus.Completed, r.RuntimeStatus));
        Assert.True(csvAgain.ReadOutputAs<ScoringRunResult>()!.Reused);
        foreach (var path in new[] { "out/results.csv", "out/results.parquet" })
        {
            using var summary = JsonDocument.Parse(fixture.Read(RunLayout.SummaryBeside(path)));
            var output = summary.RootElement.GetProperty("output");
            Assert.Equal(path, output.GetProperty("path").GetString());
            Assert.Equal((await fixture.Store.GetInfoAsync(path))!.ETag, output.GetProperty("eTag").GetString());
            Assert.Equal(RunLayout.ErrorsBeside(path), summary.RootElement.GetProperty("errors").GetString());
        }

        Assert.NotEqual(RunLayout.SummaryBeside("out/results.csv"), RunLayout.SummaryBeside("out/results.parquet"));
        Assert.NotEqual(RunLayout.ErrorsBeside("out/results.csv"), RunLayout.ErrorsBeside("out/results.parquet"));
    }

    [Fact]
    [Trait(Behaviours.Trait, Behaviours.DataSafety)]
    public async Task FailedRerun_EarlierOutputKept_SummaryAndStatusSayItIsAnEarlierRuns()
    {
        await using var fixture = await OrchestrationFixture.StartAsync();
        fixture.WriteInput(20);
        var good = await fixture.RunAsync(OrchestrationFixture.TestSpec(Guid.NewGuid().ToString("N"), 5));
        Assert.Equal(OrchestrationRuntimeStatus.Completed, good.RuntimeStatus);
        var earlier = fixture.Read(Output);
        var etag = (await fixture.Store.GetInfoAsync(Output))!.ETag;
        var failing = OrchestrationFixture.TestSpec(Guid.NewGuid().ToString("N"), 5, new TestScorer.Faults { AlwaysFail = [1] }) with { Failures = new FailuresSpec { AllowedFailedCount = 0 } };

        var run = await fixture.RunAsync(failing with { Execution = failing.Execution with { MaxTries = 1 } });

        Assert.Equal(OrchestrationRuntimeStatus.Failed, run.RuntimeStatus);
        Assert.Equal(earlier, fixture.Read(Output));
        using var summary = JsonDocument.Parse(fixture.Read(RunLayout.SummaryBeside(Output)));
        Assert.Equal("failed", summary.RootElement.GetProperty("status").GetString());
        Assert.False(summary.RootElement.TryGetProperty("output", out _));
        Assert.Equal(Output, summary.RootElement.GetProperty("earlierOutput").GetProperty("path").GetString());
        Assert.Equal(etag, summary.RootElement.GetProperty("earlierOutput").GetProperty("eTag").GetString());
        Assert.Equal(Output, run.ReadCustomStatusAs<RunProgress>()!.EarlierOutput);
        Assert.Contains($"'{Output}' is an earlier run's output", RunFailures.Of(run)!.Message, StringComparison.Ordinal);
    }

    [Fact]
    [Trait(Behaviours.Trait, Behaviours.InputSelection)]
    public async Task Run_NoInputsMatched_FailsNamingLocationAndGlobWithSummary()
    {
        await using var fixture = await OrchestrationFixture.StartAsync();
        Directory.CreateDirectory(Path.Combine(fixture.Folder.Path, "in"));
        fixture.Folder.Write("in/notes.txt", "not a csv");

        var run = await fixture.RunAsync(OrchestrationFixture.TestSpec(Guid.NewGuid().ToString("N"), 10));

        Assert.Equal(OrchestrationRuntimeStatus.Failed, run.RuntimeStatus);
        var failure = RunFailures.Of(run)!;
        Assert.StartsWith("Nothing to score: input.location 'in' with glob '*.csv' matches no file", failure.Message, StringComparison.Ordinal);
        Assert.Contains("input.allowEmpty", failure.Message, StringComparison.Ordinal);
        Assert.Equal("PlanMiniBatches", failure.Task);
        Assert.False(fixture.Exists(Output));
        using var summary = JsonDocument.Parse(fixture.Read(RunLayout.SummaryBeside(Output)));
        Assert.Equal(failure.Message, summary.RootElement.GetProperty("reason").GetString());
    }

    [Fact]
    [Trait(Behaviours.Trait, Behaviours.InputSelection)]
    public async Task Run_LocationMissing_FailsSayingItDoesNotExist()
    {
        await using var fixture = await OrchestrationFixture.StartAsync();

        var run = await fixture.RunAsync(OrchestrationFixture.TestSpec(Guid.NewGuid().ToString("N"), 10));

        Assert.Equal(OrchestrationRuntimeStatus.Failed, run.RuntimeStatus);
        Assert.Contains("('in' does not exist)", RunFailures.Of(run)!.Message, StringComparison.Ordinal);
    }

    [Fact]
    [Trait(Behaviours.Trait, Behaviours.FailureBudget)]
    public async Task Run_EveryMiniBatchFailsWithTheDefaultBudget_FailsWithoutOutput()
    {
        await using var fixture = await OrchestrationFixture.StartAsync();
        fixture.WriteInput(20);
        var spec = OrchestrationFixture.TestSpec(Guid.NewGuid().ToString("N"), 5, new TestScorer.Faults { AlwaysFail = [0, 1, 2, 3] });

        var run = await fixture.RunAsync(spec with { Execution = spec.Execution with { MaxTries = 1 } });

        Assert.Equal(OrchestrationRuntimeStatus.Failed, run.RuntimeStatus);
        Assert.Contains("nothing was scored: all 4 mini-batches failed", RunFailures.Of(run)!.Message, StringComparison.Ordinal);
        Assert.False(fixture.Exists(Output));
        using var summary = JsonDocument.Parse(fixture.Read(RunLayout.SummaryBeside(Output)));
        Assert.Equal("failed", summary.RootElement.GetProperty("status").GetString());
        Assert.Equal(20, summary.RootElement.GetProperty("errorRecords").GetInt64());
    }

    [Fact]
    [Trait(Behaviours.Trait, Behaviours.FailureBudget)]
    public async Task Run_EveryItemFailsWithTheDefaultBudget_Fails()
    {
        await using var fixture = await OrchestrationFixture.StartAsync();
        fixture.WriteInput(10);
        var spec = OrchestrationFixture.TestSpec(Guid.NewGuid().ToString("N"), 5, new TestScorer.Faults { FailItemsWithX = [.. Enumerable.Range(0, 10)] });

        var run = await fixture.RunAsync(spec);

        Assert.Equal(OrchestrationRuntimeStatus.Failed, run.RuntimeStatus);
        Assert.Contains("nothing was scored: all 10 items failed", RunFailures.Of(run)!.Message, StringComparison.Ordinal);
    }

    [Fact]
    [Trait(Behaviours.Trait, Behaviours.ClearFailures)]
    public async Task Run_ModelThatCannotLoad_FailsInPlanningWithoutScoringOrRetries()
    {
        await using var fixture = await OrchestrationFixture.StartAsync(new TempFolder().CopyFromRepo("samples/digits-tabular/data"));
        fixture.Folder.Write("models/empty.onnx", []);
        var spec = RunSpecSerializer.Parse(File.ReadAllText(Repo.PathOf("samples/digits-tabular/spec.json")));
        spec = spec with { Model = spec.Model with { Location = "models/empty.onnx" }, MiniBatch = new MiniBatchSpec { Rows = 10 }, Execution = spec.Execution with { MaxTries = 3 } };
        var watch = Stopwatch.StartNew();

        var run = await fixture.RunAsync(spec);

        Assert.Equal(OrchestrationRuntimeStatus.Failed, run.RuntimeStatus);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(30), $"took {watch.Elapsed}");
        var failure = RunFailures.Of(run)!;
        Assert.Equal("PlanMiniBatches", failure.Task);
        Assert.Contains("could not be loaded by ONNX Runtime", failure.Message, StringComparison.Ordinal);
        var staging = Path.Combine(fixture.Folder.Path, "out", "digits-tabular", RunLayout.StagingFolderName);
        Assert.False(Directory.Exists(staging) && Directory.EnumerateFiles(staging, "*", SearchOption.AllDirectories).Any(), "nothing was staged");
        using var summary = JsonDocument.Parse(fixture.Read(RunLayout.SummaryBeside(spec.Output.Path)));
        Assert.Equal(failure.Message, summary.RootElement.GetProperty("reason").GetString());
    }

    [Fact]
    [Trait(Behaviours.Trait, Behaviours.RunReporting)]
    public async Task Run_CommitFails_SummaryWrittenWithTheCleanReasonAndStep()
    {
        await using var fixture = await OrchestrationFixture.StartAsync();
        fixture.WriteInput(10);
        Directory.CreateDirectory(Path.Combine(fixture.Folder.Path, "out", "results.csv")); // the output path is a folder

        var run = await fixture.RunAsync(OrchestrationFixture.TestSpec(Guid.NewGuid().ToString("N"), 5));

        Assert.Equal(OrchestrationRuntimeStatus.Failed, run.RuntimeStatus);
        var failure = RunFailures.Of(run)!;
        Assert.Equal("CommitOutput", failure.Task);
        using var summary = JsonDocument.Parse(fixture.Read(RunLayout.SummaryBeside(Output)));
        Assert.Equal("failed", summary.RootElement.GetProperty("status").GetString());
        Assert.Equal("CommitOutput", summary.RootElement.GetProperty("failedStep").GetString());
        Assert.Equal(failure.Message, summary.RootElement.GetProperty("reason").GetString());
        Assert.DoesNotContain("failed with an unhandled exception", failure.Message, StringComparison.Ordinal);
        Assert.Equal(10, summary.RootElement.GetProperty("items").GetProperty("scored").GetInt64());
    }

    [Fact]
    [Trait(Behaviours.Trait, Behaviours.RunReporting)]
    public async Task Run_PlanningFails_SummaryWrittenWithTheCleanReasonAndStep()
    {
        await using var fixture = await OrchestrationFixture.StartAsync();
        fixture.WriteInput(10);
        var spec = OrchestrationFixture.TestSpec(Guid.NewGuid().ToString("N"), 5) with { Model = new ModelSpec { Location = "models/missing.onnx" } };

        var run = await fixture.RunAsync(spec);

        Assert.Equal(OrchestrationRuntimeStatus.Failed, run.RuntimeStatus);
        var failure = RunFailures.Of(run)!;
        using var summary = JsonDocument.Parse(fixture.Read(RunLayout.SummaryBeside(Output)));
        Assert.Equal("PlanMiniBatches", summary.RootElement.GetProperty("failedStep").GetString());
        Assert.Equal(failure.Message, summary.RootElement.GetProperty("reason").GetString());
        Assert.Contains("'models/missing.onnx' does not exist", failure.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("Task '", summary.RootElement.GetProperty("reason").GetString()!, StringComparison.Ordinal);
    }

    [Fact]
    [Trait(Behaviours.Trait, Behaviours.ClearFailures)]
    public async Task Run_OutputFolderIsAFile_FailsSayingSo()
    {
        await using var fixture = await OrchestrationFixture.StartAsync();
        fixture.WriteInput(10);
        fixture.Folder.Write("out", "a file where the output folder should be");

        var run = await fixture.RunAsync(OrchestrationFixture.TestSpec(Guid.NewGuid().ToString("N"), 5));

        Assert.Equal(OrchestrationRuntimeStatus.Failed, run.RuntimeStatus);
        var message = RunFailures.Of(run)!.Message;
        Assert.EndsWith("'out' is a file, not a folder.", message, StringComparison.Ordinal);
        Assert.DoesNotContain("Could not find a part of the path", message, StringComparison.Ordinal);
    }

    [Theory]
    [Trait(Behaviours.Trait, Behaviours.StagingCleanup)]
    [InlineData(true, false)]
    [InlineData(false, false)]
    [InlineData(true, true)]
    public async Task Run_Committed_StagingKeepsOnlyWhatReuseNeedsUnlessKeepStaging(bool reuse, bool keepStaging)
    {
        await using var fixture = await OrchestrationFixture.StartAsync();
        fixture.WriteInput(20);
        var spec = OrchestrationFixture.TestSpec(Guid.NewGuid().ToString("N"), 5);

        var run = await fixture.RunAsync(spec with { Execution = spec.Execution with { Reuse = reuse, KeepStaging = keepStaging } });

        Assert.Equal(OrchestrationRuntimeStatus.Completed, run.RuntimeStatus);
        var staging = Path.Combine(fixture.Folder.Path, "out", RunLayout.StagingFolderName);
        var left = Directory.Exists(staging)
            ? Directory.EnumerateFiles(staging, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(staging, f).Split(Path.DirectorySeparatorChar, 2)[1]).Order(StringComparer.Ordinal).ToList()
            : [];
        if (keepStaging)
        {
            Assert.Equal(4, left.Count(f => f.StartsWith("parts/", StringComparison.Ordinal)));
        }
        else
        {
            Assert.Equal(reuse ? ["committed.json", "summary.json"] : [], left);
        }
    }

    [Fact]
    [Trait(Behaviours.Trait, Behaviours.StagingCleanup)]
    public async Task Run_TemporaryFilesOfKilledWriters_AreRemovedByTheNextRun()
    {
        await using var fixture = await OrchestrationFixture.StartAsync();
        fixture.WriteInput(10);
        var abandoned = new[]
        {
            fixture.Folder.Write($"out/results.csv.~tmp-{Guid.NewGuid():N}", "half an output"),
            fixture.Folder.Write($"out/_staging/0123456789abcdef/parts/00000003.csv.~tmp-{Guid.NewGuid():N}", "half a part"),
        };
        foreach (var file in abandoned)
        {
            File.SetLastWriteTimeUtc(file, DateTime.UtcNow.AddHours(-1));
        }

        var run = await fixture.RunAsync(OrchestrationFixture.TestSpec(Guid.NewGuid().ToString("N"), 5));

        Assert.Equal(OrchestrationRuntimeStatus.Completed, run.RuntimeStatus);
        Assert.All(abandoned, file => Assert.False(File.Exists(file), file));
    }

    [Fact]
    [Trait(Behaviours.Trait, Behaviours.InterruptAndResume)]
    public async Task Resume_EverythingStaged_ScoresNothingAndCostsLittle()
    {
        await using var fixture = await OrchestrationFixture.StartAsync();
        fixture.WriteInput(400);
        var faults = new TestScorer.Faults();
        var spec = OrchestrationFixture.TestSpec(Guid.NewGuid().ToString("N"), 4, faults);
        spec = spec with { Execution = spec.Execution with { KeepStaging = true, MaxParallelMiniBatches = 8 } };
        var clean = Stopwatch.StartNew();
        Assert.Equal(OrchestrationRuntimeStatus.Completed, (await fixture.RunAsync(spec)).RuntimeStatus);
        clean.Stop();

        // As after a kill once every part was staged: no output, no committed marker.
        var staging = Path.GetFileName(Directory.GetDirectories(Path.Combine(fixture.Folder.Path, "out", RunLayout.StagingFolderName)).Single());
        File.Delete(fixture.Store.GetFullPath(RunLayout.CommittedPath(RunLayout.StagingPrefix(Output, staging))));
        File.Delete(Path.Combine(fixture.Folder.Path, Output));
        var attempts = faults.Attempts.Values.Sum();
        var resume = Stopwatch.StartNew();
        var run = await fixture.RunAsync(spec);
        resume.Stop();

        Assert.Equal(OrchestrationRuntimeStatus.Completed, run.RuntimeStatus);
        Assert.Equal(attempts, faults.Attempts.Values.Sum());
        Assert.Equal(Enumerable.Range(0, 400), Ids(fixture.Read(Output)));
        using var summary = JsonDocument.Parse(fixture.Read(RunLayout.SummaryBeside(Output)));
        Assert.Equal(100, summary.RootElement.GetProperty("miniBatches").GetProperty("reused").GetInt32());
        log.WriteLine($"100 mini-batches: clean run {clean.Elapsed.TotalSeconds:F2} s, resume with all staged {resume.Elapsed.TotalSeconds:F2} s");
    }

    private static List<int> Ids(string csv) =>
        csv.Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(l => int.Parse(l.Split(',')[0], System.Globalization.CultureInfo.InvariantCulture)).ToList();
}
