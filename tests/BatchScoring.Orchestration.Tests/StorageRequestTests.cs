using BatchScoring.Core.Runs;
using BatchScoring.Core.Spec;
using BatchScoring.Orchestration.Activities;
using BatchScoring.Orchestration.Contracts;
using BatchScoring.Storage;
using BatchScoring.Storage.Azure;
using BatchScoring.Tests;
using Microsoft.DurableTask;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace BatchScoring.Orchestration.Tests;

/// <summary>
/// Storage requests of a run on Azure, counted on Azurite by kind with the store's request counter, activity by
/// activity: planning, each mini-batch, the commit. The commit lists the markers instead of reading one per mini-batch:
/// besides one Put Block From URL per part it may send at most N/1000 + 10 requests. Before, it sent three sequential
/// requests per mini-batch (222 s of a 265 s run at 4,000 mini-batches). docs/performance.md states these figures; the
/// limits below fail the test if they grow.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class StorageRequestTests(AzuriteFixture azurite, ITestOutputHelper output)
{
    /// <summary>
    /// Requests of one one-row CSV mini-batch: the done-marker check, the header and the slice, the part, the done
    /// marker; and one more, its error records, when it has any.
    /// </summary>
    private const int RequestsPerMiniBatch = 5;

    [Fact]
    public async Task Run_OnAzurite_CommitListsMarkersAndEveryStepStaysWithinItsRequests()
    {
        // Arrange: 1,200 one-row mini-batches over one CSV in a container of its own; 1 in 100 rows fails (error records).
        const int rows = 1200;
        var container = AzuriteFixture.NewContainerName();
        var requests = new StorageRequests();
        var store = new AzureBlobStore(azurite.ConnectionString, new AzureBlobStoreOptions { Requests = requests });
        await store.WriteAllBytesAsync($"{container}/in/data.csv", System.Text.Encoding.UTF8.GetBytes("id,x\n" + string.Concat(Enumerable.Range(0, rows).Select(i => $"{i},{i}\n"))));
        await using var host = ScoringHost.Create(store);
        var files = host.Services.GetRequiredService<RunFiles>();
        var spec = OrchestrationFixture.TestSpec(Guid.NewGuid().ToString("N"), 1, new TestScorer.Faults { FailItemsWithX = [.. Enumerable.Range(0, rows).Where(i => i % 100 == 7)] });
        spec = spec with
        {
            Input = spec.Input with { Location = $"{container}/in" },
            Output = new OutputSpec { Path = $"{container}/out/results.csv" },
            Execution = spec.Execution with { KeepStaging = true },
        };
        var context = new ActivityContext("run-" + Guid.NewGuid().ToString("N"));

        // Act: planning
        var before = requests.Snapshot();
        var plan = await new PlanMiniBatches(host.Engine, files).RunAsync(context, new PlanInput(spec, DurableEngine.InMemory));
        var planning = requests.Since(before);
        Assert.Equal(rows, plan.MiniBatches);

        // each mini-batch (the first also reads the spec and plan, once per process)
        var run = new RunRef(context.InstanceId, plan.StagingPrefix, Guid.NewGuid().ToString("N"));
        var score = new ScoreMiniBatch(host.Engine, files);
        await score.RunAsync(context, new MiniBatchWork(run, 0, 1));
        before = requests.Snapshot();
        await Parallel.ForEachAsync(Enumerable.Range(1, rows - 1), new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (i, _) => await score.RunAsync(context, new MiniBatchWork(run, i, 1)));
        var scoring = requests.Since(before);

        // the commit
        before = requests.Snapshot();
        var result = await new CommitOutput(host.Engine, files).RunAsync(context, new CommitInput(run, plan.Fingerprint, plan.ModelHash, DurableEngine.InMemory, DateTime.UtcNow, null));
        var commit = requests.Since(before);

        // Assert
        output.WriteLine($"planning: {Describe(planning)}");
        output.WriteLine($"scoring {rows - 1} mini-batches: {Describe(scoring)} ({scoring.Values.Sum() / (double)(rows - 1):F2} a mini-batch)");
        output.WriteLine($"commit: {Describe(commit)}");
        Assert.Equal(rows - 12, result.ItemsScored);
        Assert.Equal(12, result.ItemsFailed);
        Assert.Equal(rows - 12, (await store.ReadAllBytesAsync(spec.Output.Path)).Count(b => b == (byte)'\n') - 1);
        // One copy per part with rows (12 parts hold only their failed row's error record), one read per error records file.
        Assert.Equal(rows - 12, commit.GetValueOrDefault("PutBlockFromURL"));
        // The run report: its timeline and page written, and the error records file read once for its digest.
        const int report = 3;
        var besidesCopies = commit.Values.Sum() - commit.GetValueOrDefault("PutBlockFromURL") - 12 - report;
        Assert.True(besidesCopies <= (rows / 1000) + 10, $"the commit sent {besidesCopies} requests besides one copy per part, one read per error records file and {report} for the run report: {Describe(commit)}");
        Assert.True(scoring.Values.Sum() <= ((long)RequestsPerMiniBatch * (rows - 1)) + 12, $"{scoring.Values.Sum() / (double)(rows - 1):F2} requests a mini-batch, more than {RequestsPerMiniBatch} (and one for each of the 12 with error records): {Describe(scoring)}");
        Assert.True(planning.Values.Sum() <= 20, $"planning sent {planning.Values.Sum()} requests: {Describe(planning)}");
    }

    private static string Describe(IReadOnlyDictionary<string, long> counts) =>
        string.Join(", ", counts.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key} {p.Value}")) + $"; {counts.Values.Sum()} in all";

    private sealed class ActivityContext(string instanceId) : TaskActivityContext
    {
        public override TaskName Name => "test";

        public override string InstanceId { get; } = instanceId;
    }
}
