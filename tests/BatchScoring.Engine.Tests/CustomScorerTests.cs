using BatchScoring.Core;
using BatchScoring.Core.Data;
using BatchScoring.Core.Scoring;
using BatchScoring.Core.Spec;
using BatchScoring.Engine.Testing;
using BatchScoring.Tests;

namespace BatchScoring.Engine.Tests;

/// <summary>A custom scorer: a plain class named in scorer.type, initialised once per process.</summary>
public sealed class CustomScorerTests
{
    [Fact]
    public async Task Run_CustomScorerByTypeName_InitialisedOnceAndScoresEveryRow()
    {
        using var temp = new TempFolder();
        temp.Write("in/a.csv", "id,x\n1,2\n2,3\n3,oops\n4,5\n");
        temp.Write("side/offset.txt", "100");
        var spec = new RunSpec
        {
            Input = new InputSpec { Location = "in", Glob = "*.csv", Mode = InputMode.Tabular, PassThroughColumns = ["id"] },
            MiniBatch = new MiniBatchSpec { Rows = 1 },
            Scorer = new ScorerSpec
            {
                Type = typeof(AddOffsetScorer).AssemblyQualifiedName,
                Arguments = new Dictionary<string, string> { ["factor"] = "2" },
                SideInputs = new Dictionary<string, string> { ["offset"] = "side/offset.txt" },
            },
            Output = new OutputSpec { Path = "out/r.csv" },
        };
        await using var fixture = new EngineFixture(temp.Path);
        AddOffsetScorer.Initialisations = 0;

        var result = await DirectRun.RunAsync(fixture.Engine, spec, "custom");

        Assert.Equal(1, AddOffsetScorer.Initialisations);
        Assert.Equal(4, result.MiniBatches);
        Assert.Equal(1, result.ItemsFailed);
        Assert.Equal("id,y\n1,104\n2,106\n4,110\n", File.ReadAllText(Path.Combine(temp.Path, "out/r.csv")));
    }

    [Fact]
    public async Task Run_UnknownScorerType_ThrowsNamingTheSetting()
    {
        using var temp = new TempFolder();
        temp.Write("in/a.csv", "x\n1\n");
        var spec = new RunSpec
        {
            Input = new InputSpec { Location = "in", Mode = InputMode.Tabular },
            Scorer = new ScorerSpec { Type = "Nope.Missing, Nope" },
            Output = new OutputSpec { Path = "out/r.csv" },
        };
        await using var fixture = new EngineFixture(temp.Path);

        var e = await Assert.ThrowsAsync<BatchScoringException>(() => DirectRun.RunAsync(fixture.Engine, spec, "custom"));

        Assert.StartsWith("scorer.type: no type 'Nope.Missing, Nope' was found", e.Message, StringComparison.Ordinal);
    }

    /// <summary>y = x * factor (argument) + offset (side input).</summary>
    public sealed class AddOffsetScorer : IMiniBatchScorer
    {
        private double factor;
        private double offset;

        public static int Initialisations { get; set; }

        public IReadOnlyList<FeatureInput> FeatureInputs => [FeatureInput.Doubles("x")];

        public IReadOnlyList<ColumnSchema> OutputSchema => [new("y", ColumnType.Double)];

        public ValueTask InitializeAsync(ScorerContext context, CancellationToken cancellationToken = default)
        {
            Initialisations++;
            factor = double.Parse(context.Spec.Scorer.Arguments["factor"], System.Globalization.CultureInfo.InvariantCulture);
            offset = double.Parse(File.ReadAllText(context.SideInputs["offset"]), System.Globalization.CultureInfo.InvariantCulture);
            return ValueTask.CompletedTask;
        }

        public ValueTask<ScoreResult> ScoreAsync(ScoreRequest request, CancellationToken cancellationToken = default)
        {
            var x = request.Table!.Features[0].Rows<double>(0, request.ItemCount);
            var y = new double?[request.ItemCount];
            for (var i = 0; i < y.Length; i++)
            {
                y[i] = (x[i] * factor) + offset;
            }

            return ValueTask.FromResult(new ScoreResult([new DataColumn("y", ColumnType.Double, y)], request.Table.RowErrors));
        }
    }
}
