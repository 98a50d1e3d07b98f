using System.Text;
using BatchScoring.Core.Spec;
using Microsoft.DurableTask.Client;

namespace BatchScoring.Orchestration.Tests;

/// <summary>A spec that sets no mini-batch, execution or thread settings, on the in-memory engine.</summary>
public sealed class DefaultSpecTests
{
    /// <summary>
    /// A wide CSV (784 columns, about 1.6 KB a row) with the default mini-batch size: it is cut into several
    /// mini-batches and more than one of them is scored at a time (the engine once ran them one slot per core with
    /// 500 ms pauses, and the 1 MB default cut 222 MB into 213 mini-batches).
    /// </summary>
    [Fact]
    public async Task Run_WideCsvDefaultSpec_SeveralMiniBatchesScoredAtOnce()
    {
        await using var fixture = await OrchestrationFixture.StartAsync();
        const int rows = 4000;
        var csv = new StringBuilder("id,x," + string.Join(',', Enumerable.Range(0, 782).Select(c => $"pad_{c}")) + "\n");
        var pad = string.Concat(Enumerable.Repeat(",0", 782));
        for (var i = 0; i < rows; i++)
        {
            csv.Append(i).Append(',').Append(i).Append(pad).Append('\n');
        }

        fixture.Folder.Write("in/data.csv", csv.ToString());
        var run = Guid.NewGuid().ToString("N");
        var faults = new TestScorer.Faults { Delay = TimeSpan.FromMilliseconds(100) };
        var spec = OrchestrationFixture.TestSpec(run, 1, faults);
        spec = spec with { MiniBatch = new MiniBatchSpec(), Execution = new ExecutionSpec { Reuse = false } };

        var result = await fixture.RunAsync(spec);

        Assert.Equal(OrchestrationRuntimeStatus.Completed, result.RuntimeStatus);
        var output = result.ReadOutputAs<Contracts.ScoringRunResult>()!;
        Assert.Equal(rows, output.ItemsScored);
        Assert.True(output.MiniBatches > 1, $"{output.MiniBatches} mini-batch(es)");
        Assert.True(faults.MostMiniBatchesAtOnce() > 1, "the mini-batches were scored one at a time");
    }
}
