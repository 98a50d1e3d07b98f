using BatchScoring.Core.Runs;
using BatchScoring.Tests;

namespace BatchScoring.Core.Tests.Runs;

public sealed class RunLayoutTests
{
    [Fact]
    [Trait(Behaviours.Trait, Behaviours.DataSafety)]
    public void Sidecars_OutputsWithOneBaseName_NeverShareAFile()
    {
        // Arrange
        string[] outputs = ["out/results.csv", "out/results.parquet", "out/results.jsonl", "out/results"];

        // Act
        var sidecars = outputs.SelectMany(o => new[] { RunLayout.ErrorsBeside(o), RunLayout.SummaryBeside(o) }).ToList();

        // Assert
        Assert.Equal(sidecars.Count, sidecars.Distinct(StringComparer.Ordinal).Count());
        Assert.Equal("out/results.csv.errors.jsonl", RunLayout.ErrorsBeside("out/results.csv"));
        Assert.Equal("out/results.csv.summary.json", RunLayout.SummaryBeside("out/results.csv"));
    }

    [Theory]
    [InlineData("out/results.csv.summary.json", "out/results.csv")]
    [InlineData("results.summary.json", "results")]
    [InlineData("out/results.csv", null)]
    [InlineData(".summary.json", null)]
    [InlineData("out/results.csv.summary.json.bak", null)]
    public void OutputOfSummary_Path_TheOutputItIsBesideOrNull(string path, string? output)
    {
        // Act
        var result = RunLayout.OutputOfSummary(path);

        // Assert
        Assert.Equal(output, result);
        if (result is not null)
        {
            Assert.Equal(path, RunLayout.SummaryBeside(result));
        }
    }

    [Theory]
    [Trait(Behaviours.Trait, Behaviours.DataSafety)]
    [InlineData("jl/scored.csv", true)]
    [InlineData("jl/scored.csv.errors.jsonl", true)]
    [InlineData("jl/scored.csv.summary.json", true)]
    [InlineData("jl/_staging/0123/errors/00000000.jsonl", true)]
    [InlineData("_staging/x.jsonl", true)]
    [InlineData("jl/other/_staging/x.jsonl", true)]
    [InlineData("jl/digits.jsonl", false)]
    [InlineData("jl/scored.errors.jsonl", false)]
    [InlineData("jl/not_staging/x.jsonl", false)]
    public void IsRunFile_PathBesideTheOutput_IsTheRunsOwnOrNot(string path, bool expected)
    {
        // Act
        var own = RunLayout.IsRunFile(path, "jl/scored.csv");

        // Assert
        Assert.Equal(expected, own);
    }
}
