using BatchScoring.Core.Planning;
using BatchScoring.Core.Spec;

namespace BatchScoring.Core.Tests.Spec;

/// <summary>A spec that leaves a setting out gets Azure ML's ParallelRunConfig default.</summary>
public class RunSpecDefaultsTests
{
    [Fact]
    public void Parse_MinimalSpec_HasAzureMlDefaults()
    {
        // Arrange
        const string json = """{ "input": { "location": "data" }, "model": { "location": "m.onnx" } }""";

        // Act
        var spec = RunSpecSerializer.Parse(json);

        // Assert
        Assert.Equal(-1, spec.Failures.ErrorThreshold);
        Assert.Equal(-1, spec.Failures.AllowedFailedCount);
        Assert.Equal(100, spec.Failures.AllowedFailedPercent);
        Assert.Equal(3, spec.Execution.MaxTries);
        Assert.Equal(60, spec.Execution.MiniBatchTimeout);
        Assert.True(spec.Execution.Reuse);
        Assert.Equal(OutputAction.AppendRow, spec.Output.Action);
        Assert.Equal("outputs/parallel_run_step.csv", spec.Output.Path);
        Assert.Equal("**", spec.Input.Glob);
        Assert.Equal(InputMode.File, spec.Input.Mode);
    }

    [Theory]
    [InlineData(30, 8, 10)] // few files: Azure ML's 10
    [InlineData(256, 8, 32)] // one mini-batch per slot of the window
    [InlineData(257, 8, 33)] // rounded up: never a ninth mini-batch of one file
    [InlineData(256, 2, 64)] // at most one chunk of files
    [InlineData(100_000, 8, 64)]
    public void From_FileModeWithoutSize_OnePerSlotOfTheWindowBetweenTenAndSixtyFourFiles(int files, int window, int expected)
    {
        // Arrange
        var spec = RunSpecSerializer.Parse($$"""{ "input": { "location": "data" }, "model": { "location": "m.onnx" }, "execution": { "maxParallelMiniBatches": {{window}} } }""");

        // Act
        var target = MiniBatchTarget.From(spec, totalBytes: 1L << 30, totalFiles: files);

        // Assert
        Assert.Equal(new MiniBatchTarget(MiniBatchUnit.Files, expected), target);
    }

    [Theory]
    [InlineData(10L, 8, 1024 * 1024)] // a tiny input: Azure ML's 1 MB
    [InlineData(219_000_000L, 8, 27_375_000)] // the 100k-row wide CSV: 8 mini-batches for a window of 8
    [InlineData(219_000_000L, 2, 109_500_000)]
    [InlineData(100_000_000_000L, 8, 256L * 1024 * 1024)] // 100 GB: at most 256 MB each
    public void From_TabularModeWithoutSize_OnePerSlotOfTheWindowBetweenOneAndTwoHundredFiftySixMegabytes(long totalBytes, int window, long expected)
    {
        // Arrange
        var spec = RunSpecSerializer.Parse($$"""{ "input": { "location": "data", "mode": "tabular" }, "execution": { "maxParallelMiniBatches": {{window}} }, "model": { "location": "m.onnx" } }""");

        // Act
        var target = MiniBatchTarget.From(spec, totalBytes, totalFiles: 1);

        // Assert
        Assert.Equal(new MiniBatchTarget(MiniBatchUnit.Bytes, expected), target);
    }

    [Theory]
    [InlineData("", MiniBatchUnit.Rows, MiniBatchSpec.DefaultTextRows)] // texts: by rows, whatever the input's size
    [InlineData("\"miniBatch\": { \"rows\": 300 },", MiniBatchUnit.Rows, 300L)]
    [InlineData("\"miniBatch\": { \"bytes\": \"2MB\" },", MiniBatchUnit.Bytes, 2L * 1024 * 1024)]
    public void From_TextScorerTabular_RowsByDefaultTheSpecsSizeWhenSet(string miniBatch, MiniBatchUnit unit, long value)
    {
        // Arrange
        var spec = RunSpecSerializer.Parse($$"""{ "input": { "location": "data", "mode": "tabular" }, {{miniBatch}} "model": { "location": "m.onnx", "text": { "column": "text", "vocabulary": "v.txt" } }, "scorer": { "type": "onnx-text" } }""");

        // Act
        var target = MiniBatchTarget.From(spec, totalBytes: 100L << 30, totalFiles: 1);

        // Assert
        Assert.Equal(new MiniBatchTarget(unit, value), target);
    }

    [Theory]
    [InlineData("""{ "mode": "file" }""", """{ "files": 25 }""", MiniBatchUnit.Files, 25L)]
    [InlineData("""{ "mode": "tabular" }""", """{ "rows": 250 }""", MiniBatchUnit.Rows, 250L)]
    [InlineData("""{ "mode": "tabular" }""", """{ "bytes": "4MB" }""", MiniBatchUnit.Bytes, 4L * 1024 * 1024)]
    public void From_SizeGiven_TargetsIt(string mode, string miniBatch, MiniBatchUnit unit, long value)
    {
        // Arrange
        var json = $$"""{ "input": { "location": "data", {{mode.Trim('{', '}', ' ')}} }, "miniBatch": {{miniBatch}}, "model": { "location": "m.onnx" } }""";
        var spec = RunSpecSerializer.Parse(json);

        // Act
        var target = MiniBatchTarget.From(spec, totalBytes: 1L << 30, totalFiles: 1);

        // Assert
        Assert.Equal(new MiniBatchTarget(unit, value), target);
    }

    [Fact]
    public void Serialize_DefaultSpec_RoundTrips()
    {
        // Arrange
        var spec = RunSpecSerializer.Parse("""{ "input": { "location": "data" }, "model": { "location": "m.onnx" } }""");

        // Act
        var again = RunSpecSerializer.Parse(RunSpecSerializer.Serialize(spec));

        // Assert
        Assert.Equal(RunSpecSerializer.Serialize(spec), RunSpecSerializer.Serialize(again));
    }
}
