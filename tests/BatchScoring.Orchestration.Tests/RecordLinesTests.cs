using System.Text.Json;
using BatchScoring.Core.Runs;
using Microsoft.DurableTask.Client;

namespace BatchScoring.Orchestration.Tests;

/// <summary>
/// A CSV record that spans lines is named by its lines: a stray quote at the start of row 6 of a 20-row file joins
/// rows 6-20 into one record; before, the run said "4 scored, 1 failed" with items.total 5 and nothing more.
/// </summary>
public sealed class RecordLinesTests
{
    [Fact]
    public async Task Run_StrayQuoteJoinsRows_ErrorRecordNamesTheLinesAndTheSummarySaysRecordsSpanLines()
    {
        // Arrange: "id,x" then rows 0..19; row 6 (line 7) opens a quote that never closes.
        await using var fixture = await OrchestrationFixture.StartAsync();
        fixture.Folder.Write("in/data.csv", "id,x\n" + string.Concat(Enumerable.Range(0, 20).Select(i => i == 5 ? "\"5,5\n" : $"{i},{i}\n")));
        var spec = OrchestrationFixture.TestSpec(Guid.NewGuid().ToString("N"), 100);

        // Act
        var run = await fixture.RunAsync(spec);

        // Assert
        Assert.Equal(OrchestrationRuntimeStatus.Completed, run.RuntimeStatus);
        var error = JsonDocument.Parse(fixture.Read(RunLayout.ErrorsBeside("out/results.csv")).Trim()).RootElement;
        Assert.Equal("in/data.csv row 6", error.GetProperty("item").GetString());
        Assert.EndsWith("(the record spans lines 7-21: a quoted field holds line breaks; is a quote left open?)", error.GetProperty("message").GetString(), StringComparison.Ordinal);
        using var summary = JsonDocument.Parse(fixture.Read(RunLayout.SummaryBeside("out/results.csv")));
        Assert.Equal(6, summary.RootElement.GetProperty("items").GetProperty("total").GetInt64());
        var note = Assert.Single(summary.RootElement.GetProperty("notes").EnumerateArray()).GetString();
        Assert.Equal("'in/data.csv': 6 records, and 15 line breaks inside quoted fields: some records span several lines. A quote left open joins every line after it into one record; its error record names the lines it spans.", note);
    }

    [Fact]
    public async Task Run_RecordsOnOneLineEach_NoNote()
    {
        // Arrange
        await using var fixture = await OrchestrationFixture.StartAsync();
        fixture.WriteInput(20);

        // Act
        var run = await fixture.RunAsync(OrchestrationFixture.TestSpec(Guid.NewGuid().ToString("N"), 7));

        // Assert
        Assert.Equal(OrchestrationRuntimeStatus.Completed, run.RuntimeStatus);
        using var summary = JsonDocument.Parse(fixture.Read(RunLayout.SummaryBeside("out/results.csv")));
        Assert.False(summary.RootElement.TryGetProperty("notes", out var notes) && notes.ValueKind != JsonValueKind.Null);
    }
}
