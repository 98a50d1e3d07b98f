using System.Security.Cryptography;
using BatchScoring.Core.Spec;
using BatchScoring.Onnx;
using BatchScoring.Storage;
using BatchScoring.Tests;

namespace BatchScoring.Engine.Tests;

/// <summary>Issue 11, case 20: the scorer cache follows the model's content (its blob's ETag), not the spec's text.</summary>
public sealed class ScorerProviderTests
{
    [Fact]
    [Trait(Behaviours.Trait, Behaviours.ContentVersions)]
    public async Task GetScorer_ModelBlobReplacedUnderTheSameSpec_NewScorerWithTheNewModel()
    {
        using var temp = new TempFolder();
        await using var fixture = new EngineFixture(temp.Path);
        var first = File.ReadAllBytes(Repo.PathOf("tests/fixtures/models/cast-float.onnx"));
        var second = File.ReadAllBytes(Repo.PathOf("tests/fixtures/models/cast-double.onnx"));
        await fixture.Store.WriteAllBytesAsync("models/m.onnx", first);
        var spec = new RunSpec
        {
            Input = new InputSpec { Location = "in", Mode = InputMode.Tabular },
            Model = new ModelSpec { Location = "models/m.onnx" },
            Output = new OutputSpec { Path = "out/r.csv" },
        };

        var before = (OnnxScorerBase)await fixture.Engine.GetScorerAsync(spec);
        var again = await fixture.Engine.GetScorerAsync(spec);
        await fixture.Store.WriteAllBytesAsync("models/m.onnx", second);
        var after = (OnnxScorerBase)await fixture.Engine.GetScorerAsync(spec);

        Assert.Same(before, again);
        Assert.NotSame(before, after);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(first)), before.ModelHash);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(second)), after.ModelHash);
    }
}
