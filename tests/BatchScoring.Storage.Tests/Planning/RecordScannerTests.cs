using System.Text;
using BatchScoring.Core.Planning;
using BatchScoring.Storage.Planning;

namespace BatchScoring.Storage.Tests.Planning;

/// <summary>The parallel scan of a local file cuts exactly the segments the one-pass scan of a stream cuts.</summary>
public sealed class RecordScannerTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    [InlineData(6)]
    [InlineData(7)]
    [InlineData(8)]
    public async Task ScanFile_RandomCsvAndJsonLines_SameSegmentsAsTheStreamScan(int seed)
    {
        var random = new Random(seed);
        using var temp = new TempFolder();
        for (var n = 0; n < 40; n++)
        {
            // Arrange: bytes from a small alphabet, so quoted newlines, doubled and unbalanced quotes, CRLF and empty
            // lines all occur, cut into blocks of any size (down to one byte)
            const string alphabet = "aaaa11,,  \"\"\n\n\r";
            var content = new string(Enumerable.Range(0, random.Next(0, 6000)).Select(_ => alphabet[random.Next(alphabet.Length)]).ToArray());
            var file = temp.Write($"f{n}.csv", content);
            var csv = random.Next(2) == 0;
            var target = random.Next(3) == 0 ? new MiniBatchTarget(MiniBatchUnit.Rows, random.Next(1, 60)) : new MiniBatchTarget(MiniBatchUnit.Bytes, random.Next(1, 3000));
            int[] sizes = [1, 2, 3, 7, 16, 64, 500, 4096];
            var blockSize = sizes[random.Next(sizes.Length)];
            var workers = random.Next(1, 4);
            await using var stream = new MemoryStream(Encoding.UTF8.GetBytes(content));
            var expected = await RecordScanner.ScanAsync(stream, "f.csv", hasHeader: csv, quoteAware: csv, target, CancellationToken.None);

            // Act
            using var handle = File.OpenHandle(file);
            var actual = RecordScanner.ScanFile(handle, "f.csv", hasHeader: csv, quoteAware: csv, target, workers, CancellationToken.None, blockSize);

            // Assert: the same segments and counts, and the lines and quoted line breaks a plain loop counts
            var what = $"seed {seed} case {n}: csv {csv}, {target}, blocks of {blockSize}, {workers} workers";
            Assert.True(expected.Slices.SequenceEqual(actual.Slices), $"{what}\nexpected {string.Join(" ", expected.Slices)}\nactual   {string.Join(" ", actual.Slices)}");
            var bytes = Encoding.UTF8.GetBytes(content);
            Assert.True(QuotedLineBreaks(bytes, csv) == actual.QuotedLineBreaks && expected.QuotedLineBreaks == actual.QuotedLineBreaks, $"{what}: quoted line breaks {expected.QuotedLineBreaks} / {actual.QuotedLineBreaks}, a plain loop counts {QuotedLineBreaks(bytes, csv)}");
            Assert.All(actual.Slices, s => Assert.Equal(csv ? bytes.AsSpan(0, (int)s.ByteStart).Count((byte)'\n') : null, s.LineStart));
        }
    }

    [Fact]
    public async Task ScanFile_LargeCsvWithQuotedNewlines_SameSegmentsAndEveryRowOnce()
    {
        // Arrange: 200,000 rows, every tenth with a quoted newline, cut into 1 MB mini-batches over 64 KB blocks
        var rows = new StringBuilder("id,text\n");
        for (var i = 0; i < 200_000; i++)
        {
            rows.Append(i).Append(i % 10 == 0 ? ",\"two\nlines, \"\"quoted\"\"\"\r\n" : ",plain text\n");
        }

        using var temp = new TempFolder();
        var file = temp.Write("big.csv", rows.ToString());
        var target = new MiniBatchTarget(MiniBatchUnit.Bytes, 1 << 20);
        await using var stream = File.OpenRead(file);
        var expected = await RecordScanner.ScanAsync(stream, "big.csv", hasHeader: true, quoteAware: true, target, CancellationToken.None);

        // Act
        using var handle = File.OpenHandle(file);
        var actual = RecordScanner.ScanFile(handle, "big.csv", hasHeader: true, quoteAware: true, target, workers: 2, CancellationToken.None, blockSize: 64 << 10);

        // Assert
        Assert.Equal(expected.Slices, actual.Slices);
        Assert.Equal(200_000, actual.Slices.Sum(s => s.RowCount));
        Assert.True(actual.Slices.Count > 2);
        Assert.Equal(20_000, actual.QuotedLineBreaks);
        Assert.Equal(expected.QuotedLineBreaks, actual.QuotedLineBreaks);
    }

    /// <summary>The oracle: line breaks between an odd and an even double quote, counted byte by byte.</summary>
    private static long QuotedLineBreaks(byte[] bytes, bool quoteAware)
    {
        long count = 0;
        var inQuotes = false;
        foreach (var b in bytes)
        {
            inQuotes ^= quoteAware && b == (byte)'"';
            count += inQuotes && b == (byte)'\n' ? 1 : 0;
        }

        return count;
    }

    private sealed class TempFolder : IDisposable
    {
        private readonly string root = Directory.CreateTempSubdirectory("scanner-").FullName;

        public string Write(string name, string content)
        {
            var path = Path.Combine(root, name);
            File.WriteAllText(path, content);
            return path;
        }

        public void Dispose() => Directory.Delete(root, recursive: true);
    }
}
