using BatchScoring.Core.Spec;
using BatchScoring.Onnx;
using BatchScoring.Storage;
using BatchScoring.Storage.Azure;
using BatchScoring.Storage.Local;
using BatchScoring.Tests;
using Microsoft.Extensions.Logging.Abstractions;

namespace BatchScoring.Engine.Tests;

/// <summary>
/// The digits samples with their inputs and model uploaded to Azurite and their output written back there, through
/// the engine on the Azure adapter; the output must be byte for byte the one of the same run on local files.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class AzuriteEndToEndTests(AzuriteFixture azurite)
{
    [Theory]
    [InlineData("samples/digits-tabular/spec.json", "results.csv")]
    [InlineData("samples/digits-tabular/spec.parquet.json", "results.parquet")]
    public async Task DigitsSample_OnAzurite_OutputByteIdenticalToLocalRun(string specFile, string output)
    {
        var container = AzuriteFixture.NewContainerName();
        var sample = EngineFixture.LoadSpec(specFile);
        var spec = sample with
        {
            Input = sample.Input with { Location = $"{container}/{sample.Input.Location}" },
            Model = sample.Model with { Location = $"{container}/{sample.Model.Location}" },
            Output = sample.Output with { Path = $"{container}/out/{output}" },
        };
        var inputs = Directory.EnumerateFiles(Repo.PathOf(sample.Input.Location)).Select(f => Path.GetRelativePath(Repo.Root, f).Replace('\\', '/')).Append(sample.Model.Location).ToList();
        var azure = new AzureBlobStore(azurite.ConnectionString);
        using var temp = new TempFolder();
        var local = new LocalBlobStore(temp.Path);
        foreach (var input in inputs)
        {
            var bytes = await File.ReadAllBytesAsync(Repo.PathOf(input));
            await azure.WriteAllBytesAsync($"{container}/{input}", bytes);
            await local.WriteAllBytesAsync($"{container}/{input}", bytes);
        }

        var onAzure = await RunAsync(azure, spec);
        var onLocal = await RunAsync(local, spec);

        Assert.Equal(1797, onAzure.ItemsScored);
        Assert.Equal(0, onAzure.ItemsFailed);
        Assert.Equal(onLocal.MiniBatches, onAzure.MiniBatches);
        var expected = await local.ReadAllBytesAsync(spec.Output.Path);
        var actual = await azure.ReadAllBytesAsync(spec.Output.Path);
        Assert.True(expected.AsSpan().SequenceEqual(actual), $"{spec.Output.Path}: {actual.Length} bytes on Azurite, {expected.Length} bytes locally, and they differ.");
        Assert.Equal(
            new[] { $"{container}/out/{Path.GetFileNameWithoutExtension(output)}.errors.jsonl", spec.Output.Path }.Order(StringComparer.Ordinal),
            await azure.ListAsync($"{container}/out").Select(b => b.Path).ToListAsync());
        if (output.EndsWith(".parquet", StringComparison.Ordinal))
        {
            var summary = DuckDb.Summarise(temp.Write("from-azurite.parquet", actual));
            Assert.Equal(1797, summary.GetProperty("rows").GetInt32());
        }
        else
        {
            Assert.StartsWith("id,target,predicted,p_0,", System.Text.Encoding.UTF8.GetString(actual), StringComparison.Ordinal);
        }
    }

    private static async Task<DirectRunResult> RunAsync(IBlobStore store, RunSpec spec)
    {
        using var pool = new OnnxSessionPool();
        using var scorers = new ScorerProvider(pool, NullLoggerFactory.Instance);
        var engine = new ScoringEngine(store, scorers, NullLoggerFactory.Instance);
        return await DirectRun.RunAsync(engine, spec, "e2e");
    }
}
