using System.Diagnostics;
using BatchScoring.Core;
using BatchScoring.Core.Spec;
using BatchScoring.Tests;

namespace BatchScoring.Engine.Tests;

/// <summary>
/// What would fail every mini-batch fails at planning, in seconds, with one message: a model ONNX
/// Runtime cannot load, a model input or output the model lacks, columns that do not fit the model input's shape.
/// </summary>
public sealed class PlanChecksTests
{
    public static TheoryData<string, string> BadRuns => new()
    {
        { "empty model", "could not be loaded by ONNX Runtime: " },
        { "random bytes", "could not be loaded by ONNX Runtime: " },
        { "unknown input", "model.inputs[0].name: the model has no input 'pixel' (its inputs: pixels)." },
        { "unknown output", "model.outputs[0].name: the model has no output 'labels' (its outputs: " },
        { "missing column", "model.inputs: column 'pixel_63' is not in 'in/b.csv' (its columns: " },
        { "missing json field", "model.inputs: column 'pixel_0' is not in 'in/c.jsonl' (its columns: " },
    };

    [Theory]
    [Trait(Behaviours.Trait, Behaviours.ClearFailures)]
    [MemberData(nameof(BadRuns))]
    public async Task Plan_ModelOrColumnsThatCannotScore_FailsAtOnceWithOneMessage(string fault, string message)
    {
        using var temp = new TempFolder();
        var lines = File.ReadAllLines(Repo.PathOf("samples/digits-tabular/data/digits.csv")).Take(41).ToArray();
        temp.Write("in/a.csv", string.Join('\n', lines) + "\n");
        var model = File.ReadAllBytes(Repo.PathOf("samples/models/digits-mlp.onnx"));
        var spec = EngineFixture.LoadSpec("samples/digits-tabular/spec.json");
        spec = spec with
        {
            Input = spec.Input with { Location = "in", Glob = "*", Format = null, PassThroughColumns = ["id"] },
            MiniBatch = new MiniBatchSpec { Rows = 10 },
            Model = spec.Model with { Location = "model.onnx" },
            Output = new OutputSpec { Path = "out/results.csv" },
        };
        switch (fault)
        {
            case "empty model":
                model = [];
                break;
            case "random bytes":
                new Random(11).NextBytes(model);
                break;
            case "unknown input":
                spec = spec with { Model = spec.Model with { Inputs = [new ModelInputMapping { Name = "pixel", Columns = ["pixel_*"] }] } };
                break;
            case "unknown output":
                spec = spec with { Model = spec.Model with { Outputs = [new ModelOutputMapping { Name = "labels", Kind = OutputKind.Label }] } };
                break;
            case "missing column":
                var last = Array.IndexOf(lines[0].Split(','), "pixel_63");
                temp.Write("in/b.csv", string.Join('\n', lines.Select(l => string.Join(',', l.Split(',').Where((_, i) => i != last)))) + "\n");
                break;
            default:
                var header = lines[0].Split(',');
                temp.Write("in/c.jsonl", string.Concat(lines.Skip(1).Select(l => "{" + string.Join(',', header.Zip(l.Split(',')).Where(p => p.First != "pixel_0" && p.First != "target").Select(p => $"\"{p.First}\":{p.Second}")) + "}\n")));
                break;
        }

        temp.Write("model.onnx", model);
        await using var fixture = new EngineFixture(temp.Path);
        var watch = Stopwatch.StartNew();

        var e = await Assert.ThrowsAsync<BatchScoringException>(() => fixture.Engine.PlanAsync(spec));

        Assert.Contains(message, e.Message, StringComparison.Ordinal);
        Assert.StartsWith(message.StartsWith("could not", StringComparison.Ordinal) ? "model.location: '" : message[..10], e.Message, StringComparison.Ordinal);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(30), $"took {watch.Elapsed}");
    }

    [Fact]
    [Trait(Behaviours.Trait, Behaviours.ClearFailures)]
    public async Task Plan_TextColumnNotInTheFile_FailsAtOnceNamingTheSetting()
    {
        using var temp = new TempFolder();
        temp.Write("in/a.jsonl", "{\"id\":\"1\",\"body\":\"the cat\"}\n");
        temp.Write("model.onnx", File.ReadAllBytes(Repo.PathOf("tests/fixtures/models/text-embed.onnx")));
        temp.Write("vocab.txt", File.ReadAllBytes(Repo.PathOf("tests/fixtures/text/vocab.txt")));
        var spec = RunSpecSerializer.Parse("""
            {
              "name": "text-column",
              "input": { "location": "in", "glob": "*.jsonl", "mode": "tabular", "passThroughColumns": ["id"] },
              "model": { "location": "model.onnx", "text": { "column": "text", "vocabulary": "vocab.txt" } },
              "scorer": { "type": "onnx-text" },
              "output": { "path": "out/e.parquet" }
            }
            """);
        await using var fixture = new EngineFixture(temp.Path);

        var e = await Assert.ThrowsAsync<BatchScoringException>(() => fixture.Engine.PlanAsync(spec));

        Assert.StartsWith("model.text.column: column 'text' is not in 'in/a.jsonl' (its columns: id, body)", e.Message, StringComparison.Ordinal);
    }
}
