using BatchScoring.Core.Data;
using BatchScoring.Core.Scoring;
using BatchScoring.Tests;

namespace BatchScoring.Runner.Tests;

public sealed class CustomScorerTests
{
    /// <summary>
    /// scorer.type names a class in an assembly copied beside batchscore that batchscore itself does not depend on
    /// (this test assembly, which batchscore.deps.json does not list): the runner loads it, as the error message for
    /// a missing type tells users to do.
    /// </summary>
    [Fact]
    public async Task Run_ScorerInAnAssemblyBesideBatchscore_LoadsItAndScores()
    {
        using var temp = new TempFolder();
        temp.Write("data/rows.csv", "id,a,b\n1,2,3\n2,5,7\n");
        temp.Write("spec.json", $$"""
            {
              "name": "custom-scorer",
              "input": { "location": "data", "glob": "*.csv", "mode": "tabular", "passThroughColumns": ["id"] },
              "scorer": { "type": "{{typeof(SumScorer).FullName}}, {{typeof(SumScorer).Assembly.GetName().Name}}" },
              "output": { "path": "out/results.csv" }
            }
            """);

        var (code, output) = await Batchscore.RunAsync(temp.Path, null, TimeSpan.FromMinutes(2), "run", "spec.json");

        Assert.True(code == 0, output);
        Assert.Equal("id,sum\n1,5\n2,12\n", File.ReadAllText(Path.Combine(temp.Path, "out/results.csv")));
    }
}

/// <summary>The sum of columns a and b of each row.</summary>
public sealed class SumScorer : IMiniBatchScorer
{
    public IReadOnlyList<FeatureInput> FeatureInputs => [FeatureInput.Doubles("a", "b")];

    public IReadOnlyList<ColumnSchema> OutputSchema => [new("sum", ColumnType.Double)];

    public ValueTask InitializeAsync(ScorerContext context, CancellationToken cancellationToken = default) => ValueTask.CompletedTask;

    public ValueTask<ScoreResult> ScoreAsync(ScoreRequest request, CancellationToken cancellationToken = default)
    {
        var values = request.Table!.Features[0].Rows<double>(0, request.ItemCount);
        var sums = new double?[request.ItemCount];
        for (var i = 0; i < sums.Length; i++)
        {
            sums[i] = values[2 * i] + values[(2 * i) + 1];
        }

        return ValueTask.FromResult(new ScoreResult([new DataColumn("sum", ColumnType.Double, sums)], (ItemError?[])request.Table.RowErrors.Clone()));
    }
}
