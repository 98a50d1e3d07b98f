using BatchScoring.Core.Data;
using BatchScoring.Core.Spec;
using BatchScoring.Engine;
using BatchScoring.Onnx;
using BatchScoring.Storage.Formats;
using BatchScoring.Tests;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.ML.OnnxRuntime;
using Parquet;
using Parquet.Schema;

namespace BatchScoring.Benchmarks;

/// <summary>
/// The digits MLP over a generated Parquet file (64 float pixel columns, row groups of 100k): end-to-end scoring
/// against the sum of its parts measured in the same process (bare Parquet read, bare Run on prepared tensors,
/// bare CSV write of the same results).
/// </summary>
internal static class TabularBenchmark
{
    private const int RowGroup = 100_000;
    private const int Batch = 1024;

    public static async Task<int> RunAsync(int rows)
    {
        var root = Path.Combine(Path.GetTempPath(), "bs-bench-tabular");
        Directory.CreateDirectory(Path.Combine(root, "in"));
        var repo = FindRepo();
        File.Copy(Path.Combine(repo, "samples/models/digits-mlp.onnx"), Path.Combine(root, "model.onnx"), overwrite: true);
        var input = Path.Combine(root, "in", "digits.parquet");
        await GenerateAsync(Path.Combine(repo, "samples/digits-tabular/data/digits.csv"), input, rows);
        Console.WriteLine($"input: {rows:N0} rows x 64 float columns, {new FileInfo(input).Length / 1e6:F1} MB Parquet, row groups of {RowGroup:N0}");

        var spec = new RunSpec
        {
            Name = "bench",
            Input = new InputSpec { Location = "in", Glob = "*.parquet", Mode = InputMode.Tabular, PassThroughColumns = ["id"] },
            MiniBatch = new MiniBatchSpec { Rows = RowGroup },
            Model = new ModelSpec
            {
                Location = "model.onnx",
                InferenceBatchSize = Batch,
                IntraOpThreads = 1,
                Inputs = [new ModelInputMapping { Name = "pixels", Columns = ["pixel_*"] }],
                Outputs = [new ModelOutputMapping { Name = "label", Kind = OutputKind.Label }, new ModelOutputMapping { Name = "probabilities", Kind = OutputKind.Probabilities, Column = "p" }],
            },
            Execution = new ExecutionSpec { MaxParallelMiniBatches = 1 },
            Output = new OutputSpec { Path = "out/results.csv" },
        };

        // Warm-up: JIT and session creation are not what is measured.
        await using var host = ScoringHost.Create(root);
        var engine = host.Engine;
        var pool = host.Services.GetRequiredService<OnnxSessionPool>();
        await DirectRun.RunAsync(engine, spec with { Input = spec.Input with { Glob = "none" } }, "warm");

        var (read, pixels) = await BareReadAsync(input);
        var session = pool.Get(Path.Combine(root, "model.onnx"), spec.Model).Session;
        var (infer, labels, probabilities) = BareRun(session, pixels, rows);
        var write = await BareWriteAsync(Path.Combine(root, "bare.csv"), labels, probabilities, rows);
        var parts = read + infer + write;

        await DirectRun.RunAsync(engine, spec, "bench-warm"); // the engine's own read/write paths JIT-compiled and the file cached, as for the bare parts
        var endToEnd = await Measure.TimeAsync(() => DirectRun.RunAsync(engine, spec, "bench-1"));
        var parallel = await Measure.TimeAsync(() => DirectRun.RunAsync(engine, spec with { Execution = new ExecutionSpec { MaxParallelMiniBatches = 2 } }, "bench-2"));

        Console.WriteLine($"bare Parquet read        {Measure.Seconds(read),9}  {Measure.Rate(rows, read)}");
        Console.WriteLine($"bare Run (batch {Batch}, 1 thread) {Measure.Seconds(infer),9}  {Measure.Rate(rows, infer)}");
        Console.WriteLine($"bare CSV write           {Measure.Seconds(write),9}  {Measure.Rate(rows, write)}");
        Console.WriteLine($"sum of parts             {Measure.Seconds(parts),9}  {Measure.Rate(rows, parts)}");
        Console.WriteLine($"end to end, 1 in flight  {Measure.Seconds(endToEnd),9}  {Measure.Rate(rows, endToEnd)}  ratio to sum of parts {endToEnd / parts:F2}");
        Console.WriteLine($"end to end, 2 in flight  {Measure.Seconds(parallel),9}  {Measure.Rate(rows, parallel)}  ratio to sum of parts {parallel / parts:F2}");
        Console.WriteLine(Measure.PeakMemory());
        return 0;
    }

    private static string FindRepo()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Functions.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Run from inside the repository.");
    }

    private static async Task GenerateAsync(string csv, string output, int rows)
    {
        var digits = File.ReadLines(csv).Skip(1).Select(l => l.Split(',').Skip(1).Take(64).Select(float.Parse).ToArray()).ToArray();
        var fields = new List<DataField> { new DataField<long>("id") };
        fields.AddRange(Enumerable.Range(0, 64).Select(i => (DataField)new DataField<float>($"pixel_{i}")));
        await using var file = File.Create(output);
        await using var writer = await ParquetWriter.CreateAsync(new ParquetSchema(fields), file);
        for (var start = 0; start < rows; start += RowGroup)
        {
            var n = Math.Min(RowGroup, rows - start);
            using var group = writer.CreateRowGroup();
            await group.WriteAsync<long>(fields[0], Enumerable.Range(start, n).Select(i => (long)i).ToArray().AsMemory());
            for (var c = 0; c < 64; c++)
            {
                var values = new float[n];
                for (var r = 0; r < n; r++)
                {
                    values[r] = digits[(start + r) % digits.Length][c];
                }

                await group.WriteAsync<float>(fields[c + 1], values.AsMemory());
            }
        }
    }

    private static async Task<(TimeSpan Time, float[] Pixels)> BareReadAsync(string path)
    {
        float[] pixels = [];
        var time = await Measure.TimeAsync(async () =>
        {
            await using var stream = File.OpenRead(path);
            await using var reader = await ParquetReader.CreateAsync(stream);
            var fields = reader.Schema.DataFields;
            var total = reader.Metadata!.NumRows;
            pixels = new float[total * 64];
            long offset = 0;
            for (var g = 0; g < reader.RowGroupCount; g++)
            {
                using var group = reader.OpenRowGroupReader(g);
                var n = (int)group.RowCount;
                var ids = new long[n];
                await group.ReadAsync<long>(fields[0], ids.AsMemory());
                var column = new float[n];
                for (var c = 0; c < 64; c++)
                {
                    await group.ReadAsync<float>(fields[c + 1], column.AsMemory());
                    for (var r = 0; r < n; r++)
                    {
                        pixels[((offset + r) * 64) + c] = column[r];
                    }
                }

                offset += n;
            }
        });
        return (time, pixels);
    }

    private static (TimeSpan Time, long[] Labels, float[] Probabilities) BareRun(InferenceSession session, float[] pixels, int rows)
    {
        var labels = new long[rows];
        var probabilities = new float[rows * 10];
        var watch = System.Diagnostics.Stopwatch.StartNew();
        using var options = new RunOptions();
        for (var start = 0; start < rows; start += Batch)
        {
            var n = Math.Min(Batch, rows - start);
            using var tensor = OrtValue.CreateTensorValueFromMemory(pixels.AsMemory(start * 64, n * 64).ToArray(), [n, 64]);
            using var outputs = session.Run(options, ["pixels"], [tensor], ["label", "probabilities"]);
            outputs[0].GetTensorDataAsSpan<long>().CopyTo(labels.AsSpan(start));
            outputs[1].GetTensorDataAsSpan<float>().CopyTo(probabilities.AsSpan(start * 10));
        }

        return (watch.Elapsed, labels, probabilities);
    }

    private static async Task<TimeSpan> BareWriteAsync(string path, long[] labels, float[] probabilities, int rows)
    {
        var schema = new List<ColumnSchema> { new("id", ColumnType.Int64), new("label", ColumnType.Int64) };
        schema.AddRange(Enumerable.Range(0, 10).Select(k => new ColumnSchema($"p_{k}", ColumnType.Float)));
        var columns = new List<DataColumn>
        {
            new("id", ColumnType.Int64, Enumerable.Range(0, rows).Select(i => (long?)i).ToArray()),
            new("label", ColumnType.Int64, labels.Select(l => (long?)l).ToArray()),
        };
        columns.AddRange(Enumerable.Range(0, 10).Select(k => new DataColumn($"p_{k}", ColumnType.Float, Enumerable.Range(0, rows).Select(r => probabilities[(r * 10) + k]).ToArray())));
        return await Measure.TimeAsync(async () =>
        {
            await using var file = File.Create(path);
            await using var writer = await ResultWriter.CreateAsync(InputFormat.Csv, file, schema);
            await writer.WriteAsync(columns, rows);
            await writer.CompleteAsync();
        });
    }
}
