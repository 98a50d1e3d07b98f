using System.Text;
using BatchScoring.Core;
using BatchScoring.Orchestration.Contracts;
using BatchScoring.Orchestration.Reports;
using Xunit.Abstractions;

namespace BatchScoring.Orchestration.Tests.Reports;

public sealed class TimelineFileTests(ITestOutputHelper output)
{
    [Fact]
    public async Task WriteAsync_HundredThousandMiniBatches_UnderTenMegabytesAndRoundTrips()
    {
        // Arrange: worker names as the runner gives them (machine/pid), times up to 10^7 ms, 100 items each.
        var header = ReportSamples.Header();
        var entries = Enumerable.Range(0, 100_000).Select(i => new TimelineEntry(
            i, i % 50 == 0 ? 2 : 1, $"machine-name/{12345 + (i % 4)}", i * 99L, (i * 99L) + 3_000 + (i % 7_000), 100, i % 13 == 0 ? 4 : 0,
            i % 1_000 == 999 ? TimelineOutcome.Failed : TimelineOutcome.Done, i % header.Inputs.Count)).ToList();
        Assert.InRange(entries.Max(e => e.EndMs), 9_000_000, 10_000_000);
        using var stream = new MemoryStream();

        // Act
        await TimelineFile.WriteAsync(stream, header, entries, CancellationToken.None);
        stream.Position = 0;
        var (readHeader, readEntries) = await TimelineFile.ReadAsync(stream, "out/results.csv.timeline.jsonl", CancellationToken.None);

        // Assert
        output.WriteLine($"100,000 mini-batches: {stream.Length:N0} bytes ({stream.Length / 1e6:F2} MB)");
        Assert.True(stream.Length <= 10_000_000, $"{stream.Length:N0} bytes");
        Assert.Equal(header.Run, readHeader.Run);
        Assert.Equal(header.StartedUtc, readHeader.StartedUtc);
        Assert.Equal(header.Inputs, readHeader.Inputs);
        Assert.Equal(entries, readEntries);
    }

    [Fact]
    public async Task WriteAsync_Entries_OneCompactLineEachWithTheContractNames()
    {
        // Arrange
        var header = new TimelineHeader("r", new DateTime(2026, 1, 5, 2, 0, 0, DateTimeKind.Utc), ["in/a.csv", "in/b.csv"]);
        TimelineEntry[] entries =
        [
            new(0, 1, "vm-3/4121", 12, 2048, 1000, 0, TimelineOutcome.Done, 0),
            new(1, 2, "vm-3/4121", 15, 9120, 990, 10, TimelineOutcome.Failed, 1),
            new(2, 1, "vm-4/77", 0, 0, 5, 0, TimelineOutcome.Reused, 1),
        ];
        using var stream = new MemoryStream();

        // Act
        await TimelineFile.WriteAsync(stream, header, entries, CancellationToken.None);

        // Assert
        Assert.Equal(
            "{\"run\":\"r\",\"startedUtc\":\"2026-01-05T02:00:00Z\",\"inputs\":[\"in/a.csv\",\"in/b.csv\"]}\n" +
            "{\"i\":0,\"a\":1,\"w\":\"vm-3/4121\",\"s\":12,\"e\":2048,\"n\":1000,\"o\":\"done\",\"in\":0}\n" +
            "{\"i\":1,\"a\":2,\"w\":\"vm-3/4121\",\"s\":15,\"e\":9120,\"n\":990,\"f\":10,\"o\":\"failed\",\"in\":1}\n" +
            "{\"i\":2,\"a\":1,\"w\":\"vm-4/77\",\"s\":0,\"e\":0,\"n\":5,\"o\":\"reused\",\"in\":1}\n",
            Encoding.UTF8.GetString(stream.ToArray()));
    }

    [Fact]
    public async Task ReadAsync_NoEntries_HeaderOnly()
    {
        // Arrange
        using var stream = Utf8("{\"run\":\"r\",\"startedUtc\":\"2026-01-05T02:00:00Z\",\"inputs\":[]}\n\n");

        // Act
        var (header, entries) = await TimelineFile.ReadAsync(stream, "t.jsonl", CancellationToken.None);

        // Assert
        Assert.Equal("r", header.Run);
        Assert.Empty(header.Inputs);
        Assert.Empty(entries);
    }

    [Theory]
    [InlineData("{\"i\":0,\"a\":1,\"w\":\"x\",\"s\":1,\"e\":2,\"n\":1,\"o\":\"done\",\"in\":0}\n", 1, "not valid JSON for a timeline header")]
    [InlineData(Header + "{\"i\":0,\"a\":1,\"w\":\"x\",\"s\":1,\"e\":2,\"n\":1,\"o\":\"done\",\"in\":0}\n{\"i\":1,\"a\":1,\"w\":\"x\",\"s\":1\n", 3, "not valid JSON for a timeline entry")]
    [InlineData(Header + "\n{\"i\":0,\"a\":1,\"s\":1,\"e\":2,\"n\":1,\"o\":\"done\",\"in\":0}\n", 3, "not valid JSON for a timeline entry")]
    [InlineData(Header + "{\"i\":0,\"a\":1,\"w\":null,\"s\":1,\"e\":2,\"n\":1,\"o\":\"done\",\"in\":0}\n", 2, "not valid JSON for a timeline entry")]
    [InlineData(Header + "{\"i\":0,\"a\":1,\"w\":\"x\",\"s\":1,\"e\":2,\"n\":1,\"o\":\"lost\",\"in\":0}\n", 2, "not valid JSON for a timeline entry")]
    [InlineData(Header + "{\"i\":0,\"a\":1,\"w\":\"x\",\"s\":1,\"e\":2,\"n\":1,\"o\":\"done\",\"in\":1}\n", 2, "input 1 is not one of the header's 1 inputs")]
    [InlineData("", 1, "missing: the file is empty")]
    public async Task ReadAsync_MalformedLine_ThrowsNamingThePathAndTheLine(string text, int line, string what)
    {
        // Arrange
        using var stream = Utf8(text);

        // Act
        var e = await Assert.ThrowsAsync<BatchScoringException>(() => TimelineFile.ReadAsync(stream, "out/r.csv.timeline.jsonl", CancellationToken.None));

        // Assert
        Assert.StartsWith($"timeline 'out/r.csv.timeline.jsonl' line {line}: {what}", e.Message, StringComparison.Ordinal);
    }

    private const string Header = "{\"run\":\"r\",\"startedUtc\":\"2026-01-05T02:00:00Z\",\"inputs\":[\"in/a.csv\"]}\n";

    private static MemoryStream Utf8(string text) => new(Encoding.UTF8.GetBytes(text));
}
