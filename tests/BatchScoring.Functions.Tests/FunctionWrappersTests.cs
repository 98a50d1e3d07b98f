using BatchScoring.Core.Runs;
using BatchScoring.Core.Spec;
using BatchScoring.Functions.Activities;
using BatchScoring.Functions.Options;
using BatchScoring.Functions.Orchestrations;
using BatchScoring.Orchestration.Activities;
using BatchScoring.Orchestration.Contracts;
using BatchScoring.Orchestration.Orchestrators;
using BatchScoring.Tests;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Testing;
using Microsoft.Extensions.DependencyInjection;
using Opt = Microsoft.Extensions.Options.Options;

namespace BatchScoring.Functions.Tests;

/// <summary>
/// The function wrappers, registered under their function names on a real Durable Task engine (in memory, with
/// replay), run a whole scoring run: they hand the context, input and instance id to the orchestration's classes.
/// The orchestrator wrappers refuse an input that did not come through the app's start paths, as one started through
/// Durable's own HTTP API may not have.
/// </summary>
public sealed class FunctionWrappersTests : IAsyncLifetime
{
    private static readonly BatchScoringOptions Options = new() { InputsContainer = "inputs", OutputsContainer = "outputs", SpecsContainer = "specs" };

    private static readonly RunSpec Spec = new()
    {
        Name = "wrapped",
        Input = new InputSpec { Location = "inputs", Glob = "*.csv", Mode = InputMode.Tabular, PassThroughColumns = ["id"] },
        MiniBatch = new MiniBatchSpec { Rows = 7 },
        Scorer = new ScorerSpec { Type = typeof(DoublingScorer).AssemblyQualifiedName },
        Execution = new ExecutionSpec { Reuse = false, KeepStaging = true, MaxParallelMiniBatches = 2 },
        Output = new OutputSpec { Path = "outputs/results.csv" },
    };

    private readonly TempFolder folder = new();
    private ScoringHost? library;
    private DurableTaskTestHost? host;

    private DurableTaskClient Client => host!.Client;

    public async Task InitializeAsync()
    {
        folder.Write("inputs/data.csv", "id,x\n" + string.Concat(Enumerable.Range(0, 30).Select(i => $"{i},{i}\n")));
        library = ScoringHost.Create(folder.Path);
        var plan = new PlanMiniBatchesActivity(library.Services.GetRequiredService<PlanMiniBatches>());
        var score = new ScoreMiniBatchActivity(library.Services.GetRequiredService<ScoreMiniBatch>());
        var record = new RecordMiniBatchFailureActivity(library.Services.GetRequiredService<RecordMiniBatchFailure>());
        var commit = new CommitOutputActivity(library.Services.GetRequiredService<CommitOutput>());
        var failure = new RecordRunFailureActivity(library.Services.GetRequiredService<RecordRunFailure>());
        var scoringRun = new ScoringRunOrchestrator(Opt.Create(Options));
        var scoreShard = new ScoreShardOrchestrator(Opt.Create(Options));
        host = await DurableTaskTestHost.StartAsync(registry => registry
            .AddOrchestratorFunc<ScoringRunInput, ScoringRunResult>(nameof(ScoringRun), (context, _) => scoringRun.RunAsync(context))
            .AddOrchestratorFunc<ShardInput, ShardResult>(nameof(ScoreShard), (context, _) => scoreShard.RunAsync(context))
            .AddActivityFunc<PlanInput, PlanResult>(nameof(PlanMiniBatches), (context, input) => plan.RunAsync(input, context.InstanceId))
            .AddActivityFunc<MiniBatchWork, MiniBatchOutcome>(nameof(ScoreMiniBatch), (context, input) => score.RunAsync(input, context.InstanceId))
            .AddActivityFunc<MiniBatchFailure, long>(nameof(RecordMiniBatchFailure), (context, input) => record.RunAsync(input, context.InstanceId))
            .AddActivityFunc<CommitInput, ScoringRunResult>(nameof(CommitOutput), (context, input) => commit.RunAsync(input, context.InstanceId))
            .AddActivityFunc<RunFailureInput, RunFailureRecord>(nameof(RecordRunFailure), (context, input) => failure.RunAsync(input, context.InstanceId)));
    }

    public async Task DisposeAsync()
    {
        if (host is not null)
        {
            await host.DisposeAsync();
        }

        if (library is not null)
        {
            await library.DisposeAsync();
        }

        folder.Dispose();
    }

    [Fact]
    public async Task ScoringRun_ThroughTheFunctionWrappers_ScoresEveryRowInOrder()
    {
        // Act
        var id = await Client.ScheduleNewOrchestrationInstanceAsync(nameof(ScoringRun), new ScoringRunInput(Spec, DurableEngine.AzureFunctions));
        var run = await WaitAsync(id);

        // Assert
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

    [Fact]
    [Trait(Behaviours.Trait, Behaviours.ContainerConfinement)]
    public async Task ScoringRun_StartedDirectlyWithPathsOutsideTheContainers_FailsBeforeItReadsOrWritesAnything()
    {
        // Arrange: started as Durable's HTTP API would start it, past every check of the app's start paths.
        var spec = Spec with
        {
            Scorer = Spec.Scorer with { SideInputs = new Dictionary<string, string> { ["lookup"] = "outputs/lookup.json" } },
            Output = new OutputSpec { Path = "inputs/scored/results.csv" },
        };
        var before = Files();

        // Act
        var id = await Client.ScheduleNewOrchestrationInstanceAsync(nameof(ScoringRun), new ScoringRunInput(spec, DurableEngine.AzureFunctions));
        var run = await WaitAsync(id);

        // Assert
        Assert.Equal(OrchestrationRuntimeStatus.Failed, run.RuntimeStatus);
        var message = run.FailureDetails!.ErrorMessage;
        Assert.StartsWith($"ScoringRun {id} refused before it read or wrote anything:", message, StringComparison.Ordinal);
        Assert.Contains("scorer.sideInputs.lookup: must be in container 'specs'", message, StringComparison.Ordinal);
        Assert.Contains("output.path: must be in container 'outputs'", message, StringComparison.Ordinal);
        Assert.Equal(before, Files());
    }

    [Fact]
    [Trait(Behaviours.Trait, Behaviours.ContainerConfinement)]
    public async Task ScoringRun_StartedDirectlyWithAnInvalidSpec_FailsBeforeItReadsOrWritesAnything()
    {
        // Arrange: in the outputs container, but the output would be an input of the next run over outputs/*.csv.
        var spec = Spec with { Input = Spec.Input with { Location = "outputs" }, Output = new OutputSpec { Path = "outputs/results.csv" } };
        var before = Files();

        // Act
        var run = await WaitAsync(await Client.ScheduleNewOrchestrationInstanceAsync(nameof(ScoringRun), new ScoringRunInput(spec, DurableEngine.AzureFunctions)));

        // Assert
        Assert.Equal(OrchestrationRuntimeStatus.Failed, run.RuntimeStatus);
        Assert.Contains("input.location: must be in container 'inputs'", run.FailureDetails!.ErrorMessage, StringComparison.Ordinal);
        Assert.Contains("output.path: lies among the inputs", run.FailureDetails.ErrorMessage, StringComparison.Ordinal);
        Assert.Equal(before, Files());
    }

    [Fact]
    [Trait(Behaviours.Trait, Behaviours.ContainerConfinement)]
    public async Task ScoringRun_ContinuedWithAStagingFolderElsewhere_FailsBeforeItReadsOrWritesAnything()
    {
        // Arrange: a generation "continued as new" whose plan names a staging folder in the inputs container.
        var state = new RunState(new PlanResult("inputs/_staging/forged", 1, 30, "", "forged", null), "start", DateTime.UtcNow, 0, 0, 0, 0, 0, []);
        var before = Files();

        // Act
        var run = await WaitAsync(await Client.ScheduleNewOrchestrationInstanceAsync(nameof(ScoringRun), new ScoringRunInput(Spec, DurableEngine.AzureFunctions, state)));

        // Assert
        Assert.Equal(OrchestrationRuntimeStatus.Failed, run.RuntimeStatus);
        Assert.Contains("state.plan.stagingPrefix: must be a staging folder under 'outputs/_staging/', beside the output, was 'inputs/_staging/forged'", run.FailureDetails!.ErrorMessage, StringComparison.Ordinal);
        Assert.Equal(before, Files());
    }

    [Theory]
    [Trait(Behaviours.Trait, Behaviours.ContainerConfinement)]
    [InlineData("inputs/_staging/forged")]
    [InlineData("outputs/results")]
    [InlineData("outputs/_staging/../../inputs/x")]
    public async Task ScoreShard_StagingFolderNotOneInTheOutputsContainer_FailsBeforeItScoresOrRecordsAnything(string staging)
    {
        // Arrange
        var shard = new ShardInput(new RunRef("forged", staging, "start"), new ExecutionSpec { MaxTries = 1 }, First: 0, Count: 1, Parallel: 1, ItemFailuresAllowed: -1, MiniBatchFailuresAllowed: -1);
        var before = Files();

        // Act
        var run = await WaitAsync(await Client.ScheduleNewOrchestrationInstanceAsync(nameof(ScoreShard), shard));

        // Assert
        Assert.Equal(OrchestrationRuntimeStatus.Failed, run.RuntimeStatus);
        Assert.Contains($"run.stagingPrefix: must be a run's staging folder ('_staging/...') in container 'outputs', was '{staging}'", run.FailureDetails!.ErrorMessage, StringComparison.Ordinal);
        Assert.Equal(before, Files());
    }

    private async Task<OrchestrationMetadata> WaitAsync(string id)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        return await Client.WaitForInstanceCompletionAsync(id, getInputsAndOutputs: true, timeout.Token);
    }

    /// <summary>Every file of the store with its length and write time, as one string to compare.</summary>
    private string Files() => string.Join(
        "\n",
        Directory.EnumerateFiles(folder.Path, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal)
            .Select(f => $"{Path.GetRelativePath(folder.Path, f)} {new FileInfo(f).Length} {File.GetLastWriteTimeUtc(f).Ticks}"));
}
