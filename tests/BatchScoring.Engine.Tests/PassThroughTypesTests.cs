using System.Text.Json;
using BatchScoring.Core.Spec;
using BatchScoring.Engine.Testing;
using BatchScoring.Tests;

namespace BatchScoring.Engine.Tests;

/// <summary>
/// Pass-through values keep their type from JSON Lines to every output: numbers stay numbers, booleans booleans; a
/// Parquet output's columns get those types (read back by DuckDB, an independent reader). Before, JSON Lines ids came
/// back as strings ("0", "true") and a Parquet output typed them VARCHAR.
/// </summary>
public sealed class PassThroughTypesTests
{
    [Theory]
    [InlineData("out/results.jsonl")]
    [InlineData("out/results.parquet")]
    public async Task Run_JsonLinesNumbersAndBooleans_KeepTheirTypesInTheOutput(string output)
    {
        // Arrange: the digits as JSON Lines with a numeric id, a boolean and a fractional weight.
        using var temp = new TempFolder().CopyFromRepo("samples/models");
        var lines = File.ReadAllLines(Repo.PathOf("samples/digits-tabular/data/digits.csv"));
        var header = lines[0].Split(',');
        temp.Write("in/d.jsonl", string.Concat(lines.Skip(1).Take(100).Select((line, i) =>
            "{" + string.Join(',', header.Zip(line.Split(',')).Select(p => $"\"{p.First}\":{p.Second}")) + $",\"even\":{(i % 2 == 0 ? "true" : "false")},\"w\":{i / 4.0}" + "}\n")));
        await using var fixture = new EngineFixture(temp.Path);
        var spec = EngineFixture.LoadSpec("samples/digits-tabular/spec.json");
        spec = spec with
        {
            Input = spec.Input with { Location = "in", Glob = "*.jsonl", PassThroughColumns = ["id", "even", "w"] },
            Output = new OutputSpec { Path = output },
        };

        // Act
        var result = await DirectRun.RunAsync(fixture.Engine, spec, "test-" + Guid.NewGuid().ToString("N"));

        // Assert
        Assert.Equal(100, result.ItemsScored);
        var path = fixture.Store.GetFullPath(output);
        if (output.EndsWith(".jsonl", StringComparison.Ordinal))
        {
            var rows = File.ReadAllLines(path).Select(l => JsonDocument.Parse(l).RootElement).ToList();
            Assert.All(rows, r => Assert.Equal(JsonValueKind.Number, r.GetProperty("id").ValueKind));
            Assert.Equal(Enumerable.Range(0, 100).Select(i => (long)i), rows.Select(r => r.GetProperty("id").GetInt64()));
            Assert.Equal(Enumerable.Range(0, 100).Select(i => i % 2 == 0), rows.Select(r => r.GetProperty("even").GetBoolean()));
            Assert.Equal(Enumerable.Range(0, 100).Select(i => i / 4.0), rows.Select(r => r.GetProperty("w").GetDouble()));
        }
        else
        {
            var summary = DuckDb.Summarise(path);
            var types = summary.GetProperty("columns").EnumerateArray().ToDictionary(c => c.GetProperty("name").GetString()!, c => c.GetProperty("type").GetString());
            Assert.Equal("BIGINT", types["id"]);
            Assert.Equal("BOOLEAN", types["even"]);
            Assert.Equal("DOUBLE", types["w"]);
            Assert.Equal(99, summary.GetProperty("lastRow").GetProperty("id").GetInt64());
            Assert.Equal(24.75, summary.GetProperty("lastRow").GetProperty("w").GetDouble());
        }
    }
}
