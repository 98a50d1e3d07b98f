using BatchScoring.Core.Data;
using BatchScoring.Core.Planning;
using BatchScoring.Storage.Formats;
using BatchScoring.Storage.Formats.Csv;
using BatchScoring.Storage.Local;
using BatchScoring.Tests;

namespace BatchScoring.Storage.Tests.Formats.Csv;

/// <summary>
/// CSV cells decoded straight into feature blocks: the fast path (plain whole numbers of a run of feature columns)
/// and the general path (anything else) must agree, row by row, on values and on errors.
/// </summary>
public sealed class CsvDecodeTests
{
    private const string Header = "id,a,b,c\n";

    [Fact]
    public async Task Decode_UInt8Cells_EveryFormAndEveryRefusal()
    {
        var rows = new (string Line, byte[]? Values, string? Error)[]
        {
            ("r1,1,2,3", [1, 2, 3], null),
            ("r2, 4,5 ,6", [4, 5, 6], null),                 // spaces: the general path
            ("r3,\"7\",8,9", [7, 8, 9], null),                // a quoted number
            ("r4,1e1,2.0,+3", [10, 2, 3], null),              // exponent, fraction of zero, sign
            ("r5,0,255,000", [0, 255, 0], null),
            ("r6,256,0,0", null, "column 'a' is 256, out of range for the model input: it takes uint8 (whole numbers 0 to 255)"),
            ("r7,0,-1,0", null, "column 'b' is -1, out of range for the model input: it takes uint8 (whole numbers 0 to 255)"),
            ("r8,0,0,2.5", null, "column 'c' is 2.5, not a whole number; the model input takes uint8 (whole numbers 0 to 255)"),
            ("r9,0,,0", null, "column 'b' is empty; the model needs a number"),
            ("r10,0,x,0", null, "column 'b' is not a number: 'x'"),
            ("r11,1,2", null, "has 3 fields, the header has 4"),
            ("r12,1,2,3,4", null, "has more fields than the header's 4"),
            ("r13,9,8,7\r", [9, 8, 7], null),                 // CRLF line end
            ("r14,1e309,0,0", null, "column 'a' is 1e309, out of range for the model input: it takes uint8 (whole numbers 0 to 255)"),
            ("r15,3,2,1", [3, 2, 1], null),
        };

        using var batch = await DecodeAsync(Header + string.Join('\n', rows.Select(r => r.Line)), rows.Length, FeatureElementType.UInt8);

        for (var r = 0; r < rows.Length; r++)
        {
            Assert.Equal(rows[r].Error, batch.RowErrors[r]?.Message);
            if (rows[r].Values is { } values)
            {
                Assert.Equal(values, batch.Features[0].Rows<byte>(r, 1).ToArray());
            }
        }

        Assert.Equal(rows.Select(r => r.Line.Split(',')[0]), ((string?[])batch.PassThrough[0].Values).Take(rows.Length));
        Assert.Equal("t.csv row 6", batch.ItemName(5));
    }

    [Theory]
    [InlineData(FeatureElementType.Float)]
    [InlineData(FeatureElementType.Double)]
    [InlineData(FeatureElementType.Int64)]
    [InlineData(FeatureElementType.Int32)]
    [InlineData(FeatureElementType.Int16)]
    [InlineData(FeatureElementType.Int8)]
    public async Task Decode_WholeNumbers_SameValueInEveryElementType(FeatureElementType type)
    {
        using var batch = await DecodeAsync(Header + "x,1,-2,100\ny,0,7,-100\n", 2, type);

        Assert.All(batch.RowErrors, e => Assert.Null(e));
        Assert.Equal([1, -2, 100, 0, 7, -100], Values(batch.Features[0], type));
    }

    [Fact]
    public async Task Decode_Float_FractionsExponentsAndNonFinite()
    {
        using var batch = await DecodeAsync(Header + "x,0.5,-1e-3,3\ny,inf,0,0\nz,1.5e300,0,0\n", 3, FeatureElementType.Float);

        Assert.Equal([0.5f, -0.001f, 3f], batch.Features[0].Rows<float>(0, 1).ToArray());
        Assert.Equal("column 'a' is inf and model.allowNaN is false (NaN and infinities are refused)", batch.RowErrors[1]!.Message);
        Assert.Equal("column 'a' is 1.5e300, out of range for the model input: it takes float (numbers from -3.4028235E+38 to 3.4028235E+38)", batch.RowErrors[2]!.Message);
    }

    [Fact]
    public async Task Decode_ManyChunksOfLongRows_RowNumbersFollowOn()
    {
        var lines = Enumerable.Range(0, 30000).Select(i => $"{i},{i % 256},{(i * 7) % 256},{(i * 13) % 256}");
        using var temp = new TempFolder();
        var csv = Header + string.Join('\n', lines) + "\n";
        temp.Write("t.csv", csv);
        var request = new TabularReadRequest([new FeatureInput("x", ["a", "b", "c"], FeatureElementType.UInt8)], ["id"], ChunkBytes: 64 << 10);
        var slice = new InputSlice("t.csv", 0, 30000, Header.Length, csv.Length);

        var firstRows = new List<long>();
        var ids = new List<string?>();
        await foreach (var chunk in new CsvReader().ReadAsync(new LocalBlobStore(temp.Path), slice, request))
        {
            using (chunk)
            {
                firstRows.Add(chunk.FirstRow);
                ids.AddRange(((string?[])chunk.PassThrough[0].Values).Take(chunk.RowCount));
                Assert.All(chunk.RowErrors, e => Assert.Null(e));
                var last = chunk.RowCount - 1;
                var id = chunk.FirstRow + last;
                Assert.Equal([(byte)(id % 256), (byte)(id * 7 % 256), (byte)(id * 13 % 256)], chunk.Features[0].Rows<byte>(last, 1).ToArray());
            }
        }

        Assert.True(firstRows.Count > 1);
        Assert.Equal(Enumerable.Range(0, 30000).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)), ids);
    }

    /// <summary>
    /// Wide rows, where whole windows of cells are read at once: every cell form at every position of a window must
    /// give what a cell-by-cell reading gives, the value or the first refused column.
    /// </summary>
    /// <remarks>
    /// One unusual cell in 20 tests the refusals (most rows have one); one in 400 leaves most rows whole, so that their
    /// values are compared too.
    /// </remarks>
    [Theory]
    [InlineData(FeatureElementType.UInt8, 20)]
    [InlineData(FeatureElementType.UInt8, 400)]
    [InlineData(FeatureElementType.Int16, 20)]
    [InlineData(FeatureElementType.Int64, 20)]
    [InlineData(FeatureElementType.Float, 20)]
    [InlineData(FeatureElementType.Float, 400)]
    public async Task Decode_WideRowsOfMixedCells_AgreeWithCellByCellReading(FeatureElementType type, int unusualOneIn)
    {
        const int width = 150;
        const int rowCount = 400;
        string[] unusual = ["256", "-1", " 7", "\"8\"", "2.0", "", "1e1", "000000000012", "+3", "x", "1000000000", "99999", "0", "-0", "255", "256", "260", "299", "300", "999", "007", "0012", "00"];
        var random = new Random(20261127);
        var names = Enumerable.Range(0, width).Select(c => $"p{c}").ToArray();
        var lines = new List<string>();
        var expected = new List<(double[]? Values, string? FirstBad)>();
        for (var r = 0; r < rowCount; r++)
        {
            var cells = new string[width];
            for (var c = 0; c < width; c++)
            {
                cells[c] = random.Next(unusualOneIn) == 0 ? unusual[random.Next(unusual.Length)] : random.Next(256).ToString(System.Globalization.CultureInfo.InvariantCulture);
            }

            lines.Add($"r{r}," + string.Join(',', cells));
            var values = cells.Select(c => Reference(c, type)).ToArray();
            var bad = Array.FindIndex(values, v => v is null);
            expected.Add(bad < 0 ? ([.. values.Select(v => v!.Value)], null) : (null, names[bad]));
        }

        using var temp = new TempFolder();
        var header = "id," + string.Join(',', names) + "\n";
        var csv = header + string.Join('\n', lines) + "\n";
        temp.Write("t.csv", csv);
        var request = new TabularReadRequest([new FeatureInput("x", names, type, width)], ["id"]);
        var slice = new InputSlice("t.csv", 0, rowCount, header.Length, csv.Length);
        var row = 0;
        await foreach (var chunk in new CsvReader().ReadAsync(new LocalBlobStore(temp.Path), slice, request))
        {
            using (chunk)
            {
                for (var r = 0; r < chunk.RowCount; r++, row++)
                {
                    var (values, firstBad) = expected[row];
                    if (firstBad is null)
                    {
                        Assert.Null(chunk.RowErrors[r]);
                        Assert.Equal(values, Row(chunk.Features[0], type, r));
                    }
                    else
                    {
                        Assert.StartsWith($"column '{firstBad}' ", chunk.RowErrors[r]?.Message);
                    }
                }
            }
        }

        Assert.Equal(rowCount, row);
    }

    /// <summary>What one cell is as <paramref name="type"/>, read on its own; null when it is refused.</summary>
    private static double? Reference(string cell, FeatureElementType type)
    {
        var text = cell.Trim().Trim('"');
        if (!double.TryParse(text, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var value))
        {
            return null;
        }

        var (min, max) = type switch
        {
            FeatureElementType.UInt8 => (0d, 255d),
            FeatureElementType.Int16 => (short.MinValue, short.MaxValue),
            FeatureElementType.Int64 => (-9e18, 9e18),
            _ => (double.MinValue, double.MaxValue),
        };
        var whole = type == FeatureElementType.Float || value == Math.Floor(value);
        return whole && value >= min && value <= max ? (type == FeatureElementType.Float ? (float)value : value) : null;
    }

    private static double[] Row(FeatureBlock block, FeatureElementType type, int row) => type switch
    {
        FeatureElementType.UInt8 => [.. block.Rows<byte>(row, 1).ToArray().Select(v => (double)v)],
        FeatureElementType.Int16 => [.. block.Rows<short>(row, 1).ToArray().Select(v => (double)v)],
        FeatureElementType.Int64 => [.. block.Rows<long>(row, 1).ToArray().Select(v => (double)v)],
        _ => [.. block.Rows<float>(row, 1).ToArray().Select(v => (double)v)],
    };

    private static async Task<TabularBatch> DecodeAsync(string csv, int rows, FeatureElementType type)
    {
        using var temp = new TempFolder();
        temp.Write("t.csv", csv);
        var request = new TabularReadRequest([new FeatureInput("x", ["a", "b", "c"], type)], ["id"]);
        var slice = new InputSlice("t.csv", 0, rows, Header.Length, System.Text.Encoding.UTF8.GetByteCount(csv));
        TabularBatch? batch = null;
        await foreach (var chunk in new CsvReader().ReadAsync(new LocalBlobStore(temp.Path), slice, request))
        {
            Assert.Null(batch);
            batch = chunk;
        }

        return batch!;
    }

    private static double[] Values(FeatureBlock block, FeatureElementType type) => type switch
    {
        FeatureElementType.Float => [.. block.Rows<float>(0, 2).ToArray().Select(v => (double)v)],
        FeatureElementType.Double => block.Rows<double>(0, 2).ToArray(),
        FeatureElementType.Int64 => [.. block.Rows<long>(0, 2).ToArray().Select(v => (double)v)],
        FeatureElementType.Int32 => [.. block.Rows<int>(0, 2).ToArray().Select(v => (double)v)],
        FeatureElementType.Int16 => [.. block.Rows<short>(0, 2).ToArray().Select(v => (double)v)],
        _ => [.. block.Rows<sbyte>(0, 2).ToArray().Select(v => (double)v)],
    };
}
