using BatchScoring.Core;
using BatchScoring.Core.Data;
using BatchScoring.Core.Spec;
using BatchScoring.Storage.Formats;
using BatchScoring.Storage.Formats.ParquetFiles;
using BatchScoring.Storage.Output;

namespace BatchScoring.Storage.Tests.Output;

/// <summary>
/// The footer merge behind copy-based Parquet assembly. Parquet.Net 6.1 reads and writes footers through internal
/// types only (<c>FileMetaData.Write</c>, <c>ThriftCompactProtocolWriter</c>), hence a generic Thrift codec of our own.
/// </summary>
public sealed class ParquetFooterMergerTests
{
    private static readonly ColumnSchema[] Schema =
    [
        new("id", ColumnType.Int64), new("name", ColumnType.String), new("ok", ColumnType.Boolean), new("probs", ColumnType.FloatList),
    ];

    [Fact]
    public async Task ThriftCodec_ParquetNetFooter_RoundTripsByteForByte()
    {
        var footer = await FooterOfAsync(await PartAsync(0, 50));

        var tree = new ThriftCompactReader(footer.Metadata, "part").ReadStruct();
        using var output = new MemoryStream();
        new ThriftCompactWriter(output).WriteStruct(tree);

        Assert.Equal(footer.Metadata, output.ToArray());
    }

    [Fact]
    public async Task Merge_OnePart_TheSameFooter()
    {
        var part = await PartAsync(0, 50);
        var footer = await FooterOfAsync(part);

        var merged = ParquetFooterMerger.Merge([footer]);

        Assert.Equal(part.AsSpan((int)footer.FooterStart).ToArray(), merged);
    }

    [Fact]
    public async Task Merge_TwoParts_RowsSummedAndSecondPartsOffsetsShifted()
    {
        var first = await PartAsync(0, 50);
        var second = await PartAsync(50, 20);
        var footers = new[] { await FooterOfAsync(first), await FooterOfAsync(second) };

        var file = new MemoryStream();
        file.Write(ParquetFooter.Magic);
        file.Write(first.AsSpan(4, (int)footers[0].DataLength));
        file.Write(second.AsSpan(4, (int)footers[1].DataLength));
        file.Write(ParquetFooterMerger.Merge(footers));
        file.Position = 0;

        var ids = new List<long?>();
        await foreach (var (columns, rows) in ParquetResultReader.ReadAsync(file, Schema))
        {
            ids.AddRange(((long?[])columns[0].Values).Take(rows));
        }

        Assert.Equal(Enumerable.Range(0, 70).Select(i => (long?)i), ids);
    }

    [Fact]
    public void ThriftCodec_Truncated_FailsNamingTheSource()
    {
        var e = Assert.Throws<BatchScoringException>(() => new ThriftCompactReader(new byte[] { 0x15, 0x80 }, "parts/7.parquet").ReadStruct());

        Assert.Contains("'parts/7.parquet'", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadAsync_NotParquet_FailsNamingThePart()
    {
        var e = await Assert.ThrowsAsync<BatchScoringException>(() => ParquetFooter.ReadAsync(new MemoryStream(new byte[100]), "parts/1.parquet", "\"e\"", default));

        Assert.Contains("'parts/1.parquet'", e.Message, StringComparison.Ordinal);
    }

    private static async Task<ParquetFooter> FooterOfAsync(byte[] part) =>
        await ParquetFooter.ReadAsync(new MemoryStream(part), "part", "\"e\"", default);

    private static async Task<byte[]> PartAsync(long first, int rows)
    {
        var ids = Enumerable.Range(0, rows).Select(i => (long?)(first + i)).ToArray();
        using var buffer = new MemoryStream();
        await using (var writer = await ResultWriter.CreateAsync(DataFormat.Parquet, buffer, Schema))
        {
            await writer.WriteAsync(
                [
                    new DataColumn("id", ColumnType.Int64, ids),
                    new DataColumn("name", ColumnType.String, ids.Select(i => i % 3 == 0 ? null : $"n{i}").ToArray()),
                    new DataColumn("ok", ColumnType.Boolean, ids.Select(i => (bool?)(i % 2 == 0)).ToArray()),
                    new DataColumn("probs", ColumnType.FloatList, ids.Select(i => new[] { 0.5f, (float)i!.Value }).ToArray()),
                ],
                rows);
            await writer.CompleteAsync();
        }

        return buffer.ToArray();
    }
}
