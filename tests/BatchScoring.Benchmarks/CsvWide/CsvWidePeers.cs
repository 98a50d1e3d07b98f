using System.Diagnostics;
using System.Globalization;
using Microsoft.ML.OnnxRuntime;

namespace BatchScoring.Benchmarks.CsvWide;

/// <summary>
/// What a user would otherwise write, run as separate processes by <see cref="CsvWideBenchmark"/>:
/// (a) bare ONNX Runtime on tensors parsed beforehand (the limit), (b) the naive C# loop.
/// </summary>
internal static class CsvWidePeers
{
    private const int Batch = 1024;

    /// <summary>
    /// (a) Parses the whole CSV first (not timed), then times <c>Run</c> over batches of 1024 rows in three set-ups:
    /// one stream of calls with 1 intra-op thread, one with all cores, and one stream per core with 1 thread each.
    /// Prints one line per set-up, "bare TAB setup TAB seconds".
    /// </summary>
    public static int Bare(string csv, string model)
    {
        var (rows, pixels) = ParseAll(csv);
        var cores = Environment.ProcessorCount;
        Report("1 stream x 1 intra-op thread", Time(model, pixels, rows, streams: 1, threads: 1));
        Report($"1 stream x {cores} intra-op threads", Time(model, pixels, rows, streams: 1, threads: cores));
        Report($"{cores} streams x 1 intra-op thread", Time(model, pixels, rows, streams: cores, threads: 1));
        return 0;

        static void Report(string setup, TimeSpan time) =>
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"bare\t{setup}\t{time.TotalSeconds:F4}"));
    }

    /// <summary>
    /// (b) The naive loop: StreamReader, string.Split, int.Parse, ORT batches of 1024 (default session options),
    /// StreamWriter. Writes what <c>batchscore</c> writes for the same spec: id, label, probabilities_0..9.
    /// </summary>
    public static int Naive(string csv, string model, string output)
    {
        using var session = new InferenceSession(model);
        using var reader = new StreamReader(csv);
        using var writer = new StreamWriter(output);
        var header = reader.ReadLine()!.Split(',');
        writer.Write("id,label");
        for (var k = 0; k < 10; k++)
        {
            writer.Write($",probabilities_{k}");
        }

        writer.Write('\n');
        var width = header.Length - 1;
        var ids = new List<string>(Batch);
        var buffer = new byte[Batch * width];
        string? line;
        while ((line = reader.ReadLine()) is not null)
        {
            var fields = line.Split(',');
            var row = ids.Count;
            ids.Add(fields[0]);
            for (var c = 0; c < width; c++)
            {
                buffer[(row * width) + c] = (byte)int.Parse(fields[c + 1], CultureInfo.InvariantCulture);
            }

            if (ids.Count == Batch)
            {
                Flush(session, buffer, ids, width, writer);
            }
        }

        if (ids.Count > 0)
        {
            Flush(session, buffer, ids, width, writer);
        }

        return 0;
    }

    private static void Flush(InferenceSession session, byte[] buffer, List<string> ids, int width, StreamWriter writer)
    {
        using var input = OrtValue.CreateTensorValueFromMemory(buffer.AsSpan(0, ids.Count * width).ToArray(), [ids.Count, width]);
        using var outputs = session.Run(new RunOptions(), ["pixels"], [input], ["label", "probabilities"]);
        var labels = outputs[0].GetTensorDataAsSpan<long>();
        var probabilities = outputs[1].GetTensorDataAsSpan<float>();
        for (var i = 0; i < ids.Count; i++)
        {
            writer.Write(ids[i]);
            writer.Write(',');
            writer.Write(labels[i].ToString(CultureInfo.InvariantCulture));
            for (var k = 0; k < 10; k++)
            {
                writer.Write(',');
                writer.Write(probabilities[(i * 10) + k].ToString(CultureInfo.InvariantCulture));
            }

            writer.Write('\n');
        }

        ids.Clear();
    }

    private static (int Rows, byte[] Pixels) ParseAll(string csv)
    {
        var lines = File.ReadLines(csv).Skip(1).ToList();
        var pixels = new byte[lines.Count * CsvWideData.Width];
        Parallel.For(0, lines.Count, r =>
        {
            var fields = lines[r].Split(',');
            for (var c = 0; c < CsvWideData.Width; c++)
            {
                pixels[(r * CsvWideData.Width) + c] = byte.Parse(fields[c + 1], CultureInfo.InvariantCulture);
            }
        });
        return (lines.Count, pixels);
    }

    private static TimeSpan Time(string model, byte[] pixels, int rows, int streams, int threads)
    {
        using var options = new SessionOptions { IntraOpNumThreads = threads, InterOpNumThreads = 1, GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL };
        using var session = new InferenceSession(model, options);
        RunRange(session, pixels, 0, Math.Min(rows, 4 * Batch)); // warm-up
        var watch = Stopwatch.StartNew();
        var perStream = (rows + streams - 1) / streams;
        Parallel.For(0, streams, new ParallelOptions { MaxDegreeOfParallelism = streams }, s =>
            RunRange(session, pixels, s * perStream, Math.Min(rows, (s + 1) * perStream)));
        return watch.Elapsed;
    }

    private static void RunRange(InferenceSession session, byte[] pixels, int from, int to)
    {
        using var runOptions = new RunOptions();
        for (var start = from; start < to; start += Batch)
        {
            var n = Math.Min(Batch, to - start);
            using var input = OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, pixels.AsMemory(start * CsvWideData.Width, n * CsvWideData.Width), [n, CsvWideData.Width]);
            using var outputs = session.Run(runOptions, ["pixels"], [input], ["label", "probabilities"]);
        }
    }
}
