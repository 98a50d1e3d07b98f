using BatchScoring.Core.Data;
using BatchScoring.Core.Planning;
using BatchScoring.Core.Scoring;
using BatchScoring.Core.Spec;
using BatchScoring.Storage.Formats;
using BatchScoring.Storage.Formats.Csv;
using BatchScoring.Storage.Local;
using BatchScoring.Tests;
using Microsoft.Extensions.Logging.Abstractions;

namespace BatchScoring.Onnx.Tests;

internal static class Scorers
{
    public static string Model(string name) => Repo.PathOf($"tests/fixtures/models/{name}");

    public static async Task<T> InitialiseAsync<T>(T scorer, string model, ModelSpec? spec = null, InputMode mode = InputMode.Tabular)
        where T : IMiniBatchScorer
    {
        var run = new RunSpec { Input = new InputSpec { Location = "in", Mode = mode }, Model = spec ?? new ModelSpec() };
        await scorer.InitializeAsync(new ScorerContext(run, Model(model), new Dictionary<string, string>(), NullLoggerFactory.Instance));
        return scorer;
    }

    /// <summary>The rows of a CSV text (header first) read as the scorer asks (its feature inputs, in their element types), as one chunk.</summary>
    public static async Task<TabularBatch> TableAsync(IMiniBatchScorer scorer, string csv, bool allowNonFinite = false)
    {
        using var temp = new TempFolder();
        temp.Write("t.csv", csv);
        var header = csv.IndexOf('\n', StringComparison.Ordinal) + 1;
        var rows = csv[header..].Split('\n', StringSplitOptions.RemoveEmptyEntries).Length;
        var slice = new InputSlice("t.csv", 0, rows, header, System.Text.Encoding.UTF8.GetByteCount(csv));
        var request = new TabularReadRequest(scorer.FeatureInputs, [], allowNonFinite);
        TabularBatch? batch = null;
        await foreach (var chunk in new CsvReader().ReadAsync(new LocalBlobStore(temp.Path), slice, request))
        {
            Assert.Null(batch); // one chunk
            batch = chunk;
        }

        return batch!;
    }
}
