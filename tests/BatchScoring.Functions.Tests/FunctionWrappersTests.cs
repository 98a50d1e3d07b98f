using BatchScoring.Core.Runs;
using BatchScoring.Core.Spec;
using BatchScoring.Functions.Activities;
using BatchScoring.Functions.Orchestrations;
using BatchScoring.Orchestration.Activities;
using BatchScoring.Orchestration.Contracts;
using BatchScoring.Orchestration.Orchestrators;
using BatchScoring.Tests;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace BatchScoring.Functions.Tests;

/// <summary>
/// The function wrappers, registered under their function names on a real Durable Task engine (in memory, with
/// replay), run a whole scoring run: they hand the context, input and instance id to the orchestration's classes.
/// </summary>
public class FunctionWrappersTests
{
    [Fact]
    public async Task ScoringRun_ThroughTheFunctionWrappers_ScoresEveryRowInOrder()
    {
        using var folder = new TempFolder();
        folder.Write("inputs/data.csv", "id,x\n" + string.Concat(Enumerable.Range(0, 30).Select(i => $"{i},{i}\n")));
        await using var library = ScoringHost.Create(folder.Path);
        var plan = new PlanMiniBatchesActivity(library.Services.GetRequiredService<PlanMiniBatches>());
        var score = new ScoreMiniBatchActivity(library.Services.GetRequiredService<ScoreMiniBatch>());
        var record = new RecordMiniBatchFailureActivity(library.Services.GetRequiredService<RecordMiniBatchFailure>());
        var commit = new CommitOutputActivity(library.Services.GetRequiredService<CommitOutput>());
        var failure = new RecordRunFailureActivity(library.Services.GetRequiredService<RecordRunFailure>());
        await using var host = await DurableTaskTestHost.StartAsync(registry => registry
            .AddOrchestratorFunc<ScoringRunInput, ScoringRunResult>(nameof(ScoringRun), (context, _) => ScoringRunOrchestrator.RunAsync(context))
            .AddOrchestratorFunc<ShardInput, ShardResult>(nameof(ScoreShard), (context, _) => ScoreShardOrchestrator.RunAsync(context))
            .AddActivityFunc<PlanInput, PlanResult>(nameof(PlanMiniBatches), (context, input) => plan.RunAsync(input, context.InstanceId))
            .AddActivityFunc<MiniBatchWork, MiniBatchOutcome>(nameof(ScoreMiniBatch), (context, input) => score.RunAsync(input, context.InstanceId))
            .AddActivityFunc<MiniBatchFailure, long>(nameof(RecordMiniBatchFailure), (context, input) => record.RunAsync(input, context.InstanceId))
            .AddActivityFunc<CommitInput, ScoringRunResult>(nameof(CommitOutput), (context, input) => commit.RunAsync(input, context.InstanceId))
            .AddActivityFunc<RunFailureInput, RunFailureRecord>(nameof(RecordRunFailure), (context, input) => failure.RunAsync(input, context.InstanceId)));
        var spec = new RunSpec
        {
            Name = "wrapped",
            Input = new InputSpec { Location = "inputs", Glob = "*.csv", Mode = InputMode.Tabular, PassThroughColumns = ["id"] },
            MiniBatch = new MiniBatchSpec { Rows = 7 },
            Scorer = new ScorerSpec { Type = typeof(DoublingScorer).AssemblyQualifiedName },
            Execution = new ExecutionSpec { Reuse = false, KeepStaging = true, MaxParallelMiniBatches = 2 },
            Output = new OutputSpec { Path = "outputs/results.csv" },
        };

        var id = await host.Client.ScheduleNewOrchestrationInstanceAsync(nameof(ScoringRun), new ScoringRunInput(spec, DurableEngine.AzureFunctions));
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var run = await host.Client.WaitForInstanceCompletionAsync(id, getInputsAndOutputs: true, timeout.Token);

        Assert.Equal(OrchestrationRuntimeStatus.Completed, run.RuntimeStatus);
        var result = run.ReadOutputAs<ScoringRunResult>()!;
        Assert.Equal(30, result.ItemsScored);
        Assert.Equal(5, result.MiniBatches);
        var rows = File.ReadAllLines(Path.Combine(folder.Path, "outputs/results.csv"));
        Assert.Equal(["id,y", .. Enumerable.Range(0, 30).Select(i => $"{i},{i * 2}")], rows);

        // Without reuse the staging folder (kept here) is named after the instance id the activity wrapper passed on.
        var staging = Directory.GetDirectories(Path.Combine(folder.Path, "outputs/_staging"));
        Assert.EndsWith(id.Replace(':', '_').Replace('.', '_'), Assert.Single(staging), StringComparison.Ordinal);
    }
}
