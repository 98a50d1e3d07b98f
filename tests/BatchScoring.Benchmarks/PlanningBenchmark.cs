using System.Globalization;
using BatchScoring.Core.Spec;
using BatchScoring.Storage.Local;
using BatchScoring.Storage.Planning;
using Parquet;
using Parquet.Schema;

namespace BatchScoring.Benchmarks;

/// <summary>
/// Planning without reading data: 100,000 small files (file mode: a listing; tabular CSV: one newline pass per
/// file) and a Parquet dataset of about 10 GB (footers only: 100 copies of one ~100 MB file).
/// </summary>
internal static class PlanningBenchmark
{
    public static async Task<int> RunAsync(int files, int gigabytes)
    {
        var root = Path.Combine(Path.GetTempPath(), "bs-bench-plan");
        var store = new LocalBlobStore(root);
        var small = Path.Combine(root, "small");
        if (Directory.Exists(small) ? Directory.GetFiles(small).Length != files : true)
        {
            Directory.CreateDirectory(small);
            for (var i = 0; i < files; i++)
            {
                File.WriteAllText(Path.Combine(small, $"f{i:D6}.csv"), "id,x\n1,2\n2,3\n");
            }
        }

        var fileMode = new RunSpec { Input = new InputSpec { Location = "small", Glob = "*.csv" }, Model = new ModelSpec { Location = "m.onnx" } };
        var time = await Measure.TimeAsync(() => new InputPlanner(store).PlanAsync(fileMode));
        Console.WriteLine($"{files:N0} small files, file mode (listing only):       {Measure.Seconds(time)}");
        var tabular = fileMode with { Input = fileMode.Input with { Mode = InputMode.Tabular }, MiniBatch = new MiniBatchSpec { Rows = 1000 } };
        time = await Measure.TimeAsync(() => new InputPlanner(store).PlanAsync(tabular));
        Console.WriteLine($"{files:N0} small CSV files, tabular (one pass each):   {Measure.Seconds(time)}");

        var big = Path.Combine(root, "parquet");
        var one = Path.Combine(big, "part-000.parquet");
        if (!File.Exists(one))
        {
            Directory.CreateDirectory(big);
            await WriteParquetAsync(one, rows: 3_000_000);
        }

        var copies = (int)Math.Ceiling(gigabytes * 1e9 / new FileInfo(one).Length);
        for (var i = 1; i < copies; i++)
        {
            var copy = Path.Combine(big, $"part-{i:D3}.parquet");
            if (!File.Exists(copy))
            {
                File.Copy(one, copy);
            }
        }

        var total = Directory.GetFiles(big).Sum(f => new FileInfo(f).Length);
        var spec = new RunSpec { Input = new InputSpec { Location = "parquet", Glob = "*.parquet", Mode = InputMode.Tabular }, MiniBatch = new MiniBatchSpec { Rows = 100_000 }, Model = new ModelSpec { Location = "m.onnx" } };
        var plan = await new InputPlanner(store).PlanAsync(spec);
        time = await Measure.TimeAsync(() => new InputPlanner(store).PlanAsync(spec));
        Console.WriteLine($"Parquet, {copies} files, {(total / 1e9).ToString("F1", CultureInfo.InvariantCulture)} GB, {plan.TotalItems:N0} rows -> {plan.MiniBatches.Count:N0} mini-batches (footers only): {Measure.Seconds(time)}");
        Console.WriteLine(Measure.PeakMemory());
        return 0;
    }

    private static async Task WriteParquetAsync(string path, int rows)
    {
        var fields = Enumerable.Range(0, 8).Select(i => new DataField<double>($"c{i}")).ToArray();
        await using var file = File.Create(path);
        await using var writer = await ParquetWriter.CreateAsync(new ParquetSchema(fields), file, new ParquetOptions { CompressionMethod = CompressionMethod.None });
        var random = new Random(7);
        for (var start = 0; start < rows; start += 100_000)
        {
            using var group = writer.CreateRowGroup();
            foreach (var field in fields)
            {
                var values = new double[100_000];
                for (var r = 0; r < values.Length; r++)
                {
                    values[r] = random.NextDouble();
                }

                await group.WriteAsync<double>(field, values.AsMemory());
            }
        }
    }
}
