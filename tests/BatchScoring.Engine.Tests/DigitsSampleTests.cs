using System.Globalization;
using System.Text.Json;
using BatchScoring.Engine.Testing;
using BatchScoring.Storage.Formats.ParquetFiles;
using BatchScoring.Tests;
using nietras.SeparatedValues;

namespace BatchScoring.Engine.Tests;

/// <summary>The committed digits samples, scored end to end, agree with scikit-learn's own predictions.</summary>
public sealed class DigitsSampleTests
{
    private static readonly double ExpectedAccuracy = JsonDocument.Parse(File.ReadAllText(Repo.PathOf("samples/models/digits-mlp.metrics.json"))).RootElement.GetProperty("accuracyAll").GetDouble();

    [Fact]
    public async Task TabularCsvSample_ScoredEndToEnd_MatchesScikitLearnRowByRow()
    {
        using var temp = new TempFolder().CopyFromRepo("samples/digits-tabular/data", "samples/models");
        await using var fixture = new EngineFixture(temp.Path);
        var spec = EngineFixture.LoadSpec("samples/digits-tabular/spec.json");

        var result = await DirectRun.RunAsync(fixture.Engine, spec, "test-" + Guid.NewGuid().ToString("N"));

        Assert.Equal(1797, result.ItemsScored);
        Assert.Equal(0, result.ItemsFailed);
        Assert.Equal(8, result.MiniBatches); // 250 rows each
        var rows = ReadCsv(fixture.Store.GetFullPath(spec.Output.Path));
        AssertAgreesWithScikitLearn(rows.Select(r => (long.Parse(r["id"], CultureInfo.InvariantCulture), int.Parse(r["predicted"], CultureInfo.InvariantCulture), int.Parse(r["target"], CultureInfo.InvariantCulture))).ToList(), "samples/digits-tabular/expected/sklearn-predictions.csv", "id");
        Assert.Equal(Enumerable.Range(0, 1797).Select(i => i.ToString(CultureInfo.InvariantCulture)), rows.Select(r => r["id"]));
        Assert.All(rows, r => Assert.InRange(Enumerable.Range(0, 10).Sum(k => double.Parse(r[$"p_{k}"], CultureInfo.InvariantCulture)), 0.999, 1.001));
    }

    [Fact]
    public async Task TabularParquetSample_ScoredEndToEnd_MatchesScikitLearnRowByRow()
    {
        using var temp = new TempFolder().CopyFromRepo("samples/digits-tabular/data", "samples/models");
        await using var fixture = new EngineFixture(temp.Path);
        var spec = EngineFixture.LoadSpec("samples/digits-tabular/spec.parquet.json");

        var result = await DirectRun.RunAsync(fixture.Engine, spec, "test-" + Guid.NewGuid().ToString("N"));

        Assert.Equal(1797, result.ItemsScored);
        Assert.Equal(7, result.MiniBatches); // row groups 500/500/500/297 cut into 300+200 pieces; a 200 tail and the next 300 exceed 300, so no merging
        var schema = await fixture.Engine.GetOutputSchemaAsync(spec, await fixture.Engine.PlanAsync(spec));
        var ids = new List<long>();
        var predicted = new List<int>();
        var targets = new List<int>();
        await using var stream = File.OpenRead(fixture.Store.GetFullPath(spec.Output.Path));
        await foreach (var (columns, count) in ParquetResultReader.ReadAsync(stream, schema))
        {
            for (var r = 0; r < count; r++)
            {
                ids.Add(((long?[])columns[0].Values)[r]!.Value);
                targets.Add((int)((long?[])columns[1].Values)[r]!.Value);
                predicted.Add((int)((long?[])columns[2].Values)[r]!.Value);
                Assert.Equal(10, ((float[][])columns[3].Values)[r].Length);
            }
        }

        AssertAgreesWithScikitLearn(ids.Select((id, i) => (id, predicted[i], targets[i])).ToList(), "samples/digits-tabular/expected/sklearn-predictions.csv", "id");
        Assert.Equal(Enumerable.Range(0, 1797).Select(i => (long)i), ids);
    }

    [Fact]
    public async Task ImageSample_ScoredEndToEnd_MatchesScikitLearnFileByFile()
    {
        using var temp = new TempFolder().CopyFromRepo("samples/digits-images/images", "samples/models");
        await using var fixture = new EngineFixture(temp.Path);
        var spec = EngineFixture.LoadSpec("samples/digits-images/spec.json");

        var result = await DirectRun.RunAsync(fixture.Engine, spec, "test-" + Guid.NewGuid().ToString("N"));

        Assert.Equal(1797, result.ItemsScored);
        Assert.Equal(0, result.ItemsFailed);
        var lines = File.ReadAllLines(fixture.Store.GetFullPath(spec.Output.Path));
        var byFile = lines.Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Equal(byFile.Select(e => e.GetProperty("file").GetString()).Order(StringComparer.Ordinal), byFile.Select(e => e.GetProperty("file").GetString()));
        var expected = ReadCsv(Repo.PathOf("samples/digits-images/expected/sklearn-predictions.csv")).ToDictionary(r => r["file"]);
        var correct = 0;
        foreach (var e in byFile)
        {
            var name = Path.GetFileName(e.GetProperty("file").GetString()!);
            Assert.Equal(int.Parse(expected[name]["predicted"], CultureInfo.InvariantCulture), e.GetProperty("predicted").GetInt32());
            correct += int.Parse(expected[name]["target"], CultureInfo.InvariantCulture) == e.GetProperty("predicted").GetInt32() ? 1 : 0;
        }

        Assert.Equal(ExpectedAccuracy, correct / 1797.0, 6);
    }

    internal static List<Dictionary<string, string>> ReadCsv(string path)
    {
        using var reader = Sep.Reader(o => o with { Unescape = true }).FromFile(path);
        var names = reader.Header.ColNames.ToArray();
        var rows = new List<Dictionary<string, string>>();
        foreach (var row in reader)
        {
            var values = new Dictionary<string, string>(names.Length);
            for (var i = 0; i < names.Length; i++)
            {
                values[names[i]] = row[i].ToString();
            }

            rows.Add(values);
        }

        return rows;
    }

    private static void AssertAgreesWithScikitLearn(List<(long Id, int Predicted, int Target)> ours, string expectedPath, string key)
    {
        var expected = ReadCsv(Repo.PathOf(expectedPath)).ToDictionary(r => long.Parse(r[key], CultureInfo.InvariantCulture));
        Assert.Equal(expected.Count, ours.Count);
        var disagreements = ours.Where(o => int.Parse(expected[o.Id]["predicted"], CultureInfo.InvariantCulture) != o.Predicted).Select(o => o.Id).ToList();
        Assert.True(disagreements.Count == 0, $"rows disagreeing with scikit-learn: {string.Join(", ", disagreements.Take(20))}");
        var accuracy = ours.Count(o => o.Predicted == o.Target) / (double)ours.Count;
        Assert.Equal(ExpectedAccuracy, accuracy, 6);
    }
}
