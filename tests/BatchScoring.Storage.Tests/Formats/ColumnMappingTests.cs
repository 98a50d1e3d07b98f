using System.Text;
using BatchScoring.Core;
using BatchScoring.Core.Data;
using BatchScoring.Core.Planning;
using BatchScoring.Storage.Formats;
using BatchScoring.Storage.Formats.Csv;
using BatchScoring.Storage.Formats.Jsonl;
using BatchScoring.Storage.Local;
using BatchScoring.Tests;

namespace BatchScoring.Storage.Tests.Formats;

/// <summary>
/// Columns are read by name, never by position: globs of numbered names in numeric order, named columns wherever a
/// file (or a JSON object) has them, and a column read twice in a header is refused.
/// </summary>
public sealed class ColumnMappingTests
{
    [Fact]
    public void ResolveFeatures_NumberedGlobInTextOrder_TakesNumericOrder()
    {
        // Arrange: the header as a tool that sorts names as text writes it.
        string[] columns = ["id", .. Enumerable.Range(0, 12).Select(i => $"pixel_{i}").Order(StringComparer.Ordinal)];

        // Act
        var indexes = ColumnResolver.ResolveFeatures(columns, ["pixel_*"], ["id"], "a.csv");

        // Assert
        Assert.Equal(Enumerable.Range(0, 12).Select(i => $"pixel_{i}"), indexes.Select(i => columns[i]));
    }

    [Theory]
    [InlineData(new[] { "f10_z", "f2_z", "f1_z" }, "f*_z", new[] { "f1_z", "f2_z", "f10_z" })]
    [InlineData(new[] { "b", "a", "c" }, "*", new[] { "b", "a", "c" })]
    [InlineData(new[] { "x1", "y2", "x3" }, "*", new[] { "x1", "y2", "x3" })]
    [InlineData(new[] { "p_01", "p_1", "p_0" }, "p_*", new[] { "p_01", "p_1", "p_0" })]
    public void ResolveFeatures_GlobWithoutOneNumberingScheme_KeepsTheFileOrder(string[] columns, string pattern, string[] expected)
    {
        // Act
        var indexes = ColumnResolver.ResolveFeatures(columns, [pattern], [], "a.csv");

        // Assert: numbered names alike are sorted; anything else (other text around the number, equal numbers) keeps the file's order.
        Assert.Equal(expected, indexes.Select(i => columns[i]));
    }

    [Fact]
    public void ResolveFeatures_EscapedNames_LookedUpByNameInAnyOrder()
    {
        // Arrange
        string[] columns = ["c", "a*b", "id", "b"];

        // Act
        var indexes = ColumnResolver.ResolveFeatures(columns, [Glob.Escape("a*b"), "b", "c"], ["id"], "a.csv");

        // Assert
        Assert.Equal(["a*b", "b", "c"], indexes.Select(i => columns[i]));
    }

    [Fact]
    public async Task Csv_TwoFilesWithColumnsInOtherOrders_EachReadByItsOwnHeader()
    {
        // Arrange
        using var temp = new TempFolder();
        temp.Write("a.csv", "id,x,y,z\n1,10,20,30\n");
        temp.Write("b.csv", "z,id,y,x\n300,2,200,100\n");

        // Act
        var a = await ReadOneAsync(new CsvReader(), temp, "a.csv", ["x", "y", "z"], ["id"]);
        var b = await ReadOneAsync(new CsvReader(), temp, "b.csv", ["x", "y", "z"], ["id"]);

        // Assert
        Assert.Equal([10, 20, 30], a.Features[0].Rows<double>(0, 1).ToArray());
        Assert.Equal([100, 200, 300], b.Features[0].Rows<double>(0, 1).ToArray());
    }

    [Fact]
    public async Task JsonLines_ObjectsWithKeysInAnyOrder_EachObjectReadByKey()
    {
        // Arrange: the slice's first object has its keys reversed; later objects shuffle them.
        using var temp = new TempFolder();
        temp.Write("a.jsonl", "{\"z\":3,\"y\":2,\"x\":1,\"id\":1}\n{\"id\":2,\"x\":10,\"y\":20,\"z\":30}\n{\"y\":200,\"id\":3,\"z\":300,\"x\":100}\n");

        // Act: named columns (as planning names them) and a glob expanded from the first object give the same values.
        var named = await ReadOneAsync(new JsonLinesReader(), temp, "a.jsonl", ["x", "y", "z"], ["id"]);
        var globbed = await ReadOneAsync(new JsonLinesReader(), temp, "a.jsonl", ["?"], ["id"]);

        // Assert
        Assert.Equal([1, 2, 3, 10, 20, 30, 100, 200, 300], named.Features[0].Rows<double>(0, 3).ToArray());
        Assert.Equal(["z", "y", "x"], globbed.Features[0].Columns);
        Assert.Equal([3, 2, 1, 30, 20, 10, 300, 200, 100], globbed.Features[0].Rows<double>(0, 3).ToArray());
    }

    [Fact]
    public async Task JsonLines_KeyTwiceInAnObject_IsARowError()
    {
        // Arrange
        using var temp = new TempFolder();
        temp.Write("a.jsonl", "{\"id\":1,\"x\":1,\"x\":2}\n{\"id\":2,\"x\":3}\n");

        // Act
        var batch = await ReadOneAsync(new JsonLinesReader(), temp, "a.jsonl", ["x"], ["id"]);

        // Assert
        Assert.Equal(new ItemError(ErrorKind.Read, "names 'x' twice; which value to read would be a guess"), batch.RowErrors[0]);
        Assert.Null(batch.RowErrors[1]);
    }

    [Theory]
    [InlineData("{\"id\":1,\"x\":1} xyz", "has text after its JSON object: xyz")]
    [InlineData("{\"id\":1,\"x\":1}{\"id\":9}", "has text after its JSON object: {\"id\":9}")]
    public async Task JsonLines_TextAfterTheObject_IsARowError(string line, string message)
    {
        // Arrange
        using var temp = new TempFolder();
        temp.Write("a.jsonl", line + "\n{\"id\":2,\"x\":3}  \n");

        // Act
        var batch = await ReadOneAsync(new JsonLinesReader(), temp, "a.jsonl", ["x"], ["id"]);

        // Assert
        Assert.Equal(new ItemError(ErrorKind.Read, message), batch.RowErrors[0]);
        Assert.Null(batch.RowErrors[1]);
    }

    [Fact]
    public async Task Csv_HeaderAfterAByteOrderMark_IsRead()
    {
        // Arrange: as Excel writes UTF-8 CSV.
        using var temp = new TempFolder();
        temp.Write("a.csv", [0xEF, 0xBB, 0xBF, .. "id,x\n1,2\n"u8]);

        // Act
        var batch = await ReadOneAsync(new CsvReader(), temp, "a.csv", ["x"], ["id"], headerBytes: 8);

        // Assert
        Assert.Equal("1", ((string?[])batch.PassThrough[0].Values)[0]);
        Assert.Equal("id", batch.PassThrough[0].Name);
        Assert.Equal(2, batch.Features[0].Rows<double>(0, 1)[0]);
    }

    [Fact]
    public async Task JsonLines_FileStartingWithAByteOrderMark_FirstObjectRead()
    {
        // Arrange
        using var temp = new TempFolder();
        temp.Write("a.jsonl", [0xEF, 0xBB, 0xBF, .. "{\"id\":1,\"x\":2}\n{\"id\":2,\"x\":3}\n"u8]);

        // Act
        var batch = await ReadOneAsync(new JsonLinesReader(), temp, "a.jsonl", ["*"], ["id"]);

        // Assert
        Assert.All(batch.RowErrors, Assert.Null);
        Assert.Equal([2, 3], batch.Features[0].Rows<double>(0, 2).ToArray());
    }

    [Theory]
    [InlineData("id,x,x\n1,2,3\n", "x", "'a.csv' has two columns named 'x' (columns 2 and 3); rename one: which of them to read would be a guess.")]
    [InlineData("id,x,id\n1,2,3\n", "x", "'a.csv' has two columns named 'id' (columns 1 and 3); rename one: which of them to read would be a guess.")]
    public async Task Csv_ColumnReadNamedTwice_FailsNamingColumnAndFile(string content, string feature, string message)
    {
        // Arrange
        using var temp = new TempFolder();
        temp.Write("a.csv", content);

        // Act
        var e = await Assert.ThrowsAsync<BatchScoringException>(() => ReadOneAsync(new CsvReader(), temp, "a.csv", [feature], ["id"]));

        // Assert
        Assert.Equal(message, e.Message);
    }

    [Fact]
    public async Task Csv_UnusedColumnNamedTwice_IsNoProblem()
    {
        // Arrange
        using var temp = new TempFolder();
        temp.Write("a.csv", "id,note,x,note\n1,a,2,b\n");

        // Act
        var batch = await ReadOneAsync(new CsvReader(), temp, "a.csv", ["x"], ["id"]);

        // Assert
        Assert.Equal(2, batch.Features[0].Rows<double>(0, 1)[0]);
    }

    [Fact]
    public async Task Csv_PassThroughBytesThatAreNotUtf8_RowErrorNeverTheSameReplacementText()
    {
        // Arrange: \xff1 and \xfe1 would both become "\uFFFD1".
        using var temp = new TempFolder();
        temp.Write("a.csv", [.. "id,x\n"u8, 0xFF, (byte)'1', .. ",1\n"u8, 0xFE, (byte)'1', .. ",2\nok,3\n"u8]);

        // Act
        var batch = await ReadOneAsync(new CsvReader(), temp, "a.csv", ["x"], ["id"]);

        // Assert
        Assert.Equal(new ItemError(ErrorKind.Read, "column 'id' is not valid UTF-8 text (byte 0xFF at byte 1 of the value)"), batch.RowErrors[0]);
        Assert.Equal(new ItemError(ErrorKind.Read, "column 'id' is not valid UTF-8 text (byte 0xFE at byte 1 of the value)"), batch.RowErrors[1]);
        Assert.Null(batch.RowErrors[2]);
        Assert.Equal("ok", ((string?[])batch.PassThrough[0].Values)[2]);
    }

    [Fact]
    public async Task JsonLines_PassThroughTypes_FromTheValuesAtTheStartOfTheFile()
    {
        // Arrange
        using var temp = new TempFolder();
        temp.Write("a.jsonl", "{\"id\":0,\"ok\":true,\"w\":1,\"s\":\"x\",\"n\":null,\"m\":1}\n{\"id\":1,\"ok\":false,\"w\":2.5,\"s\":\"y\",\"n\":null,\"m\":\"1\"}\n");
        var store = new LocalBlobStore(temp.Path);

        // Act
        var types = await JsonLinesReader.PassThroughTypesAsync(store, "a.jsonl", ["id", "ok", "w", "s", "n", "m", "absent"]);

        // Assert
        Assert.Equal([ColumnType.Int64, ColumnType.Boolean, ColumnType.Double, ColumnType.String, ColumnType.String, ColumnType.String, ColumnType.String], types);
    }

    [Fact]
    public async Task JsonLines_PassThroughValues_KeepTheirTypeAndAnotherTypeIsARowError()
    {
        // Arrange
        using var temp = new TempFolder();
        temp.Write("a.jsonl", "{\"id\":7,\"flag\":true,\"x\":1}\n{\"id\":\"7\",\"flag\":false,\"x\":2}\n{\"id\":null,\"flag\":null,\"x\":3}\n{\"id\":9007199254740993,\"flag\":1,\"x\":4}\n");
        var request = new TabularReadRequest([FeatureInput.Doubles("x")], ["id", "flag"]) { PassThroughTypes = [ColumnType.Int64, ColumnType.Boolean] };

        // Act
        var batch = await ReadOneAsync(new JsonLinesReader(), temp, "a.jsonl", request);

        // Assert
        Assert.Equal([7L, null, null, 9007199254740993L], (long?[])batch.PassThrough[0].Values);
        Assert.Equal([true, false, null, null], (bool?[])batch.PassThrough[1].Values);
        Assert.Null(batch.RowErrors[0]);
        Assert.Equal(new ItemError(ErrorKind.InvalidValue, "pass-through column 'id' is a string \"7\", but the column holds whole numbers (typed by the first value in the run's first input file)"), batch.RowErrors[1]);
        Assert.Null(batch.RowErrors[2]);
        Assert.Equal(new ItemError(ErrorKind.InvalidValue, "pass-through column 'flag' is a number 1, but the column holds booleans (typed by the first value in the run's first input file)"), batch.RowErrors[3]);
    }

    /// <summary>Reads the whole file as one slice, its pass-through columns typed as a run types them.</summary>
    private static async Task<TabularBatch> ReadOneAsync(ITabularReader reader, TempFolder temp, string file, IReadOnlyList<string> features, IReadOnlyList<string> passThrough, int headerBytes = -1)
    {
        var request = new TabularReadRequest([FeatureInput.Doubles([.. features])], passThrough);
        if (reader is JsonLinesReader)
        {
            request = request with { PassThroughTypes = await JsonLinesReader.PassThroughTypesAsync(new LocalBlobStore(temp.Path), file, passThrough) };
        }

        return await ReadOneAsync(reader, temp, file, request, headerBytes);
    }

    private static async Task<TabularBatch> ReadOneAsync(ITabularReader reader, TempFolder temp, string file, TabularReadRequest request, int headerBytes = -1)
    {
        var store = new LocalBlobStore(temp.Path);
        var info = (await store.GetInfoAsync(file))!;
        var lines = File.ReadAllLines(Path.Combine(temp.Path, file));
        var header = headerBytes >= 0 ? headerBytes : reader is CsvReader ? Encoding.UTF8.GetByteCount(lines[0]) + 1 : 0;
        var rows = lines.Length - (reader is CsvReader ? 1 : 0);
        var batches = new List<TabularBatch>();
        await foreach (var batch in reader.ReadAsync(store, new InputSlice(file, 0, rows, header, info.Size), request))
        {
            batches.Add(batch);
        }

        return Assert.Single(batches);
    }
}
