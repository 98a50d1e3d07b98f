using BatchScoring.Core.Data;
using BatchScoring.Core.Scoring;
using BatchScoring.Core.Spec;
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

    public static TabularBatch Table(params (string Name, double[] Values)[] columns)
    {
        var rows = columns[0].Values.Length;
        return new TabularBatch("t.csv", rows, Enumerable.Range(0, rows).Select(i => (long)i).ToArray(), columns.Select(c => new NumericColumn(c.Name, c.Values)).ToList(), [], new ItemError?[rows]);
    }
}
