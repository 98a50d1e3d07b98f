using BatchScoring.Core;
using BatchScoring.Core.Data;
using BatchScoring.Core.Scoring;
using BatchScoring.Core.Spec;

namespace BatchScoring.Onnx.Tests;

public sealed class OnnxTabularScorerTests
{
    [Theory]
    [InlineData("float", new[] { 1.5f, 300f, -2f })]
    [InlineData("double", new[] { 1.5f, 300f, -2f })]
    [InlineData("int64", new[] { 1f, 300f, -2f })]
    [InlineData("int32", new[] { 1f, 300f, -2f })]
    [InlineData("uint8", new[] { 1f, 255f, 0f })] // saturated into 0..255
    public async Task Score_ModelElementType_ColumnsConverted(string type, float[] expected)
    {
        using var pool = new OnnxSessionPool();
        var scorer = await Scorers.InitialiseAsync(new OnnxTabularScorer(pool), $"cast-{type}.onnx");
        var table = Scorers.Table(("a", [1.5]), ("b", [300]), ("c", [-2]));

        var result = await scorer.ScoreAsync(ScoreRequest.ForTable(0, table));

        Assert.Equal(["y_0", "y_1", "y_2", "label"], scorer.OutputSchema.Select(c => c.Name));
        Assert.Equal(expected, result.Columns.Take(3).Select(c => ((float[])c.Values)[0]));
        Assert.Equal(1f, ((float[])result.Columns[3].Values)[0]); // without model.outputs every output is raw
    }

    [Fact]
    public async Task Score_ColumnsDisagreeWithModelShape_ThrowsNamingBothShapes()
    {
        using var pool = new OnnxSessionPool();
        var scorer = await Scorers.InitialiseAsync(new OnnxTabularScorer(pool), "cast-float.onnx");

        var e = await Assert.ThrowsAsync<BatchScoringException>(async () => await scorer.ScoreAsync(ScoreRequest.ForTable(0, Scorers.Table(("a", [1.0]), ("b", [2.0])))));

        Assert.Equal("model input 'x' expects shape [N,3] (3 values per row), but the columns '*' of 't.csv' give shape [N,2] (a, b).", e.Message);
    }

    [Fact]
    public async Task Score_NaNWhereModelForbidsIt_OnlyThatRowIsAnError()
    {
        using var pool = new OnnxSessionPool();
        var scorer = await Scorers.InitialiseAsync(new OnnxTabularScorer(pool), "cast-float.onnx");
        var table = Scorers.Table(("a", [1, double.NaN, 3]), ("b", [1, 1, 1]), ("c", [0, 0, 9]));

        var result = await scorer.ScoreAsync(ScoreRequest.ForTable(0, table));

        Assert.Null(result.Errors[0]);
        Assert.Equal(new ItemError(ErrorKind.InvalidValue, "column 'a' is NaN and model.allowNaN is false"), result.Errors[1]);
        Assert.Null(result.Errors[2]);
        Assert.Equal(2f, ((float[])result.Columns[3].Values)[2]);
    }

    [Fact]
    public async Task Score_FixedBatchModelWithOddRowCount_PadsAndKeepsEveryRow()
    {
        using var pool = new OnnxSessionPool();
        var scorer = await Scorers.InitialiseAsync(new OnnxTabularScorer(pool), "fixed-batch.onnx");
        var table = Scorers.Table(("a", [1, 2, 3, 4, 5]), ("b", [0, 0, 0, 0, 0]), ("c", [0, 0, 0, 0, 0]));

        var result = await scorer.ScoreAsync(ScoreRequest.ForTable(0, table));

        Assert.Equal([2f, 4f, 6f, 8f, 10f], (float[])result.Columns[0].Values);
    }

    [Fact]
    public async Task Score_ProbabilitiesWithClassLabelsAndLabelNames_NamedColumns()
    {
        using var pool = new OnnxSessionPool();
        var spec = new ModelSpec
        {
            Outputs =
            [
                new ModelOutputMapping { Name = "label", Kind = OutputKind.Label, ClassLabels = ["cat", "dog", "eel"] },
                new ModelOutputMapping { Name = "y", Kind = OutputKind.Probabilities, Column = "p", ClassLabels = ["cat", "dog", "eel"] },
            ],
        };
        var scorer = await Scorers.InitialiseAsync(new OnnxTabularScorer(pool), "cast-float.onnx", spec);

        var result = await scorer.ScoreAsync(ScoreRequest.ForTable(0, Scorers.Table(("a", [0.1]), ("b", [0.7]), ("c", [0.2]))));

        Assert.Equal(["label", "p_cat", "p_dog", "p_eel"], scorer.OutputSchema.Select(c => c.Name));
        Assert.Equal("dog", ((string?[])result.Columns[0].Values)[0]);
    }

    [Fact]
    public async Task Initialize_UnknownOutput_ThrowsNamingTheModelsOutputs()
    {
        using var pool = new OnnxSessionPool();
        var spec = new ModelSpec { Outputs = [new ModelOutputMapping { Name = "scores" }] };

        var e = await Assert.ThrowsAsync<BatchScoringException>(() => Scorers.InitialiseAsync(new OnnxTabularScorer(pool), "cast-float.onnx", spec));

        Assert.Equal("model.outputs[0].name: the model has no output 'scores' (its outputs: y, label).", e.Message);
    }
}
