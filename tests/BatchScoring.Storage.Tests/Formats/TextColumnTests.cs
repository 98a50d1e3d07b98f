using System.Text;
using BatchScoring.Core;
using BatchScoring.Core.Data;
using BatchScoring.Core.Planning;
using BatchScoring.Storage.Formats;
using BatchScoring.Storage.Formats.Csv;
using BatchScoring.Storage.Formats.Jsonl;
using BatchScoring.Storage.Formats.ParquetFiles;
using BatchScoring.Storage.Local;
using BatchScoring.Tests;
using Parquet;
using Parquet.Schema;

namespace BatchScoring.Storage.Tests.Formats;

/// <summary>Text inputs in every tabular format: decoded as UTF-8, with nulls, missing values and bad bytes as row errors.</summary>
public sealed class TextColumnTests
{
    private static readonly TextInput Text = new("model.text.column", "text");

    [Fact]
    public async Task Csv_TextColumn_DecodedWithNonUtf8AsRowError()
    {
        // Arrange
        using var temp = new TempFolder();
        var bytes = Encoding.UTF8.GetBytes("id,text\n1,Café au lait\n2,\"quoted, with \"\"quotes\"\"\"\n3,\n4,bad ")
            .Concat(new byte[] { 0xFF, 0x41 }).Concat(Encoding.UTF8.GetBytes("\n5,fine\n")).ToArray();
        temp.Write("a.csv", bytes);

        // Act
        var batch = (await ReadAsync(new CsvReader(), temp, "a.csv", 5)).Single();

        // Assert
        Assert.Equal("text", batch.Texts.Single().Name);
        var texts = (string?[])batch.Texts.Single().Values;
        Assert.Equal(["Café au lait", "quoted, with \"quotes\"", "", null, "fine"], texts.AsEnumerable());
        Assert.Equal([null, null, null, new ItemError(ErrorKind.Read, "column 'text' is not valid UTF-8 text (byte 0xFF at byte 5 of the value)"), null], batch.RowErrors.AsEnumerable());
        Assert.Equal(["1", "2", "3", "4", "5"], ((string?[])batch.PassThrough.Single().Values).AsEnumerable());
    }

    [Fact]
    public async Task JsonLines_TextColumn_NullsMissingNonStringsAndBadBytesAreRowErrors()
    {
        // Arrange
        using var temp = new TempFolder();
        var lines = new List<byte[]>
        {
            Encoding.UTF8.GetBytes("{\"id\":1,\"text\":\"line \\\"one\\\" \\u00e9\"}\n"),
            Encoding.UTF8.GetBytes("{\"id\":2,\"text\":null}\n"),
            Encoding.UTF8.GetBytes("{\"id\":3}\n"),
            Encoding.UTF8.GetBytes("{\"id\":4,\"text\":42}\n"),
            Encoding.UTF8.GetBytes("{\"id\":5,\"text\":\"x").Concat(new byte[] { 0xC3, 0x28 }).Concat(Encoding.UTF8.GetBytes("\"}\n")).ToArray(),
            Encoding.UTF8.GetBytes("{\"text\":\"\",\"id\":6}\n"),
        };
        temp.Write("a.jsonl", lines.SelectMany(l => l).ToArray());

        // Act
        var batch = (await ReadAsync(new JsonLinesReader(), temp, "a.jsonl", 6)).Single();

        // Assert
        var texts = (string?[])batch.Texts.Single().Values;
        Assert.Equal("line \"one\" é", texts[0]);
        Assert.Equal("", texts[5]);
        Assert.Equal(
            [
                null,
                new ItemError(ErrorKind.InvalidValue, "column 'text' is null; the model needs a text"),
                new ItemError(ErrorKind.InvalidValue, "has no 'text'; the model needs a text"),
                new ItemError(ErrorKind.InvalidValue, "column 'text' is a JSON number, not a text"),
                new ItemError(ErrorKind.Read, "column 'text' is not valid UTF-8 text (byte 0xC3 at byte 2 of the value)"),
                null,
            ],
            batch.RowErrors.AsEnumerable());
    }

    [Fact]
    public async Task Parquet_StringAndBinaryTextColumns_DecodedWithNullsAsRowErrors()
    {
        // Arrange
        using var temp = new TempFolder();
        var text = new DataField<string>("text", true);
        var blob = new DataField<byte[]>("blob", true);
        await using (var file = File.Create(Path.Combine(temp.Path, "t.parquet")))
        await using (var writer = await ParquetWriter.CreateAsync(new ParquetSchema(text, blob), file))
        using (var group = writer.CreateRowGroup())
        {
            await group.WriteAsync(text, new string?[] { "naïve", null, "third" });
            await group.WriteAsync(blob, new byte[]?[] { "ok"u8.ToArray(), [0x61, 0x80], null });
        }

        var store = new LocalBlobStore(temp.Path);
        var request = new TabularReadRequest([], []) { Texts = [Text, new TextInput("model.text.column", "blob")] };

        // Act
        var batches = new List<TabularBatch>();
        await foreach (var batch in new ParquetTabularReader().ReadAsync(store, new InputSlice("t.parquet", 0, 3, 0, 0), request))
        {
            batches.Add(batch);
        }

        // Assert
        var only = batches.Single();
        Assert.Equal(["naïve", null, "third"], ((string?[])only.Texts[0].Values).AsEnumerable());
        Assert.Equal("ok", ((string?[])only.Texts[1].Values)[0]);
        Assert.Equal(
            [null, new ItemError(ErrorKind.InvalidValue, "column 'text' is null; the model needs a text"), new ItemError(ErrorKind.InvalidValue, "column 'blob' is null; the model needs a text")],
            only.RowErrors.AsEnumerable());
    }

    [Fact]
    public async Task Parquet_BinaryTextColumnWithBadBytes_RowError()
    {
        // Arrange
        using var temp = new TempFolder();
        var blob = new DataField<byte[]>("text");
        await using (var file = File.Create(Path.Combine(temp.Path, "t.parquet")))
        await using (var writer = await ParquetWriter.CreateAsync(new ParquetSchema(blob), file))
        using (var group = writer.CreateRowGroup())
        {
            await group.WriteAsync(blob, new byte[][] { [0x61, 0x80], "fine"u8.ToArray() });
        }

        // Act
        var batches = new List<TabularBatch>();
        await foreach (var batch in new ParquetTabularReader().ReadAsync(new LocalBlobStore(temp.Path), new InputSlice("t.parquet", 0, 2, 0, 0), new TabularReadRequest([], []) { Texts = [Text] }))
        {
            batches.Add(batch);
        }

        // Assert
        Assert.Equal([new ItemError(ErrorKind.Read, "column 'text' is not valid UTF-8 text (byte 0x80 at byte 2 of the value)"), null], batches.Single().RowErrors.AsEnumerable());
        Assert.Equal("fine", ((string?[])batches.Single().Texts[0].Values)[1]);
    }

    [Fact]
    public async Task Parquet_NumericTextColumn_ThrowsNamingSettingColumnAndType()
    {
        // Arrange
        using var temp = new TempFolder();
        var number = new DataField<int>("text");
        await using (var file = File.Create(Path.Combine(temp.Path, "t.parquet")))
        await using (var writer = await ParquetWriter.CreateAsync(new ParquetSchema(number), file))
        using (var group = writer.CreateRowGroup())
        {
            await group.WriteAsync<int>(number, new[] { 1 }.AsMemory());
        }

        // Act
        var e = await Assert.ThrowsAsync<BatchScoringException>(async () =>
        {
            await foreach (var unused in new ParquetTabularReader().ReadAsync(new LocalBlobStore(temp.Path), new InputSlice("t.parquet", 0, 1, 0, 0), new TabularReadRequest([], []) { Texts = [Text] }))
            {
            }
        });

        // Assert
        Assert.Equal("model.text.column: column 'text' of 't.parquet' holds Int32 values, not text.", e.Message);
    }

    [Fact]
    public async Task Csv_MissingTextColumn_ThrowsNamingSettingFileAndColumns()
    {
        // Arrange
        using var temp = new TempFolder();
        temp.Write("a.csv", "id,body\n1,x\n");

        // Act
        var e = await Assert.ThrowsAsync<BatchScoringException>(() => ReadAsync(new CsvReader(), temp, "a.csv", 1));

        // Assert
        Assert.Equal("model.text.column: column 'text' is not in 'a.csv' (its columns: id, body).", e.Message);
    }

    private static async Task<List<TabularBatch>> ReadAsync(ITabularReader reader, TempFolder temp, string file, long rows)
    {
        var store = new LocalBlobStore(temp.Path);
        var info = (await store.GetInfoAsync(file))!;
        var header = reader is CsvReader ? File.ReadLines(Path.Combine(temp.Path, file)).First().Length + 1 : 0;
        var batches = new List<TabularBatch>();
        await foreach (var batch in reader.ReadAsync(store, new InputSlice(file, 0, rows, header, info.Size), new TabularReadRequest([], ["id"]) { Texts = [Text] }))
        {
            batches.Add(batch);
        }

        return batches;
    }
}
