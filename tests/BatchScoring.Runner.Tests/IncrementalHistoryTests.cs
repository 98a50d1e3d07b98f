using System.Text.Json;
using BatchScoring.Tests;

namespace BatchScoring.Runner.Tests;

/// <summary>
/// A nightly series as a user runs it with <c>batchscore run</c> (execution.incremental, an output path per run), and
/// what <c>batchscore history</c> then says about it. Checked against the ids the test wrote.
/// </summary>
public sealed class IncrementalHistoryTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(90);

    private const string Spec = """
        {
          "name": "nightly",
          "input": { "location": "in", "glob": "*.csv", "mode": "tabular", "passThroughColumns": ["id"] },
          "miniBatch": { "rows": 2 },
          "scorer": { "type": "noop" },
          "execution": { "incremental": true },
          "output": { "path": "out/{runDate:yyyy/MM/dd}/{runId}.csv" }
        }
        """;

    [Fact]
    public async Task RunAndHistory_FilesArrivingAndOneRewritten_EachVersionScoredOnceAndListed()
    {
        // Arrange
        using var temp = new TempFolder();
        temp.Write("nightly.json", Spec);
        temp.Write("in/a.csv", "id\n0\n1\n2\n");

        // Act: a.csv; then b.csv arrives; then nothing new; then a.csv is rewritten.
        var first = await RunAsync(temp);
        temp.Write("in/b.csv", "id\n7\n8\n");
        var second = await RunAsync(temp);
        var (nothingCode, nothingText) = await Batchscore.RunAsync(temp.Path, null, Timeout, "run", "nightly.json");
        temp.Write("in/a.csv", "id\n0\n1\n2\n3\n");
        var fourth = await RunAsync(temp);
        var (historyCode, history) = await Batchscore.RunAsync(temp.Path, null, Timeout, "history", "nightly.json");
        var (inputCode, input) = await Batchscore.RunAsync(temp.Path, null, Timeout, "history", "nightly", "--outputs", "out", "--input", "in/a.csv", "--json");
        var (unknownCode, unknown) = await Batchscore.RunAsync(temp.Path, null, Timeout, "history", "weekly", "--outputs", "out");

        // Assert: each run's own file holds what was new when it ran, and nothing else.
        Assert.Equal(["0", "1", "2"], Ids(temp, first));
        Assert.Equal(["7", "8"], Ids(temp, second));
        Assert.Equal(["0", "1", "2", "3"], Ids(temp, fourth));
        Assert.True(nothingCode == 0, nothingText);
        Assert.Contains("series        nightly: 2 input(s) listed, 0 scored, 2 skipped (scored by an earlier run)", nothingText, StringComparison.Ordinal);
        Assert.Contains("output        (nothing new to score: no output)", nothingText, StringComparison.Ordinal);
        var report = nothingText.Split('\n').Single(l => l.TrimStart().StartsWith("report ", StringComparison.Ordinal)).Trim()["report".Length..].Trim();
        Assert.EndsWith(".csv.report.html", report, StringComparison.Ordinal);
        Assert.Contains("nightly: 2 input(s) seen, 2 skipped (scored by an earlier run), 0 scored", File.ReadAllText(report), StringComparison.Ordinal);

        Assert.True(historyCode == 0, history);
        Assert.Contains("series 'nightly': 3 committed run(s), ledger 'out/_ledger/nightly'", history, StringComparison.Ordinal);
        foreach (var output in new[] { first, second, fourth })
        {
            Assert.Contains(output, history, StringComparison.Ordinal);
        }

        Assert.True(inputCode == 0, input);
        var versions = JsonDocument.Parse(input).RootElement.EnumerateArray().ToList();
        Assert.Equal([first, fourth], versions.Select(v => v.GetProperty("output").GetString()));
        Assert.Equal([9L, 11L], versions.Select(v => v.GetProperty("size").GetInt64()));
        Assert.NotEqual(versions[0].GetProperty("eTag").GetString(), versions[1].GetProperty("eTag").GetString());
        Assert.Equal(4, unknownCode);
        Assert.Contains("error: series 'weekly' has no committed runs: nothing in its ledger 'out/_ledger/weekly'", unknown, StringComparison.Ordinal);
    }

    /// <summary>Runs the series once; returns its output's store path (out/...), read from what the run printed.</summary>
    private static async Task<string> RunAsync(TempFolder temp)
    {
        var (code, text) = await Batchscore.RunAsync(temp.Path, null, Timeout, "run", "nightly.json");
        Assert.True(code == 0, text);
        var line = text.Split('\n').Single(l => l.TrimStart().StartsWith("output ", StringComparison.Ordinal));
        var full = line.Trim()["output".Length..].Trim();
        return Path.GetRelativePath(temp.Path, full).Replace('\\', '/');
    }

    private static string[] Ids(TempFolder temp, string output) => File.ReadAllLines(Path.Combine(temp.Path, output)).Skip(1).ToArray();
}
