using System.Text.Json;
using BatchScoring.Core.Data;
using BatchScoring.Core.Runs;
using BatchScoring.Engine.Testing;
using BatchScoring.Tests;

namespace BatchScoring.Engine.Tests;

/// <summary>Corrupted items become error records with reasons; every other item is still scored.</summary>
public sealed class CorruptedItemsTests
{
    [Fact]
    public async Task ScoreMiniBatch_TruncatedAndEmptyImages_OnlyThoseAreErrorRecords()
    {
        using var temp = new TempFolder();
        var images = Directory.GetFiles(Repo.PathOf("samples/digits-images/images"), "*.png").Order(StringComparer.Ordinal).Take(40).ToList();
        foreach (var image in images)
        {
            File.Copy(image, Path.Combine(Directory.CreateDirectory(Path.Combine(temp.Path, "in")).FullName, Path.GetFileName(image)));
        }

        var png = File.ReadAllBytes(images[0]);
        temp.Write("in/truncated.png", png[..(png.Length / 2)]);
        temp.Write("in/empty.png", []);
        File.Copy(Repo.PathOf("samples/models/digits-mlp.onnx"), Path.Combine(temp.Path, "model.onnx"));
        var spec = EngineFixture.LoadSpec("samples/digits-images/spec.json");
        spec = spec with
        {
            Input = spec.Input with { Location = "in" },
            MiniBatch = spec.MiniBatch with { Files = 16 },
            Model = spec.Model with { Location = "model.onnx" },
            Output = spec.Output with { Path = "out/results.jsonl" },
        };
        await using var fixture = new EngineFixture(temp.Path);

        var result = await DirectRun.RunAsync(fixture.Engine, spec, "corrupt");

        Assert.Equal(40, result.ItemsScored);
        Assert.Equal(2, result.ItemsFailed);
        var errors = ReadErrors(Path.Combine(temp.Path, RunLayout.ErrorsBeside("out/results.jsonl")));
        Assert.Equal(["in/empty.png", "in/truncated.png"], errors.Select(e => e.Item).Order(StringComparer.Ordinal));
        Assert.Equal(ErrorKind.Empty, errors.Single(e => e.Item == "in/empty.png").Kind);
        Assert.Contains("truncated", errors.Single(e => e.Item == "in/truncated.png").Message, StringComparison.Ordinal);
        var scoredFiles = File.ReadAllLines(Path.Combine(temp.Path, "out/results.jsonl")).Select(l => JsonDocument.Parse(l).RootElement.GetProperty("file").GetString()).ToList();
        Assert.Equal(images.Select(i => "in/" + Path.GetFileName(i)), scoredFiles);
    }

    [Fact]
    public async Task ScoreMiniBatch_LetterInPixelColumn_OnlyThatRowIsAnErrorRecord()
    {
        using var temp = new TempFolder();
        var lines = File.ReadAllLines(Repo.PathOf("samples/digits-tabular/data/digits.csv")).Take(301).ToArray();
        var fields = lines[123].Split(',');
        fields[10] = "x"; // pixel_9 (column 0 is id) of data row 123 (id 122)
        lines[123] = string.Join(',', fields);
        temp.Write("in/digits.csv", string.Join('\n', lines) + "\n");
        File.Copy(Repo.PathOf("samples/models/digits-mlp.onnx"), Path.Combine(temp.Path, "model.onnx"));
        var spec = EngineFixture.LoadSpec("samples/digits-tabular/spec.json");
        spec = spec with
        {
            Input = spec.Input with { Location = "in" },
            MiniBatch = spec.MiniBatch with { Rows = 64 },
            Model = spec.Model with { Location = "model.onnx" },
            Output = spec.Output with { Path = "out/results.csv" },
        };
        await using var fixture = new EngineFixture(temp.Path);

        var result = await DirectRun.RunAsync(fixture.Engine, spec, "corrupt");

        Assert.Equal(299, result.ItemsScored);
        var error = Assert.Single(ReadErrors(Path.Combine(temp.Path, RunLayout.ErrorsBeside("out/results.csv"))));
        Assert.Equal(new ErrorRecord(1, "in/digits.csv row 123", ErrorKind.InvalidValue, "column 'pixel_9' is not a number: 'x'"), error);
        var ids = DigitsSampleTests.ReadCsv(Path.Combine(temp.Path, "out/results.csv")).Select(r => int.Parse(r["id"], System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(Enumerable.Range(0, 300).Where(i => i != 122), ids);
    }

    private static List<ErrorRecord> ReadErrors(string path) =>
        File.ReadAllLines(path).Select(ErrorRecordWriter.Parse).ToList();
}
