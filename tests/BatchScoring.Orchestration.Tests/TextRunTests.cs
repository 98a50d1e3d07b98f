using System.Text.Json;
using BatchScoring.Core.Spec;
using BatchScoring.Orchestration.Contracts;
using BatchScoring.Tests;
using Microsoft.DurableTask.Client;

namespace BatchScoring.Orchestration.Tests;

/// <summary>A text run through the orchestration: what the text scorer counts reaches the run summary.</summary>
public sealed class TextRunTests
{
    [Fact]
    public async Task Run_OverLongTextsInTwoMiniBatches_TruncatedAndCountedInSummary()
    {
        // Arrange: the toy text model of the ONNX tests; texts of up to 3 tokens fit, two are longer.
        await using var fixture = await OrchestrationFixture.StartAsync(new TempFolder().CopyFromRepo("tests/fixtures/models/text-embed.onnx", "tests/fixtures/text/vocab.txt"));
        fixture.Folder.Write("in/texts.csv", "id,text\n1,the cat\n2,the cat sat on the mat\n3,a dog\n4,a fast dog ran\n5,\n");
        var spec = new RunSpec
        {
            Name = "text",
            Input = new InputSpec { Location = "in", Glob = "*.csv", Mode = InputMode.Tabular, PassThroughColumns = ["id"] },
            MiniBatch = new MiniBatchSpec { Rows = 3 },
            Model = new ModelSpec
            {
                Location = "tests/fixtures/models/text-embed.onnx",
                Text = new TextModelSpec { Column = "text", Vocabulary = "tests/fixtures/text/vocab.txt", MaxSequenceLength = 5 },
            },
            Scorer = new ScorerSpec { Type = ScorerSpec.OnnxText },
            Output = new OutputSpec { Path = "out/vectors.jsonl" },
        };

        // Act
        var run = await fixture.RunAsync(spec);

        // Assert
        Assert.Equal(OrchestrationRuntimeStatus.Completed, run.RuntimeStatus);
        var result = run.ReadOutputAs<ScoringRunResult>()!;
        using var summary = JsonDocument.Parse(fixture.Read(result.SummaryPath));
        var items = summary.RootElement.GetProperty("items");
        Assert.Equal(4, items.GetProperty("scored").GetInt64());
        Assert.Equal(1, items.GetProperty("failed").GetInt64());
        Assert.Equal(2, items.GetProperty("truncated").GetInt64());
        var rows = fixture.Read("out/vectors.jsonl").Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Equal(["1", "2", "3", "4"], rows.Select(r => r.GetProperty("id").GetString()));
        Assert.All(rows, r => Assert.Equal(4, r.GetProperty("embedding").GetArrayLength()));
        Assert.Contains("\"kind\":\"empty\"", fixture.Read(BatchScoring.Core.Runs.RunLayout.ErrorsBeside("out/vectors.jsonl")), StringComparison.Ordinal);
    }
}
