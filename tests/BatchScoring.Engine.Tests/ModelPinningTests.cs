using System.Security.Cryptography;
using BatchScoring.Core;
using BatchScoring.Core.Planning;
using BatchScoring.Core.Spec;
using BatchScoring.Onnx;
using BatchScoring.Storage;
using BatchScoring.Tests;

namespace BatchScoring.Engine.Tests;

/// <summary>
/// A run scores with the model its plan pinned: the model's identity (the SHA-256 of its content) is computed once, at
/// planning, and keys the scorer and its ONNX session; a model replaced after planning fails the run by name instead of
/// scoring part of it with another model.
/// </summary>
public sealed class ModelPinningTests
{
    [Fact]
    [Trait(Behaviours.Trait, Behaviours.ContentVersions)]
    public async Task GetScorer_ModelBlobReplacedBetweenTwoPlans_EachPlanGetsItsOwnVersion()
    {
        using var temp = new TempFolder();
        await using var fixture = new EngineFixture(temp.Path);
        var first = File.ReadAllBytes(Repo.PathOf("tests/fixtures/models/cast-float.onnx"));
        var second = File.ReadAllBytes(Repo.PathOf("tests/fixtures/models/cast-double.onnx"));
        await fixture.Store.WriteAllBytesAsync("models/m.onnx", first);
        var spec = CastSpec();

        var before = await PlanOf(fixture, spec);
        var scorer = (OnnxScorerBase)await fixture.Engine.GetScorerAsync(spec, before);
        var again = await fixture.Engine.GetScorerAsync(spec, before);
        await fixture.Store.WriteAllBytesAsync("models/m.onnx", second);
        var after = await PlanOf(fixture, spec);
        var replaced = (OnnxScorerBase)await fixture.Engine.GetScorerAsync(spec, after);

        Assert.Same(scorer, again);
        Assert.NotSame(scorer, replaced);
        Assert.Equal(Sha256(first), before.Model!.Sha256);
        Assert.Equal(Sha256(second), after.Model!.Sha256);
        Assert.Equal(before.Model.Sha256, scorer.ModelHash);
        Assert.Equal(after.Model.Sha256, replaced.ModelHash);
    }

    [Fact]
    [Trait(Behaviours.Trait, Behaviours.ContentVersions)]
    public async Task GetScorer_ModelReplacedAfterPlanningOnAWorkerThatHadNotLoadedIt_FailsNamingTheModel()
    {
        using var temp = new TempFolder();
        var spec = CastSpec();
        MiniBatchPlan plan;
        await using (var planner = new EngineFixture(temp.Path))
        {
            await planner.Store.WriteAllBytesAsync("models/m.onnx", File.ReadAllBytes(Repo.PathOf("tests/fixtures/models/cast-float.onnx")));
            plan = await PlanOf(planner, spec);
            await planner.Store.WriteAllBytesAsync("models/m.onnx", File.ReadAllBytes(Repo.PathOf("tests/fixtures/models/cast-double.onnx")));
        }

        await using var worker = new EngineFixture(temp.Path);
        var e = await Assert.ThrowsAsync<InputChangedException>(() => worker.Engine.GetScorerAsync(spec, plan));

        Assert.StartsWith("Input 'models/m.onnx' changed since the run planned it: ", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    [Trait(Behaviours.Trait, Behaviours.ContentVersions)]
    public async Task ScoreMiniBatch_DigitsModelReplacedAfterPlanning_FailsNamingTheModelAndWritesNoPart()
    {
        using var temp = new TempFolder();
        temp.Write("in/digits.csv", string.Join('\n', File.ReadAllLines(Repo.PathOf("samples/digits-tabular/data/digits.csv")).Take(11)) + "\n");
        temp.Write("model.onnx", File.ReadAllBytes(Repo.PathOf("samples/models/digits-mlp.onnx")));
        var spec = EngineFixture.DigitsSpec("*.csv", rows: 5);
        await using var fixture = new EngineFixture(temp.Path);
        var plan = await fixture.Engine.PlanAsync(spec);

        // Another version of the model file; the check is of the version, before ONNX Runtime reads a byte of it.
        temp.Write("model.onnx", [.. File.ReadAllBytes(Repo.PathOf("samples/models/digits-mlp.onnx")), 0]);
        await using var worker = new EngineFixture(temp.Path);
        var e = await Assert.ThrowsAsync<InputChangedException>(() => worker.Engine.ScoreMiniBatchAsync(spec, plan, 0, "out/_staging/pinned"));

        Assert.Contains("'model.onnx' changed since the run planned it", e.Message, StringComparison.Ordinal);
        Assert.False(Directory.Exists(worker.Store.GetFullPath("out/_staging/pinned")));
    }

    [Fact]
    [Trait(Behaviours.Trait, Behaviours.ContentVersions)]
    public async Task ScoreMiniBatch_PlanStagedBeforePlansPinnedTheirModel_PinsItOnceAndScores()
    {
        using var temp = new TempFolder();
        temp.Write("in/digits.csv", string.Join('\n', File.ReadAllLines(Repo.PathOf("samples/digits-tabular/data/digits.csv")).Take(11)) + "\n");
        temp.Write("model.onnx", File.ReadAllBytes(Repo.PathOf("samples/models/digits-mlp.onnx")));
        var spec = EngineFixture.DigitsSpec("*.csv", rows: 5);
        await using var fixture = new EngineFixture(temp.Path);
        var legacy = await fixture.Engine.PlanAsync(spec) with { Model = null };

        var first = await fixture.Engine.ScoreMiniBatchAsync(spec, legacy, 0, "out/_staging/legacy");
        var second = await fixture.Engine.ScoreMiniBatchAsync(spec, legacy, 1, "out/_staging/legacy");

        Assert.Equal((5L, 5L), (first.ItemsScored, second.ItemsScored));
        Assert.Same(await fixture.Engine.GetScorerAsync(spec, legacy), await fixture.Engine.GetScorerAsync(spec, legacy));
    }

    private static RunSpec CastSpec() => new()
    {
        Input = new InputSpec { Location = "in", Mode = InputMode.Tabular },
        Model = new ModelSpec { Location = "models/m.onnx" },
        Output = new OutputSpec { Path = "out/r.csv" },
    };

    /// <summary>A plan with nothing to score but the model, as planning pins it.</summary>
    private static async Task<MiniBatchPlan> PlanOf(EngineFixture fixture, RunSpec spec) =>
        new(InputMode.Tabular, new MiniBatchTarget(MiniBatchUnit.Rows, 1), [], []) { Model = await fixture.Engine.PinModelAsync(spec) };

    private static string Sha256(byte[] content) => Convert.ToHexStringLower(SHA256.HashData(content));
}
