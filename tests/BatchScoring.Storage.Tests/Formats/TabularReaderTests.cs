using BatchScoring.Core;
using BatchScoring.Core.Data;
using BatchScoring.Core.Planning;
using BatchScoring.Storage.Formats;
using BatchScoring.Storage.Formats.Csv;
using BatchScoring.Storage.Formats.Jsonl;
using BatchScoring.Storage.Formats.ParquetFiles;
using BatchScoring.Storage.Local;
using BatchScoring.Tests;

namespace BatchScoring.Storage.Tests.Formats;

public sealed class TabularReaderTests
{
    [Fact]
    public async Task Csv_MissingFeatureColumn_ThrowsNamingFileColumnAndItsColumns()
    {
        using var temp = new TempFolder();
        temp.Write("a.csv", "id,x\n1,2\n");

        var e = await Assert.ThrowsAsync<BatchScoringException>(() => ReadAsync(new CsvReader(), temp, "a.csv", 1, ["pixel_*"], ["id"]));

        Assert.Equal("model.inputs: column 'pixel_*' is not in 'a.csv' (its columns: id, x).", e.Message);
    }

    [Fact]
    public async Task Csv_MissingPassThroughColumn_ThrowsNamingIt()
    {
        using var temp = new TempFolder();
        temp.Write("a.csv", "id,x\n1,2\n");

        var e = await Assert.ThrowsAsync<BatchScoringException>(() => ReadAsync(new CsvReader(), temp, "a.csv", 1, ["x"], ["key"]));

        Assert.Equal("input.passThroughColumns: column 'key' is not in 'a.csv' (its columns: id, x).", e.Message);
    }

    [Fact]
    public async Task Csv_WrongFieldCountAndEmptyValue_RowErrorsOthersRead()
    {
        using var temp = new TempFolder();
        temp.Write("a.csv", "id,x\n1,2\n2\n3,\n4,5\n");

        var chunks = await ReadAsync(new CsvReader(), temp, "a.csv", 4, ["x"], ["id"]);

        var errors = chunks.SelectMany(c => c.RowErrors).ToList();
        Assert.Equal([null, new ItemError(ErrorKind.Read, "has 1 fields, the header has 2"), new ItemError(ErrorKind.InvalidValue, "column 'x' is empty; the model needs a number"), null], errors);
        Assert.Equal(5, chunks.Single().Features[0].Rows<double>(0, 4)[3]);
    }

    [Fact]
    public async Task JsonLines_BadLineAndNonNumber_RowErrorsOthersRead()
    {
        using var temp = new TempFolder();
        temp.Write("a.jsonl", "{\"id\":\"a\",\"x\":1}\n{not json}\n{\"id\":\"c\",\"x\":\"seven\"}\n{\"id\":\"d\"}\n{\"id\":\"e\",\"x\":2.5}\n");

        var chunk = (await ReadAsync(new JsonLinesReader(), temp, "a.jsonl", 5, ["x"], ["id"])).Single();

        Assert.Null(chunk.RowErrors[0]);
        Assert.Equal(ErrorKind.Read, chunk.RowErrors[1]!.Kind);
        Assert.Equal(new ItemError(ErrorKind.InvalidValue, "column 'x' is not a number: \"seven\""), chunk.RowErrors[2]);
        Assert.Equal(new ItemError(ErrorKind.InvalidValue, "has no 'x'"), chunk.RowErrors[3]);
        Assert.Equal(2.5, chunk.Features[0].Rows<double>(0, 5)[4]);
        Assert.Equal("digits row 2", chunk.ItemName(1).Replace("a.jsonl", "digits", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Parquet_NullableDoubleColumnsFromDuckDb_ReadWithPassThroughTypes()
    {
        var store = new LocalBlobStore(Repo.PathOf("samples/digits-tabular/data"));
        var slice = new InputSlice("digits.parquet", 490, 20, 0, 0); // spans row groups 0 and 1

        var chunks = new List<TabularBatch>();
        await foreach (var chunk in new ParquetTabularReader().ReadAsync(store, slice, new TabularReadRequest([FeatureInput.Doubles("pixel_*")], ["id"])))
        {
            chunks.Add(chunk);
        }

        Assert.Equal([10, 10], chunks.Select(c => c.RowCount));
        Assert.Equal(64, chunks[0].Features.Single().Width);
        Assert.Equal(ColumnType.Int64, chunks[0].PassThrough[0].Type);
        Assert.Equal(Enumerable.Range(490, 20).Select(i => (long?)i), chunks.SelectMany(c => ((long?[])c.PassThrough[0].Values).Take(c.RowCount)));
    }

    [Fact]
    public async Task Parquet_TextColumnAsFeature_ThrowsNamingColumnAndType()
    {
        using var temp = new TempFolder();
        var store = new LocalBlobStore(temp.Path);
        await using (var writer = await store.OpenWriteAsync("t.parquet"))
        {
            await using (var parquet = await ResultWriter.CreateAsync(Core.Spec.DataFormat.Parquet, writer.Stream, [new ColumnSchema("name", ColumnType.String)]))
            {
                await parquet.WriteAsync([new DataColumn("name", ColumnType.String, new string?[] { "a" })], 1);
                await parquet.CompleteAsync();
            }

            await writer.CommitAsync();
        }

        var e = await Assert.ThrowsAsync<BatchScoringException>(async () =>
        {
            await foreach (var unused in new ParquetTabularReader().ReadAsync(store, new InputSlice("t.parquet", 0, 1, 0, 0), new TabularReadRequest([FeatureInput.Doubles("name")], [])))
            {
            }
        });

        Assert.Equal("model.inputs: column 'name' of 't.parquet' holds text values, not numbers.", e.Message);
    }

    [Fact]
    public async Task Parquet_TextPassThrough_ReadAsStrings()
    {
        using var temp = new TempFolder();
        var store = new LocalBlobStore(temp.Path);
        ColumnSchema[] schema = [new("key", ColumnType.String), new("x", ColumnType.Double)];
        await using (var writer = await store.OpenWriteAsync("t.parquet"))
        {
            await using (var parquet = await ResultWriter.CreateAsync(Core.Spec.DataFormat.Parquet, writer.Stream, schema))
            {
                await parquet.WriteAsync([new DataColumn("key", ColumnType.String, new string?[] { "a", null }), new DataColumn("x", ColumnType.Double, new double?[] { 1, 2 })], 2);
                await parquet.CompleteAsync();
            }

            await writer.CommitAsync();
        }

        var chunks = new List<TabularBatch>();
        await foreach (var chunk in new ParquetTabularReader().ReadAsync(store, new InputSlice("t.parquet", 0, 2, 0, 0), new TabularReadRequest([FeatureInput.Doubles("x")], ["key"])))
        {
            chunks.Add(chunk);
        }

        Assert.Equal(ColumnType.String, chunks[0].PassThrough[0].Type);
        Assert.Equal(new string?[] { "a", null }, ((string?[])chunks[0].PassThrough[0].Values).AsEnumerable());
    }

    private static async Task<List<TabularBatch>> ReadAsync(ITabularReader reader, TempFolder temp, string file, long rows, IReadOnlyList<string> features, IReadOnlyList<string> passThrough)
    {
        var store = new LocalBlobStore(temp.Path);
        var info = (await store.GetInfoAsync(file))!;
        var header = reader is CsvReader ? File.ReadLines(Path.Combine(temp.Path, file)).First().Length + 1 : 0;
        var chunks = new List<TabularBatch>();
        await foreach (var chunk in reader.ReadAsync(store, new InputSlice(file, 0, rows, header, info.Size), new TabularReadRequest([FeatureInput.Doubles([.. features])], passThrough)))
        {
            chunks.Add(chunk);
        }

        return chunks;
    }
}
