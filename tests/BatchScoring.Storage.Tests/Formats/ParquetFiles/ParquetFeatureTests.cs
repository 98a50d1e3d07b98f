using BatchScoring.Core.Data;
using BatchScoring.Core.Planning;
using BatchScoring.Storage.Formats;
using BatchScoring.Storage.Formats.ParquetFiles;
using BatchScoring.Storage.Local;
using BatchScoring.Tests;
using Parquet;
using Parquet.Schema;

namespace BatchScoring.Storage.Tests.Formats.ParquetFiles;

/// <summary>
/// Parquet feature columns land in the right row and position of their blocks, whatever the cut: row groups of
/// 300 rows, chunks of 128 rows starting inside a group, tiles of rows that do not divide the chunk, columns of three
/// physical types in three inputs (the float ones eight at a time, see <see cref="FloatTranspose"/>, and the last six one
/// by one), and row errors on the row that holds the bad value.
/// </summary>
public sealed class ParquetFeatureTests
{
    private const int Rows = 1000;
    private const int Floats = 70;

    [Fact]
    public async Task Read_ManyColumnsInSmallChunks_EveryValueInItsRowAndPosition()
    {
        // Arrange: float columns (NaN in two rows), whole numbers for a uint8 input (256 and -1 in two rows), nullable
        // doubles (a null in one row).
        using var temp = new TempFolder();
        var random = new Random(7);
        var floats = Enumerable.Range(0, Floats).Select(_ => Enumerable.Range(0, Rows).Select(_ => (float)random.NextDouble()).ToArray()).ToArray();
        floats[3][15] = float.NaN;
        floats[69][700] = float.NaN;
        floats[10][850] = float.PositiveInfinity;
        var ints = Enumerable.Range(0, 3).Select(_ => Enumerable.Range(0, Rows).Select(_ => random.Next(256)).ToArray()).ToArray();
        ints[1][840] = 256;
        ints[0][64] = -1;
        var doubles = Enumerable.Range(0, 4).Select(_ => Enumerable.Range(0, Rows).Select(_ => (double?)random.NextDouble()).ToArray()).ToArray();
        doubles[2][131] = null;
        await WriteAsync(Path.Combine(temp.Path, "t.parquet"), floats, ints, doubles, rowGroup: 300);
        var request = new TabularReadRequest(
            [new FeatureInput("floats", ["fa_*"], FeatureElementType.Float), new FeatureInput("bytes", ["in_*"], FeatureElementType.UInt8), new FeatureInput("doubles", ["db_*"], FeatureElementType.Double)],
            ["id"],
            MaxChunkRows: 128);

        // Act: rows 10 .. 989.
        var rows = new List<(long Row, float[] Floats, byte[] Bytes, double[] Doubles, ItemError? Error)>();
        await foreach (var chunk in new ParquetTabularReader().ReadAsync(new LocalBlobStore(temp.Path), new InputSlice("t.parquet", 10, 980, 0, 0), request))
        {
            using (chunk)
            {
                Assert.True(chunk.RowCount <= 128);
                for (var r = 0; r < chunk.RowCount; r++)
                {
                    rows.Add((chunk.FirstRow + r, chunk.Features[0].Rows<float>(r, 1).ToArray(), chunk.Features[1].Rows<byte>(r, 1).ToArray(), chunk.Features[2].Rows<double>(r, 1).ToArray(), chunk.RowErrors[r]));
                }
            }
        }

        // Assert
        Assert.Equal(Enumerable.Range(10, 980).Select(r => (long)r), rows.Select(r => r.Row));
        var failed = rows.Where(r => r.Error is not null).ToDictionary(r => r.Row, r => r.Error!);
        Assert.Equal([15L, 64L, 131L, 700L, 840L, 850L], failed.Keys.Order());
        Assert.Contains("'fa_3'", failed[15].Message, StringComparison.Ordinal);
        Assert.Contains("'in_0'", failed[64].Message, StringComparison.Ordinal);
        Assert.Equal("column 'db_2' is null; the model needs a number", failed[131].Message);
        Assert.Contains("'fa_69'", failed[700].Message, StringComparison.Ordinal);
        Assert.Contains("'in_1'", failed[840].Message, StringComparison.Ordinal);
        Assert.Contains("'fa_10'", failed[850].Message, StringComparison.Ordinal);
        foreach (var (row, f, b, d, error) in rows.Where(r => r.Error is null))
        {
            Assert.Equal(floats.Select(c => c[row]), f);
            Assert.Equal(ints.Select(c => (byte)c[row]), b);
            Assert.Equal(doubles.Select(c => c[row]!.Value), d);
        }
    }

    [Fact]
    public async Task Read_ColumnsBeyondOneGroupOfColumns_EveryValueInItsPosition()
    {
        // Arrange: 48 double columns of 90,000 rows are over ParquetChunk.ColumnGroupBytes, so they are read and written
        // into the block in more than one group.
        Assert.True(48L * 90_000 * sizeof(double) > ParquetChunk.ColumnGroupBytes);
        using var temp = new TempFolder();
        const int rows = 90_000;
        var doubles = Enumerable.Range(0, 48).Select(c => Enumerable.Range(0, rows).Select(r => (double?)((r * 48) + c)).ToArray()).ToArray();
        await WriteAsync(Path.Combine(temp.Path, "t.parquet"), [], [], doubles, rowGroup: rows);

        // Act
        var values = new List<double>();
        await foreach (var chunk in new ParquetTabularReader().ReadAsync(new LocalBlobStore(temp.Path), new InputSlice("t.parquet", 0, rows, 0, 0), new TabularReadRequest([FeatureInput.Doubles("db_*")], [])))
        {
            using (chunk)
            {
                Assert.All(chunk.RowErrors, e => Assert.Null(e));
                values.AddRange(chunk.Features[0].Rows<double>(0, chunk.RowCount).ToArray());
            }
        }

        // Assert: row r holds r * 48 .. r * 48 + 47.
        Assert.Equal(rows * 48, values.Count);
        Assert.Equal(-1, values.Select((v, i) => v == i ? -1 : i).FirstOrDefault(i => i >= 0, -1));
    }

    private static async Task WriteAsync(string path, float[][] floats, int[][] ints, double?[][] doubles, int rowGroup)
    {
        var rows = floats.Concat<Array>(ints).Concat(doubles).First().Length;
        var id = new DataField<long>("id");
        var fa = floats.Select((_, c) => new DataField<float>($"fa_{c}")).ToArray();
        var db = doubles.Select((_, c) => new DataField<double?>($"db_{c}")).ToArray();
        var @in = ints.Select((_, c) => new DataField<int>($"in_{c}")).ToArray();
        await using var file = File.Create(path);
        await using var writer = await ParquetWriter.CreateAsync(new ParquetSchema([id, .. db, .. fa, .. @in]), file);
        for (var start = 0; start < rows; start += rowGroup)
        {
            var n = Math.Min(rowGroup, rows - start);
            using var group = writer.CreateRowGroup();
            await group.WriteAsync<long>(id, Enumerable.Range(start, n).Select(i => (long)i).ToArray().AsMemory());
            for (var c = 0; c < db.Length; c++)
            {
                await group.WriteAsync<double>(db[c], doubles[c].AsMemory(start, n));
            }

            for (var c = 0; c < fa.Length; c++)
            {
                await group.WriteAsync<float>(fa[c], floats[c].AsMemory(start, n));
            }

            for (var c = 0; c < @in.Length; c++)
            {
                await group.WriteAsync<int>(@in[c], ints[c].AsMemory(start, n));
            }
        }
    }
}
