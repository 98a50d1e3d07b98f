using BatchScoring.Core.Data;
using BatchScoring.Core.Planning;
using BatchScoring.Core.Scoring;
using BatchScoring.Core.Spec;
using BatchScoring.Onnx.Text;
using BatchScoring.Storage.Formats;
using BatchScoring.Storage.Formats.Jsonl;
using BatchScoring.Storage.Local;
using BatchScoring.Tests;
using Microsoft.Extensions.Logging.Abstractions;

namespace BatchScoring.Onnx.Tests.Text;

/// <summary>
/// The text fixtures: a toy vocabulary (tests/fixtures/text/vocab.txt) and models whose token vectors are rows of a
/// table indexed by token id, <c>[id, 1, id mod 7, 1 / (id + 1)]</c> (tests/fixtures/make_models.py), so every
/// expected vector can be computed from the token ids.
/// </summary>
internal static class TextScorers
{
    public static string Vocabulary => Repo.PathOf("tests/fixtures/text/vocab.txt");

    public static TextModelSpec Spec(string? column = "text") => new() { Column = column, Vocabulary = "vocab.txt" };

    public static async Task<OnnxTextScorer> InitialiseAsync(OnnxSessionPool pool, TextModelSpec text, string model = "text-embed.onnx", InputMode mode = InputMode.Tabular, int inferenceBatchSize = ModelSpec.DefaultInferenceBatchSize)
    {
        var run = new RunSpec
        {
            Input = new InputSpec { Location = "in", Mode = mode },
            Model = new ModelSpec { Location = model, Text = text, InferenceBatchSize = inferenceBatchSize },
            Scorer = new ScorerSpec { Type = ScorerSpec.OnnxText },
        };
        var scorer = new OnnxTextScorer(pool);
        await scorer.InitializeAsync(new ScorerContext(run, Scorers.Model(model), new Dictionary<string, string>(), NullLoggerFactory.Instance) { VocabularyPath = Vocabulary });
        return scorer;
    }

    /// <summary>JSON Lines text read as the engine reads it for the scorer (its text input, and 'id' passed through), as one chunk.</summary>
    public static async Task<TabularBatch> TableAsync(IMiniBatchScorer scorer, byte[] jsonl)
    {
        using var temp = new TempFolder();
        temp.Write("t.jsonl", jsonl);
        var rows = jsonl.Count(b => b == (byte)'\n');
        var request = new TabularReadRequest([], []) { Texts = scorer.TextInputs };
        TabularBatch? batch = null;
        await foreach (var chunk in new JsonLinesReader().ReadAsync(new LocalBlobStore(temp.Path), new InputSlice("t.jsonl", 0, rows, 0, jsonl.Length), request))
        {
            Assert.Null(batch); // one chunk
            batch = chunk;
        }

        return batch!;
    }

    /// <summary>One JSON Lines row per text, the texts as JSON strings.</summary>
    public static byte[] Jsonl(params string[] texts) =>
        System.Text.Encoding.UTF8.GetBytes(string.Concat(texts.Select(t => System.Text.Json.JsonSerializer.Serialize(new { text = t }) + "\n")));

    /// <summary>The mean of the fixture's token vectors of <paramref name="ids"/> ([CLS] and [SEP] included), L2-normalised.</summary>
    public static float[] Expected(params int[] ids)
    {
        var sum = new double[4];
        foreach (var id in ids)
        {
            sum[0] += id;
            sum[1] += 1;
            sum[2] += id % 7;
            sum[3] += 1.0 / (id + 1);
        }

        var mean = sum.Select(s => s / ids.Length).ToArray();
        var norm = Math.Sqrt(mean.Sum(v => v * v));
        return mean.Select(v => (float)(v / norm)).ToArray();
    }

    /// <summary>Cores as the engine lends them, as many as asked for: the parts of a chunk's work run at once, in no fixed order.</summary>
    public sealed class ManyCores(int threads) : IChunkCores
    {
        public Task ForEachAsync(int count, Action<int> body, CancellationToken cancellationToken) =>
            Parallel.ForAsync(0, count, new ParallelOptions { MaxDegreeOfParallelism = threads, CancellationToken = cancellationToken }, (i, _) =>
            {
                body(i);
                return ValueTask.CompletedTask;
            });
    }
}
