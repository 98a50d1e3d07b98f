using System.Text;
using BatchScoring.Core.Data;
using BatchScoring.Engine;
using BatchScoring.Orchestration.Reports;
using Xunit.Abstractions;

namespace BatchScoring.Orchestration.Tests.Reports;

public sealed class ErrorDigestTests(ITestOutputHelper output)
{
    [Fact]
    public async Task ReadAsync_RecordsAsTheEngineWritesThem_CountsByKindAndTheFirstThreeOfEach()
    {
        // Arrange: written by the engine's own writer, so the digest reads the real format.
        var records = new List<ErrorRecord>();
        for (var i = 0; i < 10; i++)
        {
            records.Add(new ErrorRecord(i, $"in/a.csv row {i + 2}", ErrorKind.InvalidValue, $"column 'x' is not a number: 'n{i}'"));
        }

        records.Add(new ErrorRecord(4, "in/b.csv rows 1-100", ErrorKind.MiniBatch, "mini-batch 4 failed after 3 tries: " + new string('z', 1_000)));
        records.Add(new ErrorRecord(5, "img/7.png", ErrorKind.Read, "truncated PNG"));
        records.Add(new ErrorRecord(6, "img/8.png", ErrorKind.Read, "truncated PNG"));
        using var stream = new MemoryStream(records.SelectMany(ErrorRecordWriter.ToJsonLine).ToArray());

        // Act
        var digest = await ErrorDigest.ReadAsync(stream, "/data/out/results.csv.errors.jsonl", CancellationToken.None);

        // Assert
        Assert.Equal("/data/out/results.csv.errors.jsonl", digest.Path);
        Assert.Equal(13, digest.Total);
        Assert.Equal(0, digest.UnreadableLines);
        Assert.Equal([("invalidValue", 10L), ("read", 2L), ("miniBatch", 1L)], digest.Kinds.Select(k => (k.Kind, k.Count)));
        var invalid = digest.Kinds[0];
        Assert.Equal([0, 1, 2], invalid.Samples.Select(s => s.MiniBatch));
        Assert.Equal(new ErrorDigest.Sample(1, "in/a.csv row 3", "column 'x' is not a number: 'n1'"), invalid.Samples[1]);
        var cut = Assert.Single(digest.Kinds[2].Samples).Message;
        Assert.Equal(ErrorDigest.MaxMessageChars, cut.Length);
        Assert.StartsWith("mini-batch 4 failed after 3 tries: zzz", cut, StringComparison.Ordinal);
        Assert.EndsWith("z…", cut, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadAsync_NoFile_None()
    {
        // Act
        var digest = await ErrorDigest.ReadAsync(null, "out/results.csv.errors.jsonl", CancellationToken.None);

        // Assert
        Assert.Null(digest.Path);
        Assert.Equal(0, digest.Total);
        Assert.Empty(digest.Kinds);
    }

    [Fact]
    public async Task ReadAsync_ByteOrderMarkCrLfBlankAndBadLines_ReadsTheRecordsAndCountsTheRest()
    {
        // Arrange: a BOM, CRLF endings, a blank line, three lines that are not records, a huge line, no final newline.
        var text = "\uFEFF{\"miniBatch\":1,\"item\":\"a\",\"kind\":\"read\",\"message\":\"m1\"}\r\n"
            + "\r\n"
            + "not json\n"
            + "{\"miniBatch\":2,\"item\":\"b\",\"message\":\"no kind\"}\n"
            + "[1,2]\n"
            + "{\"message\":\"" + new string('x', 3 * 1024 * 1024) + "\",\"kind\":\"read\"}\n"
            + "{\"kind\":\"score\",\"message\":\"\\u003Cb\\u003E\",\"item\":\"c\",\"extra\":{\"deep\":[1,{\"k\":2}]},\"miniBatch\":3}";
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(text));

        // Act
        var digest = await ErrorDigest.ReadAsync(stream, "e.jsonl", CancellationToken.None);

        // Assert
        Assert.Equal(2, digest.Total);
        Assert.Equal(4, digest.UnreadableLines);
        Assert.Equal([("read", 1L), ("score", 1L)], digest.Kinds.Select(k => (k.Kind, k.Count)));
        Assert.Equal(new ErrorDigest.Sample(3, "c", "<b>"), Assert.Single(digest.Kinds[1].Samples));
    }

    [Theory]
    [InlineData(16)]
    [InlineData(256)]
    public async Task ReadAsync_LargeFile_ReadsItInMemoryThatDoesNotGrowWithTheFile(int mebibytes)
    {
        // Arrange: records produced as they are read (the stream holds none), completing synchronously, so everything
        // the digest allocates is allocated on this thread. (1 GiB allocates the same; it takes 25 s in a Debug build.)
        var bytes = (long)mebibytes << 20;
        using var stream = new GeneratedRecords(bytes);

        // Act
        var allocated = GC.GetAllocatedBytesForCurrentThread();
        var watch = System.Diagnostics.Stopwatch.StartNew();
        var digest = await ErrorDigest.ReadAsync(stream, "big.jsonl", CancellationToken.None);
        allocated = GC.GetAllocatedBytesForCurrentThread() - allocated;

        // Assert
        output.WriteLine($"{bytes:N0} bytes, {digest.Total:N0} records: {watch.Elapsed.TotalSeconds:F1} s, {allocated:N0} bytes allocated");
        Assert.Equal(stream.Lines, digest.Total);
        Assert.Equal(0, digest.UnreadableLines);
        Assert.Equal(GeneratedRecords.Kinds.Length, digest.Kinds.Count);
        Assert.True(allocated < 1024 * 1024, $"{allocated:N0} bytes allocated to read {bytes:N0} bytes");
    }

    /// <summary>A stream of error record lines, made as it is read, cycling through a few kinds.</summary>
    private sealed class GeneratedRecords(long length) : Stream
    {
        public static readonly string[] Kinds = ["invalidValue", "read", "shape", "miniBatch"];

        private readonly byte[][] lines = Kinds.Select((k, i) => ErrorRecordWriter.ToJsonLine(new ErrorRecord(12_345, $"in/2026/01/05/part-{i:D5}.csv row 123456", Enum.Parse<ErrorKind>(k, ignoreCase: true), "column 'pixel_9' is not a number: 'x'"))).ToArray();
        private long position;
        private int line;
        private int offset;

        public long Lines { get; private set; }

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => length;

        public override long Position { get => position; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            var written = 0;
            while (written < buffer.Length)
            {
                var current = lines[line % lines.Length];
                if (offset == 0 && position + current.Length > length)
                {
                    break;
                }

                var n = Math.Min(current.Length - offset, buffer.Length - written);
                current.AsSpan(offset, n).CopyTo(buffer[written..]);
                (written, offset, position) = (written + n, offset + n, position + n);
                if (offset == current.Length)
                {
                    (offset, line, Lines) = (0, line + 1, Lines + 1);
                }
            }

            return written;
        }

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) => ValueTask.FromResult(Read(buffer.Span));

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
