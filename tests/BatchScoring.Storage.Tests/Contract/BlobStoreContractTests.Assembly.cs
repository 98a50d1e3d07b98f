using System.Globalization;
using System.Text;
using BatchScoring.Core;
using BatchScoring.Core.Data;
using BatchScoring.Core.Spec;
using BatchScoring.Storage.Formats;
using BatchScoring.Storage.Formats.Csv;
using BatchScoring.Storage.Formats.ParquetFiles;
using BatchScoring.Storage.Output;
using BatchScoring.Tests;
using Parquet;

namespace BatchScoring.Storage.Tests.Contract;

/// <summary>Output assembly from staged parts: the same bytes on every adapter, whether streamed or staged as blocks.</summary>
public abstract partial class BlobStoreContractTests
{
    private static readonly ColumnSchema[] ResultSchema =
    [
        new("id", ColumnType.Int64), new("name", ColumnType.String), new("score", ColumnType.Double),
        new("label", ColumnType.Float), new("ok", ColumnType.Boolean), new("probs", ColumnType.FloatList),
    ];

    /// <summary>Rows per part: an empty part, small ones, and (Parquet) one of two row groups.</summary>
    private static readonly int[] PartRows = [40, 0, 1, 77, 70_000, 5, 30];

    [Theory]
    [InlineData(DataFormat.Csv)]
    [InlineData(DataFormat.Jsonl)]
    public async Task AssembleAsync_TextParts_OneHeaderThenEveryRowInPartOrder(DataFormat format)
    {
        var parts = await StagePartsAsync(format, [40, 0, 1, 77, 5, 30]);
        var output = $"{Root}/out/result.{StagedExtension(format)}";

        await OutputAssembler.AssembleAsync(Store, format, ResultSchema, parts, output);

        var expected = new MemoryStream();
        if (format == DataFormat.Csv)
        {
            expected.Write(Encoding.UTF8.GetBytes(CsvResultWriter.HeaderLine(ResultSchema)));
        }

        foreach (var part in parts)
        {
            var bytes = await Store.ReadAllBytesAsync(part.Path);
            var skip = format == DataFormat.Csv ? Encoding.UTF8.GetByteCount(CsvResultWriter.HeaderLine(ResultSchema)) : 0;
            expected.Write(bytes.AsSpan(skip));
        }

        var assembled = await Store.ReadAllBytesAsync(output);
        Assert.Equal(expected.ToArray(), assembled);
        Assert.Equal(153 + (format == DataFormat.Csv ? 1 : 0), assembled.Count(b => b == (byte)'\n'));
    }

    [Fact]
    public async Task AssembleAsync_ParquetParts_RowGroupsCopiedAndReadableByParquetNetAndDuckDb()
    {
        var parts = await StagePartsAsync(DataFormat.Parquet, PartRows);
        var output = $"{Root}/out/result.parquet";

        await OutputAssembler.AssembleAsync(Store, DataFormat.Parquet, ResultSchema, parts, output);

        var bytes = await Store.ReadAllBytesAsync(output);
        await using (var reader = await ParquetReader.CreateAsync(new MemoryStream(bytes)))
        {
            // One row group per part with rows (the 70,000-row part has two): copied, not re-encoded.
            Assert.Equal(7, reader.RowGroupCount);
        }

        var ids = new List<long?>();
        var probs = new List<float[]>();
        await foreach (var (columns, rows) in ParquetResultReader.ReadAsync(new MemoryStream(bytes), ResultSchema))
        {
            ids.AddRange(((long?[])columns[0].Values).Take(rows));
            probs.AddRange(((float[][])columns[5].Values).Take(rows));
        }

        var expectedIds = ExpectedIds(PartRows).ToList();
        Assert.Equal(expectedIds, ids);
        Assert.Equal(expectedIds.Select(id => Row(id!.Value).Probs[1]), probs.Select(p => p[1]));

        using var temp = new TempFolder();
        var local = temp.Write("result.parquet", bytes);
        var summary = DuckDb.Summarise(local);
        Assert.Equal(PartRows.Sum(), summary.GetProperty("rows").GetInt32());
        Assert.Equal(ResultSchema.Select(c => c.Name), summary.GetProperty("columns").EnumerateArray().Select(c => c.GetProperty("name").GetString()));
        Assert.Equal(0, summary.GetProperty("firstRow").GetProperty("id").GetInt64());
        Assert.Equal(expectedIds[^1], summary.GetProperty("lastRow").GetProperty("id").GetInt64());
        Assert.Equal("row 0", summary.GetProperty("firstRow").GetProperty("name").GetString());
    }

    [Theory]
    [InlineData(DataFormat.Csv, 3)]
    [InlineData(DataFormat.Csv, 2)]
    [InlineData(DataFormat.Jsonl, 2)]
    [InlineData(DataFormat.Parquet, 3)]
    public async Task AssembleAsync_MoreBlocksThanABlobHolds_AssembledInLevels_SameBytes(DataFormat format, int maxBlocks)
    {
        var rows = format == DataFormat.Parquet ? PartRows : [40, 0, 1, 77, 5, 30, 12, 9];
        var parts = await StagePartsAsync(format, rows);
        var single = $"{Root}/out/single.{StagedExtension(format)}";
        var levels = $"{Root}/out/levels.{StagedExtension(format)}";
        await OutputAssembler.AssembleAsync(Store, format, ResultSchema, parts, single, blockLimits: BlockLimits.Unlimited);

        // Block size limit: the whole output in at most maxBlocks blocks of it, so each level must group.
        var total = (await Store.GetInfoAsync(single))!.Size;
        var limits = new BlockLimits(maxBlocks, (total / maxBlocks) + 1024);
        await OutputAssembler.AssembleAsync(Store, format, ResultSchema, parts, levels, limits);

        Assert.Equal(await Store.ReadAllBytesAsync(single), await Store.ReadAllBytesAsync(levels));
        var listed = await Store.ListAsync($"{Root}/out").Select(b => b.Path).ToListAsync();
        Assert.Equal([levels, single], listed);
    }

    [Fact]
    public async Task AssembleAsync_LargerThanLimitsAllow_FailsNamingTheOutput()
    {
        var parts = await StagePartsAsync(DataFormat.Jsonl, [50, 50, 50]);
        var output = $"{Root}/out/too-big.jsonl";

        var e = await Assert.ThrowsAsync<BatchScoringException>(() => OutputAssembler.AssembleAsync(Store, DataFormat.Jsonl, ResultSchema, parts, output, new BlockLimits(2, 100)));

        Assert.Contains($"'{output}'", e.Message, StringComparison.Ordinal);
        Assert.Null(await Store.GetInfoAsync(output));
        Assert.Empty(await Store.ListAsync($"{Root}/out").ToListAsync());
    }

    [Theory]
    [InlineData(DataFormat.Csv, "id,name,score,label,ok,probs\n")]
    [InlineData(DataFormat.Jsonl, "")]
    public async Task AssembleAsync_NoParts_HeaderOrEmpty(DataFormat format, string expected)
    {
        var output = $"{Root}/out/none.{StagedExtension(format)}";

        await OutputAssembler.AssembleAsync(Store, format, ResultSchema, Array.Empty<StagedPart>(), output);

        Assert.Equal(expected, Encoding.UTF8.GetString(await Store.ReadAllBytesAsync(output)));
    }

    [Fact]
    public async Task AssembleAsync_NoParquetParts_EmptyFileWithTheSchema()
    {
        var output = $"{Root}/out/none.parquet";

        await OutputAssembler.AssembleAsync(Store, DataFormat.Parquet, ResultSchema, Array.Empty<StagedPart>(), output);

        await using var reader = await ParquetReader.CreateAsync(new MemoryStream(await Store.ReadAllBytesAsync(output)));
        Assert.Equal(0, reader.RowGroupCount);
        Assert.Equal(ResultSchema.Select(c => c.Name), reader.Schema.Fields.Select(f => f.Name));
    }

    [Fact]
    public async Task AssembleAsync_CsvPartOfAnotherSchema_FailsNamingThePart()
    {
        var parts = await StagePartsAsync(DataFormat.Csv, [3, 3]);
        await Store.WriteAllBytesAsync(parts[1].Path, "other,header\n1,2\n"u8.ToArray());

        var e = await Assert.ThrowsAsync<BatchScoringException>(() => OutputAssembler.AssembleAsync(Store, DataFormat.Csv, ResultSchema, parts, $"{Root}/out.csv"));

        Assert.Contains($"'{parts[1].Path}'", e.Message, StringComparison.Ordinal);
        Assert.Null(await Store.GetInfoAsync($"{Root}/out.csv"));
    }

    [Fact]
    public async Task AssembleAsync_ParquetPartOfAnotherSchema_FailsNamingThePart()
    {
        var parts = await StagePartsAsync(DataFormat.Parquet, [3, 3]);
        ColumnSchema[] other = [new("id", ColumnType.Int64)];
        using (var buffer = new MemoryStream())
        {
            await using (var writer = await ResultWriter.CreateAsync(DataFormat.Parquet, buffer, other))
            {
                await writer.WriteAsync([new DataColumn("id", ColumnType.Int64, new long?[] { 1 })], 1);
                await writer.CompleteAsync();
            }

            await Store.WriteAllBytesAsync(parts[1].Path, buffer.ToArray());
        }

        var e = await Assert.ThrowsAsync<BatchScoringException>(() => OutputAssembler.AssembleAsync(Store, DataFormat.Parquet, ResultSchema, parts, $"{Root}/out.parquet"));

        Assert.Contains($"'{parts[1].Path}'", e.Message, StringComparison.Ordinal);
    }

    private static string StagedExtension(DataFormat format) => format switch
    {
        DataFormat.Csv => "csv",
        DataFormat.Jsonl => "jsonl",
        _ => "parquet",
    };

    private static IEnumerable<long?> ExpectedIds(int[] partRows) =>
        Enumerable.Range(0, (int)partRows.Sum()).Select(i => (long?)i);

    private static (string? Name, float[] Probs) Row(long id) =>
        (id % 7 == 3 ? null : $"row {id}", [id % 10 / 10f, 1 - (id % 10 / 10f)]);

    private static DataColumn[] Columns(long first, int n)
    {
        var ids = Enumerable.Range(0, n).Select(r => (long?)(first + r)).ToArray();
        return
        [
            new("id", ColumnType.Int64, ids),
            new("name", ColumnType.String, ids.Select(id => Row(id!.Value).Name).ToArray()),
            new("score", ColumnType.Double, ids.Select(id => (double?)(id * 0.5)).ToArray()),
            new("label", ColumnType.Float, ids.Select(id => (float)id!.Value).ToArray()),
            new("ok", ColumnType.Boolean, ids.Select(id => (bool?)(id % 2 == 0)).ToArray()),
            new("probs", ColumnType.FloatList, ids.Select(id => Row(id!.Value).Probs).ToArray()),
        ];
    }

    /// <summary>Writes one part per entry of <paramref name="rows"/> under <c>{Root}/staging/parts</c>, ids continuing across parts.</summary>
    private async Task<List<StagedPart>> StagePartsAsync(DataFormat format, int[] rows)
    {
        var parts = new List<StagedPart>();
        long next = 0;
        for (var i = 0; i < rows.Length; i++)
        {
            using var buffer = new MemoryStream();
            await using (var writer = await ResultWriter.CreateAsync(format, buffer, ResultSchema))
            {
                // Chunks of 66,000 rows: the Parquet writer cuts a row group after 65,536, so 70,000 rows make two.
                for (var start = 0; start < rows[i]; start += 66_000)
                {
                    var n = Math.Min(66_000, rows[i] - start);
                    await writer.WriteAsync(Columns(next + start, n), n);
                }

                await writer.CompleteAsync();
            }

            var path = string.Create(CultureInfo.InvariantCulture, $"{Root}/staging/parts/{i:D8}.{StagedExtension(format)}");
            await Store.WriteAllBytesAsync(path, buffer.ToArray());
            parts.Add(new StagedPart(i, path));
            next += rows[i];
        }

        return parts;
    }
}
