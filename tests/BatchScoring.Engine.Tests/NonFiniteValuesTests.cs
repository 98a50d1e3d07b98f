using BatchScoring.Core.Data;
using BatchScoring.Engine.Testing;
using BatchScoring.Tests;

namespace BatchScoring.Engine.Tests;

/// <summary>
/// Values the model's float32 input cannot hold (1e309, infinities, 1.5e300) are error records, end
/// to end through planning, reading, scoring and the commit, and never scored as NaN probabilities.
/// </summary>
public sealed class NonFiniteValuesTests
{
    [Theory]
    [Trait(Behaviours.Trait, Behaviours.BadInputData)]
    [InlineData("csv")]
    [InlineData("jsonl")]
    public async Task Run_NonFiniteOrOverflowingCells_ErrorRecordsAndNoNaNScored(string format)
    {
        using var temp = new TempFolder();
        var lines = File.ReadAllLines(Repo.PathOf("samples/digits-tabular/data/digits.csv")).Take(31).ToArray();
        var header = lines[0].Split(',');
        var rows = lines.Skip(1).Select(l => l.Split(',')).ToArray();
        var bad = new Dictionary<int, (string Column, string Value)>
        {
            [3] = ("pixel_5", "1e309"),
            [7] = ("pixel_10", "-inf"),
            [11] = ("pixel_20", "-Infinity"),
            [13] = ("pixel_30", "Infinity"),
            [17] = ("pixel_40", "1.5e300"),
        };
        if (format == "jsonl")
        {
            // JSON has no infinities: only the number that overflows float32 is a valid JSON number.
            bad = new() { [17] = ("pixel_40", "1.5e300"), [19] = ("pixel_41", "-1.5e300") };
        }

        foreach (var (row, (column, value)) in bad)
        {
            rows[row][Array.IndexOf(header, column)] = value;
        }

        temp.Write($"in/digits.{format}", format == "csv"
            ? string.Join('\n', [lines[0], .. rows.Select(r => string.Join(',', r))]) + "\n"
            : string.Concat(rows.Select(r => "{" + string.Join(',', header.Zip(r).Select(p => $"\"{p.First}\":{p.Second}")) + "}\n")));
        temp.Write("model.onnx", File.ReadAllBytes(Repo.PathOf("samples/models/digits-mlp.onnx")));
        var spec = EngineFixture.DigitsSpec("*", rows: 8);
        await using var fixture = new EngineFixture(temp.Path);

        var result = await DirectRun.RunAsync(fixture.Engine, spec, "non-finite");

        Assert.Equal(30 - bad.Count, result.ItemsScored);
        var errors = File.ReadAllLines(fixture.Store.GetFullPath(Core.Runs.RunLayout.ErrorsBeside(spec.Output.Path))).Select(ErrorRecordWriter.Parse).ToList();
        Assert.Equal(bad.Keys.Order().Select(r => $"in/digits.{format} row {r + 1}"), errors.Select(e => e.Item));
        Assert.All(errors, e => Assert.Equal(ErrorKind.InvalidValue, e.Kind));
        Assert.All(errors.Zip(bad.OrderBy(b => b.Key)), p => Assert.Contains($"'{p.Second.Value.Column}'", p.First.Message, StringComparison.Ordinal));
        var output = DigitsSampleTests.ReadCsv(fixture.Store.GetFullPath(spec.Output.Path));
        Assert.Equal(Enumerable.Range(0, 30).Where(i => !bad.ContainsKey(i)).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)), output.Select(r => r["id"]));
        Assert.All(output, r => Assert.All(Enumerable.Range(0, 10), k => Assert.True(double.IsFinite(double.Parse(r[$"p_{k}"], System.Globalization.CultureInfo.InvariantCulture)))));
    }
}
