using BatchScoring.Core.Runs;
using BatchScoring.Core.Spec;
using BatchScoring.Orchestration.Contracts;
using BatchScoring.Orchestration.Orchestrators;
using BatchScoring.Orchestration.Progress;
using BatchScoring.Storage;
using BatchScoring.Storage.Azure;
using BatchScoring.Storage.Local;
using BatchScoring.Tests;
using Microsoft.DurableTask.Client;

namespace BatchScoring.Orchestration.Tests;

/// <summary>
/// The digits sample with inputs and model on Azurite, scored by the ScoringRun orchestration on the in-memory engine
/// with its output written back to Azurite: byte for byte the output of the same run on local files.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class AzuriteOrchestrationTests(AzuriteFixture azurite)
{
    [Theory]
    [InlineData("samples/digits-tabular/spec.json", "results.csv")]
    [InlineData("samples/digits-tabular/spec.parquet.json", "results.parquet")]
    public async Task ScoringRun_DigitsOnAzurite_OutputByteIdenticalToLocalRun(string specFile, string output)
    {
        var container = AzuriteFixture.NewContainerName();
        var sample = RunSpecSerializer.Parse(File.ReadAllText(Repo.PathOf(specFile)));
        var spec = sample with
        {
            Input = sample.Input with { Location = $"{container}/{sample.Input.Location}" },
            Model = sample.Model with { Location = $"{container}/{sample.Model.Location}" },
            Output = sample.Output with { Path = $"{container}/out/{output}" },
        };
        var azure = new AzureBlobStore(azurite.ConnectionString);
        using var temp = new TempFolder();
        var local = new LocalBlobStore(temp.Path);
        foreach (var input in Directory.EnumerateFiles(Repo.PathOf(sample.Input.Location)).Select(f => Path.GetRelativePath(Repo.Root, f).Replace('\\', '/')).Append(sample.Model.Location))
        {
            var bytes = await File.ReadAllBytesAsync(Repo.PathOf(input));
            await azure.WriteAllBytesAsync($"{container}/{input}", bytes);
            await local.WriteAllBytesAsync($"{container}/{input}", bytes);
        }

        var onAzure = await RunAsync(azure, spec);
        var onLocal = await RunAsync(local, spec);

        Assert.Equal(1797, onAzure.ItemsScored);
        Assert.Equal(onLocal.MiniBatches, onAzure.MiniBatches);
        var expected = await local.ReadAllBytesAsync(spec.Output.Path);
        var actual = await azure.ReadAllBytesAsync(spec.Output.Path);
        Assert.True(expected.AsSpan().SequenceEqual(actual), $"{spec.Output.Path}: {actual.Length} bytes on Azurite, {expected.Length} locally, and they differ.");
        Assert.NotNull(await azure.GetInfoAsync(onAzure.SummaryPath));
        if (output.EndsWith(".parquet", StringComparison.Ordinal))
        {
            Assert.Equal(1797, DuckDb.Summarise(temp.Write("from-azurite.parquet", actual)).GetProperty("rows").GetInt32());
        }
        else
        {
            Assert.StartsWith("id,target,predicted,p_0,", System.Text.Encoding.UTF8.GetString(actual), StringComparison.Ordinal);
        }
    }

    private static async Task<ScoringRunResult> RunAsync(IBlobStore store, RunSpec spec)
    {
        await using var host = ScoringHost.Create(store);
        var durable = await host.StartDurableAsync();
        var id = await durable.Client.ScheduleNewOrchestrationInstanceAsync(nameof(ScoringRun), new ScoringRunInput(spec, DurableEngine.InMemory));
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        var run = await durable.Client.WaitForInstanceCompletionAsync(id, getInputsAndOutputs: true, cancel.Token);
        Assert.True(run.RuntimeStatus == OrchestrationRuntimeStatus.Completed, RunFailures.Of(run)?.Message);
        return run.ReadOutputAs<ScoringRunResult>()!;
    }
}
