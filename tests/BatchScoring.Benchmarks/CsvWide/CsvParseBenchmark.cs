using System.Diagnostics;
using System.Globalization;
using BatchScoring.Core.Data;
using BatchScoring.Core.Planning;
using BatchScoring.Storage.Formats;
using BatchScoring.Storage.Formats.Csv;
using BatchScoring.Storage.Local;
using nietras.SeparatedValues;

namespace BatchScoring.Benchmarks.CsvWide;

/// <summary>
/// csv-parse: how fast one core turns the csv-wide CSV into uint8 features, in this process, file cached: the engine's
/// CSV reader (split into chunks, then decode), against Sep (the CSV library the reader used before) parsing the same
/// cells into bytes with its own span parser. Prints MB/s and rows/s for each, best of three passes.
/// </summary>
internal static class CsvParseBenchmark
{
    private static TimeSpan DecodeTime { get; set; }

    public static async Task<int> RunAsync(int rows)
    {
        await CsvWideData.EnsureAsync(rows);
        var path = CsvWideData.InputPath(rows);
        var bytes = new FileInfo(path).Length;
        var store = new LocalBlobStore(CsvWideData.InputFolder(rows));
        var header = File.ReadLines(path).First().Length + 1;
        var slice = new InputSlice("pixels.csv", 0, rows, header, bytes);
        var request = new TabularReadRequest([new FeatureInput("pixels", ["pixel_*"], FeatureElementType.UInt8, CsvWideData.Width)], ["id"]);
        var reader = new CsvReader();

        var split = Best(3, () => Split(reader, store, slice, request, decode: false));
        var engine = Best(3, () => Split(reader, store, slice, request, decode: true));
        DecodeTime = TimeSpan.MaxValue;
        var decodeOnly = TimeSpan.MaxValue;
        for (var i = 0; i < 3; i++)
        {
            DecodeTime = TimeSpan.Zero;
            Split(reader, store, slice, request, decode: true);
            decodeOnly = DecodeTime < decodeOnly ? DecodeTime : decodeOnly;
        }

        var sep = Best(3, () => SepParse(path, rows));
        var plan = Best(3, () => Plan(rows));
        Report("engine reader: split only (read, cut, count)", split, bytes, rows);
        Report("engine reader: split + decode into uint8 blocks", engine, bytes, rows);
        Report("engine reader: decode alone (one core's share)", decodeOnly, bytes, rows);
        Report("Sep 0.17.1: read + parse cells into bytes", sep, bytes, rows);
        Report("planner: record scan into 16 mini-batches", plan, bytes, rows);
        return 0;
    }

    private static void Report(string name, TimeSpan time, long bytes, int rows) =>
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {name,-52} {bytes / 1e6 / time.TotalSeconds,8:N0} MB/s  {rows / time.TotalSeconds,12:N0} rows/s"));

    private static TimeSpan Best(int passes, Func<long> pass)
    {
        var best = TimeSpan.MaxValue;
        for (var i = 0; i < passes; i++)
        {
            var watch = Stopwatch.StartNew();
            var count = pass();
            watch.Stop();
            if (count <= 0)
            {
                throw new InvalidOperationException("nothing parsed");
            }

            best = watch.Elapsed < best ? watch.Elapsed : best;
        }

        return best;
    }

    private static long Split(CsvReader reader, LocalBlobStore store, InputSlice slice, TabularReadRequest request, bool decode)
    {
        long rows = 0;
        var chunks = reader.SplitAsync(store, slice, request).GetAsyncEnumerator();
        while (chunks.MoveNextAsync().AsTask().GetAwaiter().GetResult())
        {
            using var chunk = chunks.Current;
            if (decode)
            {
                var watch = Stopwatch.StartNew();
                using var batch = chunk.DecodeAsync().AsTask().GetAwaiter().GetResult();
                DecodeTime += watch.Elapsed;
                rows += batch.RowCount;
            }
            else
            {
                rows += chunk.RowCount;
            }
        }

        return rows;
    }

    private static long Plan(int rows)
    {
        var spec = new BatchScoring.Core.Spec.RunSpec
        {
            Name = "plan",
            Input = new BatchScoring.Core.Spec.InputSpec { Location = $"in-{rows}", Glob = "*.csv", Mode = BatchScoring.Core.Spec.InputMode.Tabular },
            Model = new BatchScoring.Core.Spec.ModelSpec { Location = "m.onnx" },
            Output = new BatchScoring.Core.Spec.OutputSpec { Path = "out/results.csv" },
        };
        var plan = new BatchScoring.Storage.Planning.InputPlanner(new LocalBlobStore(CsvWideData.Folder)).PlanAsync(spec).GetAwaiter().GetResult();
        return plan.MiniBatches.Sum(m => m.Slices.Sum(s => s.RowCount)) == rows ? rows : -1;
    }

    private static long SepParse(string path, int rows)
    {
        var pixels = new byte[CsvWideData.Width];
        long count = 0;
        using var reader = Sep.Reader(o => o with { HasHeader = true }).FromFile(path);
        foreach (var row in reader)
        {
            for (var c = 0; c < CsvWideData.Width; c++)
            {
                pixels[c] = row[c + 1].Parse<byte>();
            }

            count++;
        }

        return count == rows ? count : -1;
    }
}

/// <summary>csv-engine: the scoring engine alone (DirectRun: plan, score, commit; no Durable engine) on the csv-wide input, twice (the second warm).</summary>
internal static class CsvEngineBenchmark
{
    public static async Task<int> RunAsync(int rows, string miniBatch, int? slots)
    {
        await CsvWideData.EnsureAsync(rows);
        await using var host = BatchScoring.Tests.ScoringHost.Create(CsvWideData.Folder, configure: o => o.CpuSlots = slots);
        var spec = new BatchScoring.Core.Spec.RunSpec
        {
            Name = "csv-engine",
            Input = new BatchScoring.Core.Spec.InputSpec { Location = $"in-{rows}", Glob = "*.csv", Mode = BatchScoring.Core.Spec.InputMode.Tabular, PassThroughColumns = ["id"] },
            MiniBatch = new BatchScoring.Core.Spec.MiniBatchSpec { Bytes = BatchScoring.Core.Spec.ByteSize.TryParse(miniBatch, out var size) ? size : throw new ArgumentException(miniBatch) },
            Model = new BatchScoring.Core.Spec.ModelSpec { Location = CsvWideData.ModelName },
            Output = new BatchScoring.Core.Spec.OutputSpec { Path = "out-engine/results.csv" },
        };
        for (var pass = 1; pass <= 2; pass++)
        {
            var watch = Stopwatch.StartNew();
            var result = await BatchScoring.Engine.Testing.DirectRun.RunAsync(host.Engine, spec, $"engine-{pass}");
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  pass {pass}: {result.MiniBatches} mini-batches of {miniBatch}, {result.ItemsScored:N0} rows in {watch.Elapsed.TotalSeconds:F2} s = {rows / watch.Elapsed.TotalSeconds:N0} rows/s"));
        }

        return 0;
    }
}
