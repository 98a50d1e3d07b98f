using BatchScoring.Core.Runs;

namespace BatchScoring.Core.Tests.Runs;

public class OutputPathTemplateTests
{
    private static readonly DateTime RunDate = new(2026, 3, 4, 5, 6, 7, DateTimeKind.Utc);

    [Theory]
    [InlineData("out/results.csv", "out/results.csv")]
    [InlineData("out/{runDate}/r.csv", "out/2026-03-04/r.csv")]
    [InlineData("out/{runDate:yyyy/MM/dd}/{runId}.parquet", "out/2026/03/04/nightly-20260304T050607Z-1a2b.parquet")]
    [InlineData("out/{runDate:yyyyMMdd_HHmmss}-{runId}.csv", "out/20260304_050607-nightly-20260304T050607Z-1a2b.csv")]
    public void Resolve_Tokens_ReplacedByTheRunsDateAndId(string template, string expected) =>
        Assert.Equal(expected, OutputPathTemplate.Resolve(template, RunDate, "nightly-20260304T050607Z-1a2b"));

    [Fact]
    public void Resolve_RunIdWithSlashesOrSpaces_KeepsOnePathSegment() =>
        Assert.Equal("out/a_b_c.csv", OutputPathTemplate.Resolve("out/{runId}.csv", RunDate, "a/b c"));

    [Theory]
    [InlineData("out/{runDate:yyyy/MM}/{runId}.csv")]
    [InlineData("out/results.csv")]
    public void Problems_GoodPaths_None(string path) => Assert.Empty(OutputPathTemplate.Problems(path));

    [Theory]
    [InlineData("out/{date}.csv", "'{date}' is not a token; the tokens are {runDate}, {runDate:FORMAT} and {runId}")]
    [InlineData("out/{runId:N}.csv", "'{runId:N}': {runId} takes no format")]
    [InlineData("out/{runDate:tt}.csv", "'{runDate:tt}': a {runDate} format may hold yyyy, MM, dd, HH, mm, ss and the separators - _ . /")]
    [InlineData("out/{runId.csv", "a '{' or '}' outside a token")]
    [InlineData("{runId}/r.csv", "the first folder (the container on Azure) must be a name, not a token")]
    public void Problems_BadTemplate_NamesTheToken(string path, string expected) =>
        Assert.Equal([expected], OutputPathTemplate.Problems(path));

    [Theory]
    [InlineData("out/{runDate:yyyy/MM/dd}/{runId}.csv", "out")]
    [InlineData("data/out/x{runId}.csv", "data/out")]
    [InlineData("out/results.csv", "out")]
    public void FixedFolder_IsThePathBeforeTheFirstTokensFolder(string path, string expected) =>
        Assert.Equal(expected, OutputPathTemplate.FixedFolder(path));
}
