using BatchScoring.Core.Runs;
using BatchScoring.Core.Spec;
using BatchScoring.Orchestration.Contracts;
using BatchScoring.Orchestration.Progress;
using BatchScoring.Storage;
using BatchScoring.Storage.Azure;
using BatchScoring.Storage.Local;
using BatchScoring.Tests;
using Microsoft.DurableTask.Client;

namespace BatchScoring.Orchestration.Tests;

/// <summary>
/// Incremental runs (<c>execution.incremental</c>): each run of a series scores only the inputs no committed run of the
/// series scored, in the version listed, into its own output file (<c>{runId}</c> in the output path), and appends what it
/// scored to the series' ledger. Checked against the rows the test wrote (y = 2x), never against an earlier output.
/// </summary>
public sealed class IncrementalRunTests
{
    [Fact]
    public async Task Series_FilesArriving_EachScoredOnceByTheFirstRunAfterIt()
    {
        using var temp = new TempFolder();
        await Scenarios.FilesArrivingAsync(new LocalBlobStore(temp.Path), "");
    }

    [Fact]
    public async Task Series_FileRewritten_RescoredAndBothVersionsInTheLedger()
    {
        using var temp = new TempFolder();
        await using var series = await IncrementalSeries.StartAsync(new LocalBlobStore(temp.Path));
        await series.WriteInputAsync("a.csv", 0, 20);
        var first = await series.RunCompletedAsync();

        // The same file written again, other values (x = 3 id).
        await series.WriteInputAsync("a.csv", 0, 20, scale: 3);
        var second = await series.RunCompletedAsync();

        Assert.Equal(Enumerable.Range(0, 20), await series.IdsScoredAsync(first, id => id));
        Assert.Equal(Enumerable.Range(0, 20), await series.IdsScoredAsync(second, id => 3 * id));
        var ledger = await series.LedgerAsync();
        Assert.Equal(2, ledger.Count);
        var versions = ledger.Select(r => Assert.Single(r.Inputs)).ToList();
        Assert.All(versions, v => Assert.Equal("in/a.csv", v.Path));
        Assert.NotEqual(versions[0].ETag, versions[1].ETag);
    }

    [Theory]
    [InlineData(ModelChangeAction.Rescore, true)]
    [InlineData(ModelChangeAction.NewOnly, false)]
    public async Task Series_ModelReplaced_RescoresOnlyWhenAskedTo(ModelChangeAction action, bool rescored)
    {
        using var temp = new TempFolder();
        await using var series = await IncrementalSeries.StartAsync(new LocalBlobStore(temp.Path));
        series.Spec = series.Spec with
        {
            Model = series.Spec.Model with { Location = "models/m.bin" },
            Execution = series.Spec.Execution with { OnModelChange = action },
        };
        await series.WriteAsync("models/m.bin", [1, 2, 3]);
        await series.WriteInputAsync("a.csv", 0, 20);
        await series.RunCompletedAsync();

        await series.WriteAsync("models/m.bin", [4, 5, 6]);
        await series.WriteInputAsync("b.csv", 100, 5);
        var second = await series.RunCompletedAsync();

        var expected = rescored ? Enumerable.Range(0, 20).Concat(Enumerable.Range(100, 5)) : Enumerable.Range(100, 5);
        Assert.Equal(expected.Order(), (await series.IdsScoredAsync(second, id => id)).Order());
        var ledger = await series.LedgerAsync();
        Assert.Equal(2, ledger.Count);
        Assert.NotEqual(ledger[0].ModelHash, ledger[1].ModelHash);
        var summary = await series.SummaryAsync(second);
        Assert.Equal(rescored ? 0 : 1, summary.GetProperty("series").GetProperty("inputsSkipped").GetInt32());
    }

    [Fact]
    public async Task Series_CrashAfterOutputBeforeRecord_NextRunFinishesTheRecordAndScoresOnlyWhatIsNew()
    {
        using var temp = new TempFolder();
        await using var series = await IncrementalSeries.StartAsync(new LocalBlobStore(temp.Path));
        await series.WriteInputAsync("a.csv", 0, 20);
        var first = await series.RunCompletedAsync();
        var crashed = await series.CrashBeforeRecordAsync();
        Assert.Empty(await series.LedgerAsync());

        await series.WriteInputAsync("b.csv", 100, 5);
        var second = await series.RunCompletedAsync();

        // a.csv was in the first run's committed output: not scored again; its record is back, with the output's version.
        Assert.Equal(Enumerable.Range(100, 5), await series.IdsScoredAsync(second, id => id));
        var ledger = await series.LedgerAsync();
        Assert.Equal(2, ledger.Count);
        Assert.Equal(crashed.Run, ledger[0].Run);
        Assert.Equal(second.OutputPath, ledger[1].Output.Path);
        Assert.Equal(first.OutputPath, ledger[0].Output.Path);
        Assert.Equal(first.OutputETag, ledger[0].Output.ETag);
        Assert.Empty(await ListAsync(series.Store, $"{series.LedgerFolder}/pending"));
    }

    [Fact]
    public async Task Series_CrashBeforeOutput_NextRunScoresThoseInputsAgain()
    {
        using var temp = new TempFolder();
        await using var series = await IncrementalSeries.StartAsync(new LocalBlobStore(temp.Path));
        await series.WriteInputAsync("a.csv", 0, 20);
        var first = await series.RunCompletedAsync();

        // The pending record names an output that was never committed: the crash came before it.
        await series.CrashBeforeRecordAsync();
        await series.Store.DeleteAsync(first.OutputPath!);
        var second = await series.RunCompletedAsync();

        Assert.Equal(Enumerable.Range(0, 20), await series.IdsScoredAsync(second, id => id));
        var record = Assert.Single(await series.LedgerAsync());
        Assert.Equal(second.OutputPath, record.Output.Path);
        Assert.Empty(await ListAsync(series.Store, $"{series.LedgerFolder}/pending"));
    }

    [Fact]
    public async Task Series_RunStoppedByItsBudget_ItsInputsAreScoredByTheNextRun()
    {
        using var temp = new TempFolder();
        var faults = new TestScorer.Faults { AlwaysFail = [1] };
        await using var series = await IncrementalSeries.StartAsync(new LocalBlobStore(temp.Path), faults: faults);
        series.Spec = series.Spec with { Failures = new FailuresSpec { AllowedFailedCount = 0 } };
        await series.WriteInputAsync("a.csv", 0, 20);
        var failed = await series.RunAsync();
        Assert.Equal(OrchestrationRuntimeStatus.Failed, failed.RuntimeStatus);
        Assert.Empty(await series.LedgerAsync());

        faults.AlwaysFail.Clear();
        var second = await series.RunCompletedAsync();

        Assert.Equal(Enumerable.Range(0, 20), await series.IdsScoredAsync(second, id => id));
        Assert.Single(await series.LedgerAsync());
    }

    [Fact]
    public async Task Series_TwoRunsAtOnce_SecondFailsOnTheSeriesLockAndNoInputIsScoredTwice()
    {
        using var temp = new TempFolder();
        await using var series = await IncrementalSeries.StartAsync(new LocalBlobStore(temp.Path), faults: new TestScorer.Faults { Delay = TimeSpan.FromMilliseconds(500) });
        series.Spec = series.Spec with { Execution = series.Spec.Execution with { MaxParallelMiniBatches = 1 } };
        await series.WriteInputAsync("a.csv", 0, 40);
        var firstId = await series.StartRunAsync();
        var seriesLock = RunLayout.SeriesLockPath(series.Spec.Output.Path, series.Spec.Name);
        await Waits.UntilAsync(async () => await series.Store.GetInfoAsync(seriesLock) is not null, TimeSpan.FromSeconds(30), "the first run's series lock");

        var second = await series.RunAsync();
        var first = await series.WaitAsync(firstId);

        Assert.Equal(OrchestrationRuntimeStatus.Failed, second.RuntimeStatus);
        var reason = RunFailures.Of(second)!.Message;
        Assert.Contains($"series '{series.Spec.Name}' is being run by run", reason, StringComparison.Ordinal);
        Assert.Contains(firstId, reason, StringComparison.Ordinal);
        Assert.Equal(OrchestrationRuntimeStatus.Completed, first.RuntimeStatus);
        var result = first.ReadOutputAs<ScoringRunResult>()!;
        Assert.Equal(Enumerable.Range(0, 40), await series.IdsScoredAsync(result, id => id));
        Assert.Equal(firstId, Assert.Single(await series.LedgerAsync()).Run);
        Assert.Null(await series.Store.GetInfoAsync(seriesLock));

        // The first run gave its lock back: the next one runs, and finds nothing new.
        var third = await series.RunCompletedAsync();
        Assert.Null(third.OutputPath);
    }

    [Fact]
    public async Task Series_LedgerRecordNotALedgerRecord_RunFailsNamingTheFileAndWritesNoOutput()
    {
        using var temp = new TempFolder();
        await using var series = await IncrementalSeries.StartAsync(new LocalBlobStore(temp.Path));
        await series.WriteInputAsync("a.csv", 0, 5);
        await series.Store.WriteAllBytesAsync($"{series.LedgerFolder}/runs/0000000001.json", "{not json"u8.ToArray());

        var run = await series.RunAsync();

        Assert.Equal(OrchestrationRuntimeStatus.Failed, run.RuntimeStatus);
        Assert.Contains($"The ledger record '{series.LedgerFolder}/runs/0000000001.json' is not a ledger record", RunFailures.Of(run)!.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(await ListAsync(series.Store, "out/"), p => p.EndsWith(".csv", StringComparison.Ordinal));
    }

    internal static async Task<List<string>> ListAsync(IBlobStore store, string prefix)
    {
        var paths = new List<string>();
        await foreach (var blob in store.ListAsync(prefix))
        {
            paths.Add(blob.Path);
        }

        return paths;
    }

    /// <summary>The scenarios run on local files and on Azurite alike.</summary>
    internal static class Scenarios
    {
        /// <summary>
        /// Four runs while files arrive: a.csv, then b.csv, then nothing, then c.csv. Each file is scored once, by the first
        /// run after it arrived, into that run's own file under out/{yyyy/MM/dd}/; the run with nothing new writes no
        /// output and says so in its summary; the ledger holds one record per run that scored something.
        /// </summary>
        public static async Task FilesArrivingAsync(IBlobStore store, string root)
        {
            await using var series = await IncrementalSeries.StartAsync(store, root);
            await series.WriteInputAsync("a.csv", 0, 25);
            var first = await series.RunCompletedAsync();
            await series.WriteInputAsync("b.csv", 100, 15);
            var second = await series.RunCompletedAsync();
            var third = await series.RunCompletedAsync();
            await series.WriteInputAsync("c.csv", 200, 5);
            var fourth = await series.RunCompletedAsync();

            Assert.Equal(Enumerable.Range(0, 25), await series.IdsScoredAsync(first, id => id));
            Assert.Equal(Enumerable.Range(100, 15), await series.IdsScoredAsync(second, id => id));
            Assert.Equal(Enumerable.Range(200, 5), await series.IdsScoredAsync(fourth, id => id));
            foreach (var result in new[] { first, second, fourth })
            {
                var run = Path.GetFileNameWithoutExtension(result.OutputPath!);
                Assert.Equal($"{root}out/{DateTime.UtcNow:yyyy/MM/dd}/{run}.csv", result.OutputPath);
            }

            Assert.Null(third.OutputPath);
            var nothingNew = (await series.SummaryAsync(third)).GetProperty("series");
            Assert.Equal(2, nothingNew.GetProperty("inputsSeen").GetInt32());
            Assert.Equal(2, nothingNew.GetProperty("inputsSkipped").GetInt32());
            Assert.Equal(0, nothingNew.GetProperty("inputsScored").GetInt32());

            var ledger = await series.LedgerAsync();
            Assert.Equal(
                [[$"{root}in/a.csv"], [$"{root}in/b.csv"], [$"{root}in/c.csv"]],
                ledger.Select(r => r.Inputs.Select(i => i.Path).ToArray()).ToArray());
            Assert.Equal([first.OutputPath, second.OutputPath, fourth.OutputPath], ledger.Select(r => r.Output.Path));
            Assert.Equal([first.OutputETag, second.OutputETag, fourth.OutputETag], ledger.Select(r => r.Output.ETag));
            Assert.Equal([25L, 15L, 5L], ledger.Select(r => r.ItemsScored));
            Assert.All(ledger, r => Assert.NotNull(r.FinishedUtc));
        }
    }
}

/// <summary>The same series with its inputs, outputs and ledger on Azurite.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class IncrementalAzuriteTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task Series_OnAzurite_FilesArriving_EachScoredOnceByTheFirstRunAfterIt() =>
        await IncrementalRunTests.Scenarios.FilesArrivingAsync(new AzureBlobStore(azurite.ConnectionString), AzuriteFixture.NewContainerName() + "/");
}
