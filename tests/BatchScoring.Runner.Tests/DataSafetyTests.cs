using BatchScoring.Core.Runs;
using BatchScoring.Tests;

namespace BatchScoring.Runner.Tests;

/// <summary>
/// Data safety as a user meets it with <c>batchscore run</c>: specs that would destroy an input are refused before anything
/// runs, a run with nothing to score fails, and a failed rerun says that the output beside it is an earlier run's.
/// </summary>
public sealed class DataSafetyTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(90);

    [Theory]
    [Trait(Behaviours.Trait, Behaviours.DataSafety)]
    [InlineData("base", "*.csv", "base//digits.csv", "lies among the inputs")]
    [InlineData("base/digits.csv", "*.csv", "base//digits.csv", "is the input itself")]
    public async Task Run_OutputIsAnInputInAnotherSpelling_RefusedAndInputUntouched(string location, string glob, string output, string reason)
    {
        using var temp = Digits();
        temp.Write("base/digits.csv", File.ReadAllBytes(Path.Combine(temp.Path, "data", "digits.csv")));
        var before = File.ReadAllBytes(Path.Combine(temp.Path, "base", "digits.csv"));
        temp.Write("spec.json", Spec(location, glob, output));

        var (code, text) = await Batchscore.RunAsync(temp.Path, null, Timeout, "run", "spec.json");

        Assert.True(code == 2, text);
        Assert.Contains($"output.path: {reason}", text, StringComparison.Ordinal);
        Assert.Equal(before, File.ReadAllBytes(Path.Combine(temp.Path, "base", "digits.csv")));
    }

    [Fact]
    [Trait(Behaviours.Trait, Behaviours.DataSafety)]
    public async Task Run_FailedRerun_OutputUntouchedAndSaidToBeAnEarlierRuns()
    {
        using var temp = Digits();
        temp.Write("spec.json", Spec("data", "*.csv", "out/results.csv"));
        var (code, text) = await Batchscore.RunAsync(temp.Path, null, Timeout, "run", "spec.json");
        Assert.True(code == 0, text);
        var output = File.ReadAllBytes(Path.Combine(temp.Path, "out", "results.csv"));
        temp.Write("spec.json", Spec("data", "*.csv", "out/results.csv", model: "models/missing.onnx"));

        (code, text) = await Batchscore.RunAsync(temp.Path, null, Timeout, "run", "spec.json");

        Assert.True(code == 1, text);
        Assert.Matches($@"output +{System.Text.RegularExpressions.Regex.Escape(Path.Combine(temp.Path, "out/results.csv"))} is an earlier run's; this run wrote no output", text);
        Assert.Contains("error: model.location: 'models/missing.onnx' does not exist", text, StringComparison.Ordinal);
        Assert.Equal(output, File.ReadAllBytes(Path.Combine(temp.Path, "out", "results.csv")));
        Assert.Contains("\"status\": \"failed\"", File.ReadAllText(Path.Combine(temp.Path, RunLayout.SummaryBeside("out/results.csv"))), StringComparison.Ordinal);
    }

    [Theory]
    [Trait(Behaviours.Trait, Behaviours.InputSelection)]
    [InlineData("data", "*.parquet", "error: Nothing to score: input.location 'data' with glob '*.parquet' matches no file in local folder")]
    [InlineData("nowhere", "*.csv", "('nowhere' does not exist)")]
    public async Task Run_NothingMatched_ExitCode1NamingLocationAndGlob(string location, string glob, string message)
    {
        using var temp = Digits();
        temp.Write("spec.json", Spec(location, glob, "out/results.csv"));

        var (code, text) = await Batchscore.RunAsync(temp.Path, null, Timeout, "run", "spec.json");

        Assert.True(code == 1, text);
        Assert.Contains(message, text, StringComparison.Ordinal);
        Assert.Contains("input.allowEmpty", text, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(temp.Path, "out", "results.csv")));
    }

    [Fact]
    [Trait(Behaviours.Trait, Behaviours.ClearFailures)]
    public async Task Run_CsvMissingOnePixelColumn_FailsInSecondsNamingTheShape()
    {
        using var temp = Digits();
        var lines = File.ReadAllLines(Path.Combine(temp.Path, "data", "digits.csv"));
        var drop = Array.IndexOf(lines[0].Split(','), "pixel_63");
        temp.Write("data/digits.csv", string.Join('\n', lines.Select(l => string.Join(',', l.Split(',').Where((_, i) => i != drop)))) + "\n");
        temp.Write("spec.json", Spec("data", "*.csv", "out/results.csv"));

        var (code, text) = await Batchscore.RunAsync(temp.Path, null, TimeSpan.FromSeconds(30), "run", "spec.json");

        Assert.True(code == 1, text);
        Assert.Contains("error: model input 'pixels' takes 64 values per row, but the columns 'pixel_*' of 'data/digits.csv' give 63", text, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(temp.Path, "out", "results.csv")));
    }

    [Theory]
    [Trait(Behaviours.Trait, Behaviours.ClearFailures)]
    [InlineData("runs", "--hub", "scoring", "--storage", "garbage")]
    [InlineData("run", "spec.json", "--data-storage", "garbage")]
    public async Task Command_StorageThatIsNotAConnectionString_ExitCode2(params string[] args)
    {
        using var temp = Digits();
        temp.Write("spec.json", Spec("data", "*.csv", "out/results.csv"));

        var (code, text) = await Batchscore.RunAsync(temp.Path, null, Timeout, args);

        Assert.True(code == 2, text);
        Assert.Contains("is not a valid storage connection string", text, StringComparison.Ordinal);
    }

    [Fact]
    [Trait(Behaviours.Trait, Behaviours.ClearFailures)]
    public async Task Run_RootThatDoesNotExist_ExitCode2AndNothingCreated()
    {
        using var temp = Digits();
        temp.Write("spec.json", Spec("data", "*.csv", "out/results.csv"));
        var typo = Path.Combine(temp.Path, "dtaa");

        var (code, text) = await Batchscore.RunAsync(temp.Path, null, Timeout, "run", "spec.json", "--root", typo);

        Assert.True(code == 2, text);
        Assert.Contains($"error: --root '{typo}' does not exist", text, StringComparison.Ordinal);
        Assert.False(Directory.Exists(typo));
    }

    private static TempFolder Digits()
    {
        var temp = new TempFolder();
        temp.Write("data/digits.csv", File.ReadAllBytes(Repo.PathOf("samples/digits-tabular/data/digits.csv")));
        temp.Write("models/digits-mlp.onnx", File.ReadAllBytes(Repo.PathOf("samples/models/digits-mlp.onnx")));
        return temp;
    }

    private static string Spec(string location, string glob, string output, string model = "models/digits-mlp.onnx") => $$"""
        {
          "name": "digits-safety",
          "input": { "location": "{{location}}", "glob": "{{glob}}", "mode": "tabular", "passThroughColumns": ["id"] },
          "miniBatch": { "rows": 500 },
          "model": {
            "location": "{{model}}",
            "inputs": [{ "name": "pixels", "columns": ["pixel_*"] }],
            "outputs": [{ "name": "label", "kind": "label", "column": "predicted" }]
          },
          "output": { "path": "{{output}}" }
        }
        """;
}
