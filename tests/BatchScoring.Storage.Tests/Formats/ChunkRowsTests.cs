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

/// <summary>A request's <see cref="TabularReadRequest.MaxChunkRows"/> cuts slices into chunks of at most that many rows, in order.</summary>
public sealed class ChunkRowsTests
{
    [Fact]
    public async Task Csv_MoreRowsThanMaxChunkRows_ChunksOfAtMostThatManyInOrder()
    {
        // Arrange: an empty line and a quoted newline do not count as rows.
        using var temp = new TempFolder();
        temp.Write("a.csv", "id,x\n1,1\n2,2\n\n3,\"3\"\n4,4\n5,5\n\"6\nsix\",6\n7,7\n");
        var store = new LocalBlobStore(temp.Path);
        var slice = new InputSlice("a.csv", 0, 7, 5, (await store.GetInfoAsync("a.csv"))!.Size);

        // Act
        var chunks = await ReadAsync(new CsvReader(), store, slice, 3);

        // Assert
        Assert.Equal([(0L, 3), (3L, 3), (6L, 1)], chunks.Select(c => (c.FirstRow, c.RowCount)));
        Assert.Equal(["1", "2", "3", "4", "5", "6\nsix", "7"], chunks.SelectMany(c => (string?[])c.PassThrough[0].Values));
        Assert.All(chunks.SelectMany(c => c.RowErrors), e => Assert.Null(e));
    }

    [Fact]
    public async Task JsonLines_MoreRowsThanMaxChunkRows_ChunksOfAtMostThatManyInOrder()
    {
        // Arrange
        using var temp = new TempFolder();
        temp.Write("a.jsonl", string.Concat(Enumerable.Range(1, 5).Select(i => $"{{\"id\":\"{i}\",\"x\":{i}}}\n")));
        var store = new LocalBlobStore(temp.Path);
        var slice = new InputSlice("a.jsonl", 0, 5, 0, (await store.GetInfoAsync("a.jsonl"))!.Size);

        // Act
        var chunks = await ReadAsync(new JsonLinesReader(), store, slice, 2);

        // Assert
        Assert.Equal([(0L, 2), (2L, 2), (4L, 1)], chunks.Select(c => (c.FirstRow, c.RowCount)));
        Assert.Equal(["1", "2", "3", "4", "5"], chunks.SelectMany(c => (string?[])c.PassThrough[0].Values));
    }

    [Fact]
    public async Task Parquet_RowGroupLargerThanMaxChunkRows_ChunksShareItsBytes()
    {
        // Arrange: one row group of 10 rows; the slice takes rows 1..8.
        using var temp = new TempFolder();
        var id = new DataField<string>("id", true);
        var x = new DataField<double>("x");
        await using (var file = File.Create(Path.Combine(temp.Path, "t.parquet")))
        await using (var writer = await ParquetWriter.CreateAsync(new ParquetSchema(id, x), file))
        using (var group = writer.CreateRowGroup())
        {
            await group.WriteAsync(id, Enumerable.Range(0, 10).Select(i => (string?)i.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray());
            await group.WriteAsync<double>(x, Enumerable.Range(0, 10).Select(i => (double)i).ToArray().AsMemory());
        }

        // Act
        var chunks = await ReadAsync(new ParquetTabularReader(), new LocalBlobStore(temp.Path), new InputSlice("t.parquet", 1, 8, 0, 0), 3);

        // Assert
        Assert.Equal([(1L, 3), (4L, 3), (7L, 2)], chunks.Select(c => (c.FirstRow, c.RowCount)));
        Assert.Equal(Enumerable.Range(1, 8).Select(i => (double)i), chunks.SelectMany(c => c.Features[0].Rows<double>(0, c.RowCount).ToArray()));
    }

    private static async Task<List<TabularBatch>> ReadAsync(ITabularReader reader, LocalBlobStore store, InputSlice slice, int maxChunkRows)
    {
        var chunks = new List<TabularBatch>();
        await foreach (var chunk in reader.ReadAsync(store, slice, new TabularReadRequest([FeatureInput.Doubles("x")], ["id"], MaxChunkRows: maxChunkRows)))
        {
            chunks.Add(chunk);
        }

        return chunks;
    }
}
