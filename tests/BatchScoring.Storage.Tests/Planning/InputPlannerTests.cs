using BatchScoring.Core.Data;
using BatchScoring.Core.Planning;
using BatchScoring.Core.Spec;
using BatchScoring.Storage.Formats;
using BatchScoring.Storage.Formats.Csv;
using BatchScoring.Storage.Formats.Jsonl;
using BatchScoring.Storage.Local;
using BatchScoring.Storage.Planning;
using BatchScoring.Tests;

namespace BatchScoring.Storage.Tests.Planning;

public sealed class InputPlannerTests
{
    private static RunSpec Tabular(string glob, long? rows = null, long? bytes = null) => new()
    {
        Input = new InputSpec { Location = "in", Glob = glob, Mode = InputMode.Tabular },
        MiniBatch = new MiniBatchSpec { Rows = rows, Bytes = bytes is null ? null : new ByteSize(bytes.Value) },
        Model = new ModelSpec { Location = "m.onnx" },
        Output = new OutputSpec { Path = "out/r.csv" },
    };

    [Fact]
    public async Task Plan_CsvWithQuotedNewlines_SlicesStartAtRecordsAndCountRows()
    {
        using var temp = new TempFolder();
        temp.Write("in/a.csv", "id,text,v\n1,\"line one\nline two\",1\n2,plain,2\n\n3,\"quote \"\" and\r\nnewline\",3\r\n4,x,4\n5,y,5");
        var planner = new InputPlanner(new LocalBlobStore(temp.Path));

        var plan = await planner.PlanAsync(Tabular("*.csv", rows: 2));

        Assert.Equal([2L, 2, 1], plan.MiniBatches.Select(m => m.Items));
        Assert.Equal([0L, 2, 4], plan.MiniBatches.Select(m => m.Slices[0].RowStart));
        var ids = new List<string?>();
        foreach (var batch in plan.MiniBatches)
        {
            await foreach (var chunk in new CsvReader().ReadAsync(new LocalBlobStore(temp.Path), batch.Slices[0], new TabularReadRequest([FeatureInput.Doubles("v")], ["id", "text"])))
            {
                ids.AddRange(((string?[])chunk.PassThrough[0].Values).Take(chunk.RowCount));
                Assert.All(chunk.RowErrors, e => Assert.Null(e));
            }
        }

        Assert.Equal(["1", "2", "3", "4", "5"], ids);
    }

    [Fact]
    public async Task Plan_CsvByBytes_EverySliceAlignedAndNoRowLostOrRepeated()
    {
        using var temp = new TempFolder();
        var lines = Enumerable.Range(0, 1000).Select(i => $"{i},\"text {i}\nsecond line\",{i * 2}");
        temp.Write("in/a.csv", "id,t,v\n" + string.Join("\n", lines) + "\n");
        var store = new LocalBlobStore(temp.Path);

        var plan = await new InputPlanner(store).PlanAsync(Tabular("*.csv", bytes: 1000));

        Assert.True(plan.MiniBatches.Count > 10);
        var ids = new List<string?>();
        foreach (var slice in plan.MiniBatches.SelectMany(m => m.Slices))
        {
            await foreach (var chunk in new CsvReader().ReadAsync(store, slice, new TabularReadRequest([FeatureInput.Doubles("v")], ["id"])))
            {
                ids.AddRange(((string?[])chunk.PassThrough[0].Values).Take(chunk.RowCount));
            }
        }

        Assert.Equal(Enumerable.Range(0, 1000).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)), ids);
    }

    [Theory]
    [InlineData("a.csv", "id,x\n1,2\n\n   \n2,3\r\n\r\n3,4")]
    [InlineData("a.jsonl", "{\"id\":\"1\",\"x\":2}\n\n   \n{\"id\":\"2\",\"x\":3}\r\n\r\n{\"id\":\"3\",\"x\":4}")]
    public async Task Plan_BlankAndWhitespaceLines_PlannerAndReaderAgreeOnRows(string file, string content)
    {
        using var temp = new TempFolder();
        temp.Write("in/" + file, content);
        var store = new LocalBlobStore(temp.Path);

        var plan = await new InputPlanner(store).PlanAsync(Tabular("*.*", rows: 2));

        // Empty lines are not rows; a line of spaces is a (bad) row, for both the planner and the reader.
        Assert.Equal(4, plan.TotalItems);
        var rows = 0;
        var errors = 0;
        foreach (var slice in plan.MiniBatches.SelectMany(m => m.Slices))
        {
            ITabularReader reader = file.EndsWith(".csv", StringComparison.Ordinal) ? new CsvReader() : new JsonLinesReader();
            await foreach (var chunk in reader.ReadAsync(store, slice, new TabularReadRequest([FeatureInput.Doubles("x")], ["id"])))
            {
                rows += chunk.RowCount;
                errors += chunk.RowErrors.Count(e => e is not null);
            }
        }

        Assert.Equal(4, rows);
        Assert.Equal(1, errors);
    }

    [Fact]
    public async Task Plan_Parquet_FromFootersRowGroupsCutByRows()
    {
        using var temp = new TempFolder();
        File.Copy(Repo.PathOf("samples/digits-tabular/data/digits.parquet"), Path.Combine(Directory.CreateDirectory(Path.Combine(temp.Path, "in")).FullName, "d.parquet"));

        var plan = await new InputPlanner(new LocalBlobStore(temp.Path)).PlanAsync(Tabular("*.parquet", rows: 1000));

        // Row groups 500/500/500/297: two whole groups per mini-batch.
        Assert.Equal([1000L, 797], plan.MiniBatches.Select(m => m.Items));
        Assert.Equal(1797, plan.TotalItems);
    }

    [Fact]
    public async Task Plan_ManySmallFiles_MiniBatchSpansFiles()
    {
        using var temp = new TempFolder();
        for (var i = 0; i < 5; i++)
        {
            temp.Write($"in/f{i}.jsonl", "{\"a\":1}\n{\"a\":2}\n");
        }

        var plan = await new InputPlanner(new LocalBlobStore(temp.Path)).PlanAsync(Tabular("*.jsonl", rows: 4));

        Assert.Equal([4L, 4, 2], plan.MiniBatches.Select(m => m.Items));
        Assert.Equal(["in/f0.jsonl", "in/f1.jsonl"], plan.MiniBatches[0].Slices.Select(s => s.Path));
    }

    [Fact]
    public async Task Plan_PartitionKeys_OneMiniBatchPerCombination()
    {
        using var temp = new TempFolder();
        foreach (var path in new[] { "in/region=eu/day=1/a.csv", "in/region=us/day=1/a.csv", "in/region=eu/day=1/b.csv", "in/region=eu/day=2/a.csv" })
        {
            temp.Write(path, "v\n1\n2\n");
        }

        var spec = Tabular("**/*.csv", rows: 1) with { Input = new InputSpec { Location = "in", Glob = "**/*.csv", Mode = InputMode.Tabular, PartitionKeys = ["region", "day"] } };

        var plan = await new InputPlanner(new LocalBlobStore(temp.Path)).PlanAsync(spec);

        Assert.Equal(["region=eu/day=1", "region=eu/day=2", "region=us/day=1"], plan.MiniBatches.Select(m => m.PartitionKey));
        Assert.Equal([4L, 2, 2], plan.MiniBatches.Select(m => m.Items));
    }

    /// <summary>By default the files are cut into one mini-batch per slot of the run's window, 10 to 64 files each.</summary>
    [Theory]
    [InlineData(25, new long[] { 10, 10, 5 })] // few files: Azure ML's 10
    [InlineData(200, new long[] { 25, 25, 25, 25, 25, 25, 25, 25 })] // 200 / 8 slots
    public async Task Plan_FileMode_OneMiniBatchPerSlotOfTheWindowByDefault(int files, long[] expected)
    {
        using var temp = new TempFolder();
        for (var i = 0; i < files; i++)
        {
            temp.Write($"in/{i:D3}.png", "x");
        }

        var spec = new RunSpec { Input = new InputSpec { Location = "in", Glob = "*.png" }, Model = new ModelSpec { Location = "m.onnx" }, Output = new OutputSpec { Path = "out/r.csv" } };

        var plan = await new InputPlanner(new LocalBlobStore(temp.Path)).PlanAsync(spec);

        Assert.Equal(expected, plan.MiniBatches.Select(m => m.Items));
        Assert.Equal($"in/{expected[0]:D3}.png", plan.MiniBatches[1].Slices[0].Path);
        Assert.Equal(MiniBatchUnit.Files, plan.Target.Unit);
    }

    [Theory]
    [Trait(Behaviours.Trait, Behaviours.InputSelection)]
    [InlineData("in/a.csv")]
    [InlineData("in//a.csv")]
    [InlineData("in/a.csv/")]
    public async Task Plan_LocationNamingOneFile_PlansThatFileWhateverTheGlob(string location)
    {
        using var temp = new TempFolder();
        temp.Write("in/a.csv", "id,v\n1,1\n2,2\n");
        temp.Write("in/b.csv", "id,v\n3,3\n");
        var spec = Tabular("*.parquet");

        var plan = await new InputPlanner(new LocalBlobStore(temp.Path)).PlanAsync(spec with { Input = spec.Input with { Location = location } });

        Assert.Equal(["in/a.csv"], plan.Files.Select(f => f.Path));
        Assert.Equal(2, plan.TotalItems);
    }

    [Fact]
    [Trait(Behaviours.Trait, Behaviours.DataSafety)]
    public async Task Plan_RunsOwnFilesMatchingTheGlob_AreNeverInputs()
    {
        using var temp = new TempFolder();
        temp.Write("in/a.jsonl", "{\"v\":1}\n");
        temp.Write("in/scored.csv.errors.jsonl", "{\"v\":2}\n");
        temp.Write("in/_staging/0123/errors/00000000.jsonl", "{\"v\":3}\n");
        temp.Write("in/old/_staging/0123/parts/00000000.jsonl", "{\"v\":4}\n");
        temp.Write($"in/b.jsonl.~tmp-{Guid.NewGuid():N}", "{\"v\":5}\n");
        var spec = Tabular("**") with { Output = new OutputSpec { Path = "in//scored.csv" } };

        var plan = await new InputPlanner(new LocalBlobStore(temp.Path)).PlanAsync(spec);

        Assert.Equal(["in/a.jsonl"], plan.Files.Select(f => f.Path));
    }
}
