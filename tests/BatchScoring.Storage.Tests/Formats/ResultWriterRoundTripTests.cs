using System.Text.Json;
using BatchScoring.Core.Data;
using BatchScoring.Core.Spec;
using BatchScoring.Storage.Formats;
using BatchScoring.Storage.Formats.ParquetFiles;
using BatchScoring.Storage.Local;
using BatchScoring.Storage.Output;
using BatchScoring.Tests;
using nietras.SeparatedValues;

namespace BatchScoring.Storage.Tests.Formats;

/// <summary>Every writer's output reads back to the values written.</summary>
public sealed class ResultWriterRoundTripTests
{
    private static readonly ColumnSchema[] Schema =
    [
        new("id", ColumnType.Int64), new("name", ColumnType.String), new("score", ColumnType.Double),
        new("label", ColumnType.Float), new("ok", ColumnType.Boolean), new("probs", ColumnType.FloatList),
    ];

    private static DataColumn[] Columns() =>
    [
        new("id", ColumnType.Int64, new long?[] { 1, null, long.MaxValue }),
        new("name", ColumnType.String, new string?[] { "plain", "comma, \"quote\"\nnewline", null }),
        new("score", ColumnType.Double, new double?[] { 0.1, null, -1e300 }),
        new("label", ColumnType.Float, new[] { 1.5f, 0f, float.Epsilon }),
        new("ok", ColumnType.Boolean, new bool?[] { true, false, null }),
        new("probs", ColumnType.FloatList, new[] { new[] { 0.25f, 0.75f }, new[] { 1f, 0f }, new[] { 0.1f, 0.9f } }),
    ];

    [Fact]
    public async Task Csv_WriteThenRead_SameValues()
    {
        var bytes = await WriteAsync(DataFormat.Csv);

        using var reader = Sep.Reader(o => o with { Unescape = true }).From(bytes);
        Assert.Equal(Schema.Select(c => c.Name), reader.Header.ColNames);
        var rows = new List<string[]>();
        foreach (var row in reader)
        {
            var values = new string[row.ColCount];
            for (var i = 0; i < values.Length; i++)
            {
                values[i] = row[i].ToString();
            }

            rows.Add(values);
        }

        Assert.Equal(["1", "plain", "0.1", "1.5", "true", "[0.25,0.75]"], rows[0]);
        Assert.Equal(["", "comma, \"quote\"\nnewline", "", "0", "false", "[1,0]"], rows[1]);
        Assert.Equal([long.MaxValue.ToString(System.Globalization.CultureInfo.InvariantCulture), "", "-1E+300", "1E-45", "", "[0.1,0.9]"], rows[2]);
    }

    [Fact]
    public async Task JsonLines_WriteThenRead_SameValues()
    {
        var lines = System.Text.Encoding.UTF8.GetString(await WriteAsync(DataFormat.Jsonl)).Split('\n', StringSplitOptions.RemoveEmptyEntries);

        Assert.Equal(3, lines.Length);
        var second = JsonDocument.Parse(lines[1]).RootElement;
        Assert.Equal(JsonValueKind.Null, second.GetProperty("id").ValueKind);
        Assert.Equal("comma, \"quote\"\nnewline", second.GetProperty("name").GetString());
        Assert.False(second.GetProperty("ok").GetBoolean());
        var third = JsonDocument.Parse(lines[2]).RootElement;
        Assert.Equal(long.MaxValue, third.GetProperty("id").GetInt64());
        Assert.Equal([0.1f, 0.9f], third.GetProperty("probs").EnumerateArray().Select(e => e.GetSingle()));
    }

    [Fact]
    public async Task Parquet_WriteThenRead_SameValues()
    {
        var bytes = await WriteAsync(DataFormat.Parquet);

        var read = new List<(IReadOnlyList<DataColumn> Columns, int Rows)>();
        await foreach (var group in ParquetResultReader.ReadAsync(new MemoryStream(bytes), Schema))
        {
            read.Add(group);
        }

        var (columns, rows) = Assert.Single(read);
        Assert.Equal(3, rows);
        var expected = Columns();
        for (var c = 0; c < Schema.Length; c++)
        {
            for (var r = 0; r < rows; r++)
            {
                Assert.Equal(expected[c].GetValue(r), columns[c].GetValue(r));
            }
        }
    }

    [Fact]
    public async Task Parquet_AssembledFromParts_ReadableByDuckDb()
    {
        using var temp = new TempFolder();
        var store = new LocalBlobStore(temp.Path);
        await store.WriteAllBytesAsync("parts/0.parquet", await WriteAsync(DataFormat.Parquet));
        await store.WriteAllBytesAsync("parts/1.parquet", await WriteAsync(DataFormat.Parquet));

        await OutputAssembler.AssembleAsync(store, DataFormat.Parquet, Schema, ["parts/0.parquet", "parts/1.parquet"], "out.parquet");

        var summary = DuckDb.Summarise(Path.Combine(temp.Path, "out.parquet"));
        Assert.Equal(6, summary.GetProperty("rows").GetInt32());
        Assert.Equal(Schema.Select(c => c.Name), summary.GetProperty("columns").EnumerateArray().Select(c => c.GetProperty("name").GetString()));
        var first = summary.GetProperty("firstRow");
        Assert.Equal("plain", first.GetProperty("name").GetString());
        Assert.Equal([0.25, 0.75], first.GetProperty("probs").EnumerateArray().Select(e => e.GetDouble()));
        Assert.Equal(long.MaxValue.ToString(System.Globalization.CultureInfo.InvariantCulture), summary.GetProperty("lastRow").GetProperty("id").ToString());
    }

    [Fact]
    public async Task Csv_AssembledFromParts_OneHeaderRowsInPartOrder()
    {
        using var temp = new TempFolder();
        var store = new LocalBlobStore(temp.Path);
        await store.WriteAllBytesAsync("parts/1.csv", await WriteAsync(DataFormat.Csv));
        await store.WriteAllBytesAsync("parts/0.csv", await WriteAsync(DataFormat.Csv, 1));

        await OutputAssembler.AssembleAsync(store, DataFormat.Csv, Schema, ["parts/0.csv", "parts/1.csv"], "out.csv");

        var text = File.ReadAllText(Path.Combine(temp.Path, "out.csv"));
        Assert.Single(text.Split('\n'), l => l.StartsWith("id,", StringComparison.Ordinal));
        Assert.StartsWith("id,name,score,label,ok,probs\n1,plain,0.1,1.5,true,\"[0.25,0.75]\"\n1,plain", text, StringComparison.Ordinal);
    }

    private static async Task<byte[]> WriteAsync(DataFormat format, int rows = 3)
    {
        using var buffer = new MemoryStream();
        await using (var writer = await ResultWriter.CreateAsync(format, buffer, Schema))
        {
            await writer.WriteAsync(Columns(), rows);
            await writer.CompleteAsync();
        }

        return buffer.ToArray();
    }
}
