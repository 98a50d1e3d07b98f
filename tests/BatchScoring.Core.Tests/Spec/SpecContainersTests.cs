using BatchScoring.Core.Runs;
using BatchScoring.Core.Spec;

namespace BatchScoring.Core.Tests.Spec;

/// <summary>Each path of a spec against the containers a deployment keeps its runs in.</summary>
public sealed class SpecContainersTests
{
    private static readonly SpecContainers Containers = new(Inputs: "inputs", Outputs: "outputs", Models: "specs");

    private static readonly RunSpec Valid = new()
    {
        Input = new InputSpec { Location = "inputs/churn", Glob = "**/*.csv", Mode = InputMode.Tabular, PartitionKeys = ["region"] },
        Model = new ModelSpec { Location = "specs/models/churn.onnx", Text = new TextModelSpec { Column = "text", Vocabulary = "specs/models/vocab.txt" } },
        Scorer = new ScorerSpec { SideInputs = new Dictionary<string, string> { ["labels"] = "specs/models/labels.json" } },
        Output = new OutputSpec { Path = "outputs/churn/results.parquet" },
    };

    [Fact]
    public void Check_EveryPathInItsContainer_ReportsNothing()
    {
        // Act
        var errors = Containers.Check(Valid);

        // Assert
        Assert.Empty(errors);
    }

    [Theory]
    [InlineData("inputs")]
    [InlineData("inputs/")]
    [InlineData("inputs//churn/")]
    [InlineData("inputs/churn/2025/part1.csv")]
    public void Check_InputTheContainerAFolderOrAFileInIt_ReportsNothing(string location)
    {
        // Arrange
        var spec = Valid with { Input = Valid.Input with { Location = location } };

        // Act
        var errors = Containers.Check(spec);

        // Assert
        Assert.Empty(errors);
    }

    [Theory]
    [InlineData("outputs/churn")]
    [InlineData("specs/models")]
    [InlineData("inputs-archive/churn")]
    [InlineData("input")]
    [InlineData("churn")]
    public void Check_InputInAnotherContainer_NamesTheFieldAndTheInputsContainer(string location)
    {
        // Arrange
        var spec = Valid with { Input = Valid.Input with { Location = location } };

        // Act
        var error = Assert.Single(Containers.Check(spec));

        // Assert
        Assert.Equal("input.location", error.Path);
        Assert.Equal($"must be in container 'inputs', where runs read their inputs ('inputs/...'), was '{location}'", error.Message);
    }

    [Theory]
    [InlineData("outputs/models/churn.onnx")]
    [InlineData("inputs/churn/churn.onnx")]
    [InlineData("specs")]
    [InlineData("specsx/churn.onnx")]
    public void Check_ModelOutsideTheModelsContainer_NamesTheFieldAndTheContainer(string location)
    {
        // Arrange
        var spec = Valid with { Model = Valid.Model with { Location = location } };

        // Act
        var error = Assert.Single(Containers.Check(spec));

        // Assert
        Assert.Equal("model.location", error.Path);
        Assert.Equal($"must be in container 'specs', where runs load models, vocabularies and side inputs from ('specs/...'), was '{location}'", error.Message);
    }

    [Fact]
    public void Check_VocabularyOutsideTheModelsContainer_NamesTheField()
    {
        // Arrange
        var spec = Valid with { Model = Valid.Model with { Text = Valid.Model.Text! with { Vocabulary = "outputs/vocab.txt" } } };

        // Act
        var error = Assert.Single(Containers.Check(spec));

        // Assert
        Assert.Equal("model.text.vocabulary", error.Path);
        Assert.StartsWith("must be in container 'specs'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_SideInputsOutsideTheModelsContainer_NamesEachByItsName()
    {
        // Arrange
        var spec = Valid with
        {
            Scorer = Valid.Scorer with
            {
                SideInputs = new Dictionary<string, string> { ["labels"] = "specs/labels.json", ["lookup"] = "inputs/lookup.csv", ["thresholds"] = "outputs/t.json" },
            },
        };

        // Act
        var errors = Containers.Check(spec);

        // Assert
        Assert.Equal(["scorer.sideInputs.lookup", "scorer.sideInputs.thresholds"], errors.Select(e => e.Path));
        Assert.All(errors, e => Assert.StartsWith("must be in container 'specs'", e.Message, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("inputs/churn/results.csv")]
    [InlineData("specs/results.csv")]
    [InlineData("other/results.csv")]
    [InlineData("results.csv")]
    [InlineData("outputs.csv")]
    public void Check_OutputOutsideTheOutputsContainer_NamesTheFieldAndTheOutputsContainer(string path)
    {
        // Arrange
        var spec = Valid with { Output = Valid.Output with { Path = path } };

        // Act
        var error = Assert.Single(Containers.Check(spec));

        // Assert
        Assert.Equal("output.path", error.Path);
        Assert.Equal($"must be in container 'outputs', the only one runs write to ('outputs/...'), was '{path}'", error.Message);
    }

    [Fact]
    public void Check_EveryPathElsewhere_ReportsEachField()
    {
        // Arrange
        var spec = Valid with
        {
            Input = Valid.Input with { Location = "outputs/churn" },
            Model = Valid.Model with { Location = "outputs/m.onnx", Text = Valid.Model.Text! with { Vocabulary = "inputs/vocab.txt" } },
            Scorer = Valid.Scorer with { SideInputs = new Dictionary<string, string> { ["labels"] = "inputs/labels.json" } },
            Output = Valid.Output with { Path = "inputs/churn/results.csv" },
        };

        // Act
        var errors = Containers.Check(spec);

        // Assert
        Assert.Equal(["input.location", "model.location", "model.text.vocabulary", "scorer.sideInputs.labels", "output.path"], errors.Select(e => e.Path));
    }

    [Fact]
    public void Check_BlankPaths_AreLeftToTheValidator()
    {
        // Arrange: a custom scorer needs no model; the validator reports a missing input or output.
        var spec = new RunSpec { Input = new InputSpec { Location = "" }, Output = new OutputSpec { Path = " " } };

        // Act
        var errors = Containers.Check(spec);

        // Assert
        Assert.Empty(errors);
    }

    [Theory]
    [InlineData("outputs/results.csv")]
    [InlineData("outputs/churn/2025/results.parquet")]
    [InlineData("outputs//churn/results.jsonl")]
    public void Check_OutputInTheOutputsContainer_EveryFileTheRunWritesBesideItIsThereToo(string path)
    {
        // Arrange
        var spec = Valid with { Output = Valid.Output with { Path = path } };
        var output = spec.WithCanonicalPaths().Output.Path;

        // Act
        var errors = Containers.Check(spec);
        string[] written =
        [
            RunLayout.ErrorsBeside(output), RunLayout.SummaryBeside(output), RunLayout.LockPath(output), RunLayout.StagingPrefix(output, "0123456789abcdef"),
        ];

        // Assert
        Assert.Empty(errors);
        Assert.All(written, w => Assert.True(SpecContainers.IsIn(w, "outputs"), $"{w} is outside the outputs container"));
    }
}
