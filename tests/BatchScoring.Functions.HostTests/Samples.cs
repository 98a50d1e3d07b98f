using System.Globalization;
using System.Text.Json.Nodes;
using BatchScoring.Tests;

namespace BatchScoring.Functions.HostTests;

/// <summary>
/// The digits sample (samples/digits-tabular) moved onto blob paths as the README's "Run the Functions app locally"
/// does it: data under <c>inputs/digits</c>, the model under <c>specs/models</c>, results under <c>outputs</c>.
/// </summary>
internal static class Samples
{
    public const string ModelBlob = "models/digits-mlp.onnx";

    public static byte[] Model => File.ReadAllBytes(Repo.PathOf("samples/models/digits-mlp.onnx"));

    public static string DigitsCsv => File.ReadAllText(Repo.PathOf("samples/digits-tabular/data/digits.csv"));

    /// <summary>The first <paramref name="rows"/> rows with one pixel of row <paramref name="badRow"/> not a number.</summary>
    public static string DigitsCsvWithABadValue(int rows, int badRow)
    {
        var lines = DigitsCsv.Split('\n', StringSplitOptions.RemoveEmptyEntries).Take(rows + 1).ToArray();
        var cells = lines[badRow + 1].Split(',');
        cells[4] = "x";
        lines[badRow + 1] = string.Join(',', cells);
        return string.Join('\n', lines) + "\n";
    }

    /// <summary>The sample spec with its input, model and output on blob paths; <paramref name="change"/> edits it further.</summary>
    public static JsonObject Spec(string name, string inputLocation, string outputPath, Action<JsonObject>? change = null)
    {
        var spec = JsonNode.Parse(File.ReadAllText(Repo.PathOf("samples/digits-tabular/spec.json")))!.AsObject();
        spec["name"] = name;
        spec["input"]!["location"] = inputLocation;
        spec["model"]!["location"] = $"specs/{ModelBlob}";
        spec["output"]!["path"] = outputPath;
        change?.Invoke(spec);
        return spec;
    }

    /// <summary>Every row of a scored digits CSV agrees with scikit-learn's prediction for its id; all 1,797 present.</summary>
    public static void AssertMatchesScikitLearn(string csv, string because)
    {
        var expected = Rows(File.ReadAllText(Repo.PathOf("samples/digits-tabular/expected/sklearn-predictions.csv")))
            .ToDictionary(r => r["id"], r => r["predicted"]);
        var actual = Rows(csv);
        Assert.True(actual.Count == expected.Count, $"{because}: {actual.Count} rows, expected {expected.Count}");
        var disagreeing = actual.Where(r => expected[r["id"]] != r["predicted"]).Select(r => r["id"]).ToList();
        Assert.True(disagreeing.Count == 0, $"{because}: rows disagreeing with scikit-learn: {string.Join(", ", disagreeing.Take(20))}");
        Assert.Equal(Enumerable.Range(0, expected.Count).Select(i => i.ToString(CultureInfo.InvariantCulture)), actual.Select(r => r["id"]));
    }

    /// <summary>A CSV of numbers (no quoting) as rows by column name.</summary>
    private static List<Dictionary<string, string>> Rows(string csv)
    {
        var lines = csv.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var header = lines[0].Split(',');
        return lines[1..].Select(l => header.Zip(l.Split(',')).ToDictionary(p => p.First, p => p.Second)).ToList();
    }
}
