using System.Globalization;
using System.Text;
using System.Text.Json;
using BatchScoring.Core;
using BatchScoring.Core.Spec;
using BatchScoring.Engine.Testing;
using BatchScoring.Tests;

namespace BatchScoring.Engine.Tests;

/// <summary>
/// Features are mapped by name in every file, so a file whose columns (or a JSON object whose keys) come in another
/// order is scored right: every prediction is checked against scikit-learn's own for the same digit, an oracle that
/// never saw our reader. Before, the second file's rows were scored with the first file's column order, exit 0.
/// </summary>
public sealed class ColumnMappingRunTests
{
    private static readonly string[] Lines = File.ReadAllLines(Repo.PathOf("samples/digits-tabular/data/digits.csv"));

    [Fact]
    public async Task Run_CsvFilesWithColumnsInOtherOrders_EveryRowAgreesWithScikitLearn()
    {
        // Arrange: rows 0-899 as the sample has them; rows 900-1796 with the columns shuffled (897 rows, as reported).
        using var temp = new TempFolder().CopyFromRepo("samples/models");
        temp.Write("in/a.csv", Csv(Lines[0].Split(','), Lines.Skip(1).Take(900)));
        temp.Write("in/b.csv", Csv(Shuffled(Lines[0].Split(','), 20), Lines.Skip(901)));

        // Act
        var predictions = await RunAsync(temp, "*.csv", ["pixel_*"]);

        // Assert
        AssertAgreesWithScikitLearn(predictions);
    }

    [Fact]
    public async Task Run_HeaderSortedAsText_GlobTakesNumericOrderAndAgreesWithScikitLearn()
    {
        // Arrange: pixel_0, pixel_1, pixel_10, pixel_11, ... as a tool sorting names as text writes them.
        using var temp = new TempFolder().CopyFromRepo("samples/models");
        temp.Write("in/sorted.csv", Csv([.. Lines[0].Split(',').Order(StringComparer.Ordinal)], Lines.Skip(1)));

        // Act
        var predictions = await RunAsync(temp, "*.csv", ["pixel_*"]);

        // Assert
        AssertAgreesWithScikitLearn(predictions);
    }

    [Fact]
    public async Task Run_JsonLinesObjectsWithKeysInAnyOrder_EveryRowAgreesWithScikitLearn()
    {
        // Arrange: every object's keys in its own order; some reversed, as the report had them.
        using var temp = new TempFolder().CopyFromRepo("samples/models");
        var header = Lines[0].Split(',');
        var random = new Random(20);
        var objects = Lines.Skip(1).Select((line, i) =>
        {
            var pairs = header.Zip(line.Split(',')).ToArray();
            var order = i % 3 == 0 ? pairs.Reverse() : i % 3 == 1 ? pairs : pairs.OrderBy(_ => random.Next());
            return "{" + string.Join(',', order.Select(p => $"\"{p.First}\":{p.Second}")) + "}\n";
        });
        temp.Write("in/d.jsonl", string.Concat(objects));

        // Act
        var predictions = await RunAsync(temp, "*.jsonl", ["pixel_*"]);

        // Assert
        AssertAgreesWithScikitLearn(predictions);
    }

    [Fact]
    public async Task Run_GlobOfUnnumberedNames_FirstFilesOrderReadByNameInTheOthers()
    {
        // Arrange: the pixels renamed to words without numbers; their order is the first file's, and the second file
        // has them shuffled: read by name, it is scored exactly as the first file's order says.
        using var temp = new TempFolder().CopyFromRepo("samples/models");
        var header = Lines[0].Split(',').Select(c => c.StartsWith("pixel_", StringComparison.Ordinal) ? "f" + Word(int.Parse(c[6..], CultureInfo.InvariantCulture)) : c).ToArray();
        temp.Write("in/a.csv", Csv(header, Lines.Skip(1).Take(900), PixelOf));
        temp.Write("in/b.csv", Csv(Shuffled(header, 7), Lines.Skip(901), PixelOf));

        // Act
        var predictions = await RunAsync(temp, "*.csv", ["f*"]);

        // Assert
        AssertAgreesWithScikitLearn(predictions);
    }

    [Fact]
    public async Task Plan_FileWithAnExtraMatchingColumn_FailsNamingTheFileAndTheColumn()
    {
        // Arrange: b.csv has a pixel_64 the first file lacks (and one column fewer of the rest).
        using var temp = new TempFolder().CopyFromRepo("samples/models");
        temp.Write("in/a.csv", Csv(Lines[0].Split(','), Lines.Skip(1).Take(10)));
        temp.Write("in/b.csv", Csv([.. Lines[0].Split(',').Select(c => c == "pixel_5" ? "pixel_64" : c)], Lines.Skip(11).Take(10)));
        await using var fixture = new EngineFixture(temp.Path);

        // Act
        var e = await Assert.ThrowsAsync<BatchScoringException>(() => fixture.Engine.PlanAsync(Spec("*.csv", ["pixel_*"])));

        // Assert
        Assert.Equal("model.inputs: column 'pixel_5' is not in 'in/b.csv' (its columns: id, pixel_0, pixel_1, pixel_2, pixel_3, pixel_4, pixel_64, pixel_6, pixel_7, pixel_8, pixel_9, pixel_10, ... 66 in all).", e.Message);
    }

    [Fact]
    public async Task Plan_FileWithAColumnTheFirstLacks_FailsNamingTheFileAndTheColumn()
    {
        // Arrange: b.csv has every column of a.csv and one more that the glob matches.
        using var temp = new TempFolder().CopyFromRepo("samples/models");
        temp.Write("in/a.csv", Csv(Lines[0].Split(','), Lines.Skip(1).Take(10)));
        temp.Write("in/b.csv", Csv([.. Lines[0].Split(','), "pixel_64"], Lines.Skip(11).Take(10)));
        await using var fixture = new EngineFixture(temp.Path);

        // Act
        var e = await Assert.ThrowsAsync<BatchScoringException>(() => fixture.Engine.PlanAsync(Spec("*.csv", ["pixel_*"])));

        // Assert
        Assert.Equal("model.inputs: 'in/b.csv' has column 'pixel_64', which model input 'pixels' ('pixel_*') would read there but 'in/a.csv' lacks; every input file must give it the same columns.", e.Message);
    }

    [Fact]
    public async Task Plan_ColumnReadNamedTwice_FailsNamingTheColumnAndTheFile()
    {
        // Arrange
        using var temp = new TempFolder().CopyFromRepo("samples/models");
        temp.Write("in/a.csv", Csv([.. Lines[0].Split(',').Select(c => c == "pixel_9" ? "pixel_8" : c)], Lines.Skip(1).Take(10)));
        await using var fixture = new EngineFixture(temp.Path);

        // Act
        var e = await Assert.ThrowsAsync<BatchScoringException>(() => fixture.Engine.PlanAsync(Spec("*.csv", ["pixel_*"])));

        // Assert
        Assert.Equal("'in/a.csv' has two columns named 'pixel_8' (columns 10 and 11); rename one: which of them to read would be a guess.", e.Message);
    }

    [Fact]
    public async Task Run_CsvWithByteOrderMark_HeaderReadAndEveryRowScored()
    {
        // Arrange: a BOM before the header, as Excel's "CSV UTF-8" writes it (the first release read these).
        using var temp = new TempFolder().CopyFromRepo("samples/models");
        temp.Write("in/bom.csv", [0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes(Csv(Lines[0].Split(','), Lines.Skip(1)))]);

        // Act
        var predictions = await RunAsync(temp, "*.csv", ["pixel_*"]);

        // Assert
        AssertAgreesWithScikitLearn(predictions);
    }

    private static async Task<List<(long Id, int Predicted)>> RunAsync(TempFolder temp, string glob, IReadOnlyList<string> columns)
    {
        await using var fixture = new EngineFixture(temp.Path);
        var spec = Spec(glob, columns);
        var result = await DirectRun.RunAsync(fixture.Engine, spec, "test-" + Guid.NewGuid().ToString("N"));
        Assert.Equal(0, result.ItemsFailed);
        return File.ReadAllLines(fixture.Store.GetFullPath(spec.Output.Path))
            .Select(l => JsonDocument.Parse(l).RootElement)
            .Select(e => (e.GetProperty("id") is { ValueKind: JsonValueKind.String } id ? long.Parse(id.GetString()!, CultureInfo.InvariantCulture) : e.GetProperty("id").GetInt64(), e.GetProperty("predicted").GetInt32()))
            .ToList();
    }

    private static RunSpec Spec(string glob, IReadOnlyList<string> columns)
    {
        var spec = EngineFixture.LoadSpec("samples/digits-tabular/spec.json");
        return spec with
        {
            Input = spec.Input with { Location = "in", Glob = glob, PassThroughColumns = ["id"] },
            MiniBatch = new MiniBatchSpec { Rows = 100 },
            Model = spec.Model with { Inputs = [new ModelInputMapping { Name = "pixels", Columns = [.. columns] }] },
            Output = new OutputSpec { Path = "out/results.jsonl" },
        };
    }

    /// <summary>Every row's prediction is scikit-learn's for the same digit (its id).</summary>
    private static void AssertAgreesWithScikitLearn(List<(long Id, int Predicted)> ours)
    {
        var expected = File.ReadAllLines(Repo.PathOf("samples/digits-tabular/expected/sklearn-predictions.csv")).Skip(1)
            .Select(l => l.Split(','))
            .ToDictionary(f => long.Parse(f[0], CultureInfo.InvariantCulture), f => int.Parse(f[1], CultureInfo.InvariantCulture));
        Assert.Equal(1797, ours.Count);
        var wrong = ours.Where(o => expected[o.Id] != o.Predicted).Select(o => o.Id).ToList();
        Assert.True(wrong.Count == 0, $"{wrong.Count} rows disagree with scikit-learn: {string.Join(", ", wrong.Take(20))}");
    }

    /// <summary>
    /// The rows under <paramref name="header"/>, each value moved to where the header puts its column; a header name
    /// takes the values of the sample's column <paramref name="source"/> gives (the name itself by default).
    /// </summary>
    private static string Csv(string[] header, IEnumerable<string> rows, Func<string, string>? source = null)
    {
        var original = Lines[0].Split(',');
        var at = header.Select(h => Array.IndexOf(original, source?.Invoke(h) ?? h)).ToArray();
        var sb = new StringBuilder(string.Join(',', header)).Append('\n');
        foreach (var row in rows)
        {
            var values = row.Split(',');
            sb.Append(string.Join(',', at.Select(i => i >= 0 ? values[i] : "0"))).Append('\n');
        }

        return sb.ToString();
    }

    private static string[] Shuffled(string[] header, int seed)
    {
        var random = new Random(seed);
        return [.. header.OrderBy(_ => random.Next())];
    }

    /// <summary>A name without digits for pixel <paramref name="i"/>: two letters, in reverse alphabetical order of the pixels.</summary>
    private static string Word(int i) => new([(char)('a' + ((63 - i) / 8)), (char)('a' + ((63 - i) % 8))]);

    /// <summary>The pixel a word of <see cref="Word"/> names.</summary>
    private static string PixelOf(string name) =>
        name.Length == 3 && name[0] == 'f' ? $"pixel_{63 - (((name[1] - 'a') * 8) + (name[2] - 'a'))}" : name;
}
