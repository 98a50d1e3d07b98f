using BatchScoring.Core;
using BatchScoring.Core.Data;
using BatchScoring.Core.Scoring;
using BatchScoring.Core.Spec;

namespace BatchScoring.Onnx.Tests;

public sealed class OnnxTabularScorerTests
{
    [Theory]
    [InlineData("float", "1.5,300,-2", new[] { 1.5f, 300f, -2f })]
    [InlineData("double", "1.5,300,-2", new[] { 1.5f, 300f, -2f })]
    [InlineData("int64", "1,300,-2", new[] { 1f, 300f, -2f })]
    [InlineData("int32", "1,300,-2e0", new[] { 1f, 300f, -2f })]
    [InlineData("uint8", "1,255,0", new[] { 1f, 255f, 0f })]
    public async Task Score_ModelElementType_ColumnsReadAsThatType(string type, string row, float[] expected)
    {
        using var pool = new OnnxSessionPool();
        var scorer = await Scorers.InitialiseAsync(new OnnxTabularScorer(pool), $"cast-{type}.onnx");
        using var table = await Scorers.TableAsync(scorer, $"a,b,c\n{row}\n");

        var result = await scorer.ScoreAsync(ScoreRequest.ForTable(0, table));

        Assert.Equal(type, scorer.FeatureInputs.Single().ElementType.Name());
        Assert.Equal(["y_0", "y_1", "y_2", "label"], scorer.OutputSchema.Select(c => c.Name));
        Assert.Equal(expected, result.Columns.Take(3).Select(c => ((float[])c.Values)[0]));
        Assert.Equal(1L, ((long?[])result.Columns[3].Values)[0]); // without model.outputs every output is raw; an integer one stays an integer
    }

    [Fact]
    public async Task Score_ValuesOutsideUInt8_ErrorRecordsNotSaturated()
    {
        using var pool = new OnnxSessionPool();
        var scorer = await Scorers.InitialiseAsync(new OnnxTabularScorer(pool), "cast-uint8.onnx");
        using var table = await Scorers.TableAsync(scorer, "a,b,c\n1,256,0\n-1,2,3\n4,5,6\n");

        var result = await scorer.ScoreAsync(ScoreRequest.ForTable(0, table));

        Assert.Equal(new ItemError(ErrorKind.InvalidValue, "column 'b' is 256, out of range for the model input: it takes uint8 (whole numbers 0 to 255)"), result.Errors[0]);
        Assert.Equal(new ItemError(ErrorKind.InvalidValue, "column 'a' is -1, out of range for the model input: it takes uint8 (whole numbers 0 to 255)"), result.Errors[1]);
        Assert.Null(result.Errors[2]);
        Assert.Equal(6f, ((float[])result.Columns[2].Values)[2]); // the valid row, moved to the front to be fed, lands at its own position
    }

    [Fact]
    public async Task Score_ColumnsDisagreeWithModelShape_ThrowsNamingBothShapes()
    {
        using var pool = new OnnxSessionPool();
        var scorer = await Scorers.InitialiseAsync(new OnnxTabularScorer(pool), "cast-float.onnx");

        var e = await Assert.ThrowsAsync<BatchScoringException>(() => Scorers.TableAsync(scorer, "a,b\n1,2\n"));

        Assert.Equal("model input 'x' takes 3 values per row, but the columns '*' of 't.csv' give 2 (a, b).", e.Message);
    }

    [Fact]
    public async Task Score_NaNWhereModelForbidsIt_OnlyThatRowIsAnError()
    {
        using var pool = new OnnxSessionPool();
        var scorer = await Scorers.InitialiseAsync(new OnnxTabularScorer(pool), "cast-float.onnx");
        using var table = await Scorers.TableAsync(scorer, "a,b,c\n1,1,0\nNaN,1,0\n3,1,9\n");

        var result = await scorer.ScoreAsync(ScoreRequest.ForTable(0, table));

        Assert.Null(result.Errors[0]);
        Assert.Equal(new ItemError(ErrorKind.InvalidValue, "column 'a' is NaN and model.allowNaN is false (NaN and infinities are refused)"), result.Errors[1]);
        Assert.Null(result.Errors[2]);
        Assert.Equal(2L, ((long?[])result.Columns[3].Values)[2]);
    }

    [Fact]
    public async Task Score_FixedBatchModelWithOddRowCount_PadsAndKeepsEveryRow()
    {
        using var pool = new OnnxSessionPool();
        var scorer = await Scorers.InitialiseAsync(new OnnxTabularScorer(pool), "fixed-batch.onnx");
        using var table = await Scorers.TableAsync(scorer, "a,b,c\n1,0,0\n2,0,0\n3,0,0\n4,0,0\n5,0,0\n");

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
        using var table = await Scorers.TableAsync(scorer, "a,b,c\n0.1,0.7,0.2\n");

        var result = await scorer.ScoreAsync(ScoreRequest.ForTable(0, table));

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
