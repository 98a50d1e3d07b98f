using System.Text.Json.Nodes;

using BatchScoring.Core.Spec;
using BatchScoring.Tests;

namespace BatchScoring.Core.Tests.Spec;

public class RunSpecSchemaTests
{
    private const string SchemaFile = "schemas/runspec.schema.json";

    /// <summary>
    /// The committed schema is what the records generate. Run with <c>UPDATE_SCHEMA=1</c> to rewrite it:
    /// <c>UPDATE_SCHEMA=1 dotnet test tests/BatchScoring.Core.Tests</c>.
    /// </summary>
    [Fact]
    public void CommittedSchema_MatchesRecords_IsUpToDate()
    {
        // Arrange
        var path = Repo.PathOf(SchemaFile);
        var generated = RunSpecSchema.Generate();
        if (Environment.GetEnvironmentVariable("UPDATE_SCHEMA") == "1")
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, generated);
        }

        // Act
        var committed = File.Exists(path) ? File.ReadAllText(path).ReplaceLineEndings("\n") : "";

        // Assert
        Assert.True(
            committed == generated,
            $"{SchemaFile} is out of date with the RunSpec records (or missing). Regenerate it with "
            + "'UPDATE_SCHEMA=1 dotnet test tests/BatchScoring.Core.Tests --filter CommittedSchema_MatchesRecords_IsUpToDate' and commit the result.");
    }

    [Fact]
    public void Generate_Always_IsDraft202012WithTitle()
    {
        // Act
        var schema = JsonNode.Parse(RunSpecSchema.Generate())!.AsObject();

        // Assert
        Assert.Equal("https://json-schema.org/draft/2020-12/schema", (string?)schema["$schema"]);
        Assert.Equal("BatchScoring run spec", (string?)schema["title"]);
        Assert.Equal("$schema", schema.First().Key);
        Assert.Equal("object", (string?)schema["type"]);
        Assert.False((bool)schema["additionalProperties"]!);
        Assert.StartsWith("A BatchScoring run spec", (string?)schema["description"], StringComparison.Ordinal);
    }

    [Fact]
    public void Generate_Always_IndentsWithNewlinesAndEndsWithNewline()
    {
        // Act
        var text = RunSpecSchema.Generate();

        // Assert
        Assert.DoesNotContain('\r', text);
        Assert.EndsWith("}\n", text, StringComparison.Ordinal);
        Assert.StartsWith("{\n  \"$schema\"", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Generate_RangeAttributes_BecomeBounds()
    {
        // Act
        var schema = JsonNode.Parse(RunSpecSchema.Generate())!;

        // Assert
        var percent = schema["properties"]!["failures"]!["properties"]!["allowedFailedPercent"]!;
        Assert.Equal(0, (double)percent["minimum"]!);
        Assert.Equal(100, (double)percent["maximum"]!);
        var threshold = schema["properties"]!["failures"]!["properties"]!["errorThreshold"]!.AsObject();
        Assert.Equal(-1, (long)threshold["minimum"]!);
        Assert.False(threshold.ContainsKey("maximum"));
        var scale = schema["properties"]!["model"]!["properties"]!["image"]!["properties"]!["scale"]!.AsObject();
        Assert.Equal(0, (long)scale["exclusiveMinimum"]!);
        Assert.False(scale.ContainsKey("minimum"));
        Assert.False(scale.ContainsKey("maximum"));
        var maxTries = schema["properties"]!["execution"]!["properties"]!["maxTries"]!;
        Assert.Equal(1, (long)maxTries["minimum"]!);
        Assert.Equal(100, (long)maxTries["maximum"]!);
        Assert.StartsWith("Tries per mini-batch", (string?)maxTries["description"], StringComparison.Ordinal);
    }

    [Fact]
    public void Generate_ByteSize_AcceptsIntegerOrString()
    {
        // Act
        var schema = JsonNode.Parse(RunSpecSchema.Generate())!;

        // Assert
        var bytes = schema["properties"]!["miniBatch"]!["properties"]!["bytes"]!;
        Assert.Equal(["integer", "string", "null"], bytes["type"]!.AsArray().Select(t => (string?)t));
        Assert.NotNull(bytes["description"]);
    }

    [Fact]
    public void Generate_Enums_ListCamelCaseNames()
    {
        // Act
        var schema = JsonNode.Parse(RunSpecSchema.Generate())!;

        // Assert
        var mode = schema["properties"]!["input"]!["properties"]!["mode"]!;
        Assert.Equal(["file", "tabular"], mode["enum"]!.AsArray().Select(t => (string?)t));
    }
}
