using System.Text.Json;
using BatchScoring.Core.Runs;
using BatchScoring.Orchestration.Progress;
using Microsoft.DurableTask.Client;

namespace BatchScoring.Orchestration.Tests;

/// <summary>
/// Every input is pinned to the version planned: an input edited, truncated or rewritten (its write time put back)
/// while a run reads it fails the run at once, without retries, naming the file and what changed; a later run sees
/// such an edit and scores the input again instead of reusing the earlier results.
/// </summary>
public sealed class InputVersionTests
{
    private const string Output = "out/results.csv";

    [Theory]
    [InlineData("edited", "its size")]
    [InlineData("truncated", "its size went from")]
    [InlineData("edited, write time put back", "its size and modification time put back")]
    public async Task Run_InputChangedWhileScored_FailsAtOnceNamingTheFileWithoutRetries(string change, string expected)
    {
        // Arrange: 40 mini-batches of 10 rows; when the first is scored, the input changes under the run.
        await using var fixture = await OrchestrationFixture.StartAsync();
        fixture.WriteInput(400);
        var path = Path.Combine(fixture.Folder.Path, "in", "data.csv");
        var changed = 0;
        var spec = OrchestrationFixture.TestSpec(Guid.NewGuid().ToString("N"), 10, new TestScorer.Faults
        {
            BeforeScore = _ =>
            {
                if (Interlocked.Exchange(ref changed, 1) == 0)
                {
                    Change(path, change);
                }
            },
        });
        spec = spec with { Execution = spec.Execution with { MaxParallelMiniBatches = 2, MaxTries = 3, RetryDelaySeconds = 60 } };

        // Act
        var run = await fixture.RunAsync(spec);

        // Assert: failed with the change named, by the mini-batch that read it, and no mini-batch was retried (a retry
        // would wait 60 s and count an attempt; the error records would say "after 3 tries").
        Assert.Equal(OrchestrationRuntimeStatus.Failed, run.RuntimeStatus);
        var failure = RunFailures.Of(run)!;
        Assert.StartsWith("Input 'in/data.csv' changed since the run planned it: ", failure.Message, StringComparison.Ordinal);
        Assert.Contains(expected.Replace("its size", change == "edited" ? "written again" : "its size", StringComparison.Ordinal), failure.Message, StringComparison.Ordinal);
        Assert.False(fixture.Exists(Output));
        using var summary = JsonDocument.Parse(fixture.Read(RunLayout.SummaryBeside(Output)));
        Assert.Equal("failed", summary.RootElement.GetProperty("status").GetString());
        Assert.Equal(failure.Message, summary.RootElement.GetProperty("reason").GetString());
        Assert.Equal("ScoreMiniBatch", summary.RootElement.GetProperty("failedStep").GetString());
        Assert.True(summary.RootElement.GetProperty("wallSeconds").GetDouble() < 60, "a retry waits 60 s; none may happen");
    }

    [Fact]
    public async Task Rerun_InputEditedWithWriteTimePutBack_ScoredAgainNotReused()
    {
        // Arrange: a committed run, then an edit of the same length with the file's write time put back, as `cp -p`,
        // `rsync -t` and `tar` do: before, the rerun was "an identical committed run" with the old predictions.
        await using var fixture = await OrchestrationFixture.StartAsync();
        fixture.WriteInput(20);
        var spec = OrchestrationFixture.TestSpec(Guid.NewGuid().ToString("N"), 10);
        var first = await fixture.RunAsync(spec);
        Assert.Equal(OrchestrationRuntimeStatus.Completed, first.RuntimeStatus);
        Assert.Contains("\n7,14\n", fixture.Read(Output), StringComparison.Ordinal);
        var path = Path.Combine(fixture.Folder.Path, "in", "data.csv");
        Change(path, "edited, write time put back");

        // Act
        var second = await fixture.RunAsync(spec);

        // Assert
        Assert.Equal(OrchestrationRuntimeStatus.Completed, second.RuntimeStatus);
        Assert.False(second.ReadOutputAs<Contracts.ScoringRunResult>()!.Reused);
        Assert.Contains("\n7,18\n", fixture.Read(Output), StringComparison.Ordinal);
    }

    /// <summary>Changes the input: row 7's x from 7 to 9 (same length), or cuts it to half its length.</summary>
    private static void Change(string path, string how)
    {
        var written = File.GetLastWriteTimeUtc(path);
        if (how == "truncated")
        {
            using var file = new FileStream(path, FileMode.Open, FileAccess.Write);
            file.SetLength(file.Length / 2);
            return;
        }

        var text = File.ReadAllText(path).Replace("\n7,7\n", "\n7,9\n", StringComparison.Ordinal);
        using (var file = new FileStream(path, FileMode.Open, FileAccess.Write))
        {
            var bytes = System.Text.Encoding.UTF8.GetBytes(text);
            file.Write(bytes);
        }

        if (how.Contains("put back", StringComparison.Ordinal))
        {
            File.SetLastWriteTimeUtc(path, written);
        }
    }
}
