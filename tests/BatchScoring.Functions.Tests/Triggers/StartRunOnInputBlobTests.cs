using BatchScoring.Core;
using BatchScoring.Functions.Options;
using BatchScoring.Functions.Runs;
using BatchScoring.Functions.Tests.Fakes;
using BatchScoring.Tests;
using Microsoft.Extensions.Logging;

namespace BatchScoring.Functions.Tests.Triggers;

public sealed class StartRunOnInputBlobTests : IDisposable
{
    private readonly FunctionsHarness harness = new();

    public StartRunOnInputBlobTests()
    {
        harness.WriteSpec("churn.json");
        harness.Options.BlobRuns["churn"] = new BlobRunOptions { Prefix = "churn/", Spec = "churn.json" };
    }

    public void Dispose() => harness.Dispose();

    [Fact]
    public async Task RunAsync_SameBlobAndETagTwice_StartsOneRun()
    {
        var blob = new FakeBlobClient("inputs", "churn/2025-01-01/part1.csv", "\"0x8DD1\"");

        await harness.BlobTrigger().RunAsync(blob, harness.Client);
        await harness.BlobTrigger().RunAsync(blob, harness.Client);

        var scheduled = Assert.Single(harness.Client.Scheduled);
        Assert.Equal(InstanceIds.ForBlob("churn", "inputs", "churn/2025-01-01/part1.csv", "\"0x8DD1\""), scheduled.InstanceId);
        Assert.StartsWith("blob.churn.", scheduled.InstanceId, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_SameEventDeliveredTwiceAtOnce_OneStartsTheRunAndTheOtherSaysItExists()
    {
        // The Azure Storage backend under the Functions host: a duplicate start succeeds and is dropped later.
        harness.Client.DropsDuplicateStarts = true;
        harness.Client.StartLatency = TimeSpan.FromMilliseconds(200);
        var blob = new FakeBlobClient("inputs", "churn/part1.csv", "\"0x8DD1\"");

        await Task.WhenAll(harness.BlobTrigger().RunAsync(blob, harness.Client), harness.BlobTrigger().RunAsync(blob, harness.Client));

        var events = harness.BlobLog.Entries.Select(e => e.EventId).Order().ToList();
        Assert.Single(harness.Client.Scheduled);
        Assert.Empty(harness.Client.DroppedStarts);
        Assert.Equal([5020, 5021], events); // started run, then: run exists already
    }

    [Fact]
    public async Task RunAsync_SpecNarrowedToTheBlobIsInvalid_StartsNothingAndLogsEveryProblem()
    {
        // Valid on its own (its output does not match *.parquet), but narrowed to churn/part1.csv its output
        // inputs/churn/part1.csv is the arriving blob itself.
        harness.WriteSpec("churn.json", FunctionsHarness.ValidSpec
            .Replace("\"glob\": \"*.csv\"", "\"glob\": \"*.parquet\"", StringComparison.Ordinal)
            .Replace("outputs/churn/results.parquet", "inputs/churn/results.csv", StringComparison.Ordinal));

        await harness.BlobTrigger().RunAsync(new FakeBlobClient("inputs", "churn/part1.csv", "\"0x1\""), harness.Client);

        var entry = Assert.Single(harness.BlobLog.Entries);
        Assert.Empty(harness.Client.Scheduled);
        Assert.Equal((5026, LogLevel.Error), (entry.EventId, entry.Level));
        Assert.Contains("output.path", entry.Message, StringComparison.Ordinal);
        Assert.Contains("specs/churn.json", entry.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_BlobRewritten_StartsASecondRun()
    {
        await harness.BlobTrigger().RunAsync(new FakeBlobClient("inputs", "churn/part1.csv", "\"0x1\""), harness.Client);
        await harness.BlobTrigger().RunAsync(new FakeBlobClient("inputs", "churn/part1.csv", "\"0x2\""), harness.Client);

        Assert.Equal(2, harness.Client.Scheduled.Select(s => s.InstanceId).Distinct().Count());
    }

    [Fact]
    public async Task RunAsync_Blob_NarrowsTheSpecToThatBlobAndNamesTheOutputAfterIt()
    {
        await harness.BlobTrigger().RunAsync(new FakeBlobClient("inputs", "churn/2025-01-01/part1.csv", "\"0x1\""), harness.Client);

        var spec = harness.SpecOf(Assert.Single(harness.Client.Scheduled));
        Assert.Equal("inputs/churn/2025-01-01", spec.Input.Location);
        Assert.Equal("part1.csv", spec.Input.Glob);
        Assert.Equal("outputs/churn/2025-01-01/part1.parquet", spec.Output.Path);
    }

    [Fact]
    [Trait(Behaviours.Trait, Behaviours.IncrementalRuns)]
    public async Task RunAsync_IncrementalRule_RunsTheSeriesSpecAsItIsOncePerBlobVersion()
    {
        // Arrange: the rule's spec scores inputs/churn/**.csv incrementally into a file per run.
        harness.WriteSpec("churn.json", FunctionsHarness.ValidSpecWith("\"*.csv\"", "\"**/*.csv\"")
            .Replace("\"outputs/churn/results.parquet\"", "\"outputs/churn/{runDate:yyyy/MM/dd}/{runId}.parquet\" }, \"execution\": { \"incremental\": true", StringComparison.Ordinal));

        // Act: a blob arrives, is delivered twice, then is rewritten; another lies outside the spec's input.
        await harness.BlobTrigger().RunAsync(new FakeBlobClient("inputs", "churn/2025-01-01/part1.csv", "\"0x1\""), harness.Client);
        await harness.BlobTrigger().RunAsync(new FakeBlobClient("inputs", "churn/2025-01-01/part1.csv", "\"0x1\""), harness.Client);
        await harness.BlobTrigger().RunAsync(new FakeBlobClient("inputs", "churn/2025-01-01/part1.csv", "\"0x2\""), harness.Client);
        await harness.BlobTrigger().RunAsync(new FakeBlobClient("inputs", "churn/2025-01-01/part1.txt", "\"0x1\""), harness.Client);

        // Assert
        Assert.Equal(2, harness.Client.Scheduled.Count);
        var spec = harness.SpecOf(harness.Client.Scheduled[0]);
        Assert.Equal(("inputs/churn", "**/*.csv", "outputs/churn/{runDate:yyyy/MM/dd}/{runId}.parquet"), (spec.Input.Location, spec.Input.Glob, spec.Output.Path));
        Assert.True(spec.Execution.Incremental);
        Assert.Contains(harness.BlobLog.Entries, e => e.Level == LogLevel.Error && e.Message.Contains("churn/2025-01-01/part1.txt", StringComparison.Ordinal) && e.Message.Contains("not among the incremental spec's inputs", StringComparison.Ordinal));
    }

    [Fact]
    [Trait(Behaviours.Trait, Behaviours.InputSelection)]
    public async Task RunAsync_BlobNameWithWildcards_GlobMatchesThatBlobAlone()
    {
        await harness.BlobTrigger().RunAsync(new FakeBlobClient("inputs", "churn/2025-01-01/part*?.csv", "\"0x1\""), harness.Client);

        var spec = harness.SpecOf(Assert.Single(harness.Client.Scheduled));
        Assert.Equal("inputs/churn/2025-01-01", spec.Input.Location);
        Assert.True(Glob.IsMatch(spec.Input.Glob, "part*?.csv"));
        Assert.False(Glob.IsMatch(spec.Input.Glob, "part1x.csv"));
        Assert.False(Glob.IsMatch(spec.Input.Glob, "part*?.csv.bak"));
    }

    [Fact]
    public async Task RunAsync_RuleMatching_LongestPrefixWinsAndUnmatchedBlobsStartNothing()
    {
        harness.WriteSpec("vip.json", FunctionsHarness.ValidSpec.Replace("\"churn\"", "\"vip\"", StringComparison.Ordinal));
        harness.Options.BlobRuns["vip"] = new BlobRunOptions { Prefix = "churn/vip/", Spec = "vip.json" };

        await harness.BlobTrigger().RunAsync(new FakeBlobClient("inputs", "churn/vip/a.csv", "\"0x1\""), harness.Client);
        await harness.BlobTrigger().RunAsync(new FakeBlobClient("inputs", "images/a.png", "\"0x1\""), harness.Client);

        var scheduled = Assert.Single(harness.Client.Scheduled);
        Assert.Equal("vip", harness.SpecOf(scheduled).Name);
        Assert.StartsWith("blob.vip.", scheduled.InstanceId, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_GroupWindow_ABurstInOneFolderStartsOneRunWhenTheWindowCloses()
    {
        harness.Options.BlobRuns["churn"].GroupWindowSeconds = 60;

        await harness.BlobTrigger().RunAsync(new FakeBlobClient("inputs", "churn/2025-01-01/part1.csv", "\"0x1\""), harness.Client);
        harness.Time.Now = harness.Time.Now.AddSeconds(20);
        await harness.BlobTrigger().RunAsync(new FakeBlobClient("inputs", "churn/2025-01-01/part2.csv", "\"0x2\""), harness.Client);

        var scheduled = Assert.Single(harness.Client.Scheduled);
        var spec = harness.SpecOf(scheduled);
        Assert.Equal(new DateTimeOffset(2025, 1, 1, 2, 1, 0, TimeSpan.Zero), scheduled.StartAt);
        Assert.StartsWith("blobs.churn.", scheduled.InstanceId, StringComparison.Ordinal);
        Assert.EndsWith(".20250101T020000Z", scheduled.InstanceId, StringComparison.Ordinal);
        Assert.Equal("inputs/churn/2025-01-01", spec.Input.Location);
        Assert.Equal("*.csv", spec.Input.Glob);
        Assert.Equal("outputs/churn/2025-01-01/20250101T020000Z.parquet", spec.Output.Path);
    }

    [Fact]
    public async Task RunAsync_BlobDeletedBeforeItRan_StartsNothing()
    {
        await harness.BlobTrigger().RunAsync(new FakeBlobClient("inputs", "churn/gone.csv", null), harness.Client);

        Assert.Empty(harness.Client.Scheduled);
    }

    [Fact]
    public async Task RunAsync_RuleSpecInvalid_FailsNamingTheSpec()
    {
        harness.WriteSpec("churn.json", """{"name": "churn", "miniBatch": {"rows": -1}}""");

        var error = await Assert.ThrowsAsync<BatchScoringException>(() => harness.BlobTrigger().RunAsync(new FakeBlobClient("inputs", "churn/a.csv", "\"0x1\""), harness.Client));

        Assert.Contains("specs/churn.json", error.Message, StringComparison.Ordinal);
        Assert.Empty(harness.Client.Scheduled);
    }

    [Fact]
    [Trait(Behaviours.Trait, Behaviours.ContainerConfinement)]
    public async Task RunAsync_RuleSpecOutsideTheContainers_StartsNothingAndLogsEveryField()
    {
        // Arrange
        harness.WriteSpec("churn.json", FunctionsHarness.ValidSpecWith("outputs/churn/results.parquet", "specs/churn/results.parquet").Replace("specs/models/churn.onnx", "outputs/churn.onnx", StringComparison.Ordinal));

        // Act
        await harness.BlobTrigger().RunAsync(new FakeBlobClient("inputs", "churn/part1.csv", "\"0x1\""), harness.Client);

        // Assert
        var entry = Assert.Single(harness.BlobLog.Entries);
        Assert.Empty(harness.Client.Scheduled);
        Assert.Equal((5026, LogLevel.Error), (entry.EventId, entry.Level));
        Assert.Contains("model.location: must be in container 'specs'", entry.Message, StringComparison.Ordinal);
        Assert.Contains("output.path: must be in container 'outputs'", entry.Message, StringComparison.Ordinal);
    }

    [Fact]
    [Trait(Behaviours.Trait, Behaviours.ContainerConfinement)]
    public async Task RunAsync_RuleSpecInputElsewhere_RunsOnTheArrivingBlobInTheInputsContainer()
    {
        // Arrange: the rule's own input.location is replaced by the arriving blob's folder.
        harness.WriteSpec("churn.json", FunctionsHarness.ValidSpecWith("\"location\": \"inputs/churn\"", "\"location\": \"archive/churn\""));

        // Act
        await harness.BlobTrigger().RunAsync(new FakeBlobClient("inputs", "churn/part1.csv", "\"0x1\""), harness.Client);

        // Assert
        Assert.Equal("inputs/churn", harness.SpecOf(Assert.Single(harness.Client.Scheduled)).Input.Location);
    }
}
