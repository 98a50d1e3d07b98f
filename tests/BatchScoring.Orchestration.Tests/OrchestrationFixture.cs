using BatchScoring.Core.Runs;
using BatchScoring.Core.Spec;
using BatchScoring.Engine;
using BatchScoring.Orchestration.Contracts;
using BatchScoring.Orchestration.Orchestrators;
using BatchScoring.Storage.Local;
using BatchScoring.Tests;
using Microsoft.DurableTask.Client;

namespace BatchScoring.Orchestration.Tests;

/// <summary>
/// A real Durable Task engine (in memory, with replay: the runner's own) running the scoring orchestration over a temp
/// folder, the library registered as every host registers it.
/// </summary>
internal sealed class OrchestrationFixture : IAsyncDisposable
{
    private readonly ScoringHost host;

    private OrchestrationFixture(TempFolder folder, ScoringHost host)
    {
        Folder = folder;
        this.host = host;
        Store = (LocalBlobStore)host.Store;
    }

    public TempFolder Folder { get; }

    public LocalBlobStore Store { get; }

    public ScoringEngine Engine => host.Engine;

    public DurableTaskClient Client => host.Durable.Client;

    /// <summary>Starts the engine; <paramref name="bounds"/> cuts the fan-out differently (tests of ContinueAsNew generations).</summary>
    public static async Task<OrchestrationFixture> StartAsync(TempFolder? folder = null, ShardBounds? bounds = null)
    {
        folder ??= new TempFolder();
        var loggerFactory = Environment.GetEnvironmentVariable("BATCHSCORING_TEST_LOGS") is { } file ? FileLogger.Factory(file) : null;
        var host = ScoringHost.Create(folder.Path, loggerFactory);
        await host.StartDurableAsync(activitySlots: 32, scoringRun: bounds is null ? null : () => new ScoringRun(bounds));
        return new OrchestrationFixture(folder, host);
    }

    /// <summary>
    /// A tabular spec over in/*.csv (id,x) for the named run, scored by <see cref="TestScorer"/> with
    /// <paramref name="faults"/> (none by default): the test keeps the faults object to switch faults and read the
    /// scorer's counters; <see cref="TestScorer.Spec"/> links it to the run.
    /// </summary>
    public static RunSpec TestSpec(string run, long rowsPerMiniBatch, TestScorer.Faults? faults = null)
    {
        return new RunSpec
        {
            Name = run,
            Input = new InputSpec { Location = "in", Glob = "*.csv", Mode = InputMode.Tabular, PassThroughColumns = ["id"] },
            MiniBatch = new MiniBatchSpec { Rows = rowsPerMiniBatch },
            Scorer = TestScorer.Spec(run, faults ?? new TestScorer.Faults()),
            Execution = new ExecutionSpec { RetryDelaySeconds = 0.1, MiniBatchTimeout = 30 },
            Output = new OutputSpec { Path = "out/results.csv" },
        };
    }

    /// <summary>Writes in/data.csv with ids and x = 0 .. rows-1.</summary>
    public void WriteInput(int rows) =>
        Folder.Write("in/data.csv", "id,x\n" + string.Concat(Enumerable.Range(0, rows).Select(i => $"{i},{i}\n")));

    public Task<string> StartRunAsync(RunSpec spec) =>
        Client.ScheduleNewOrchestrationInstanceAsync(nameof(ScoringRun), new ScoringRunInput(spec, DurableEngine.InMemory));

    public async Task<OrchestrationMetadata> RunAsync(RunSpec spec, TimeSpan? timeout = null)
    {
        var id = await StartRunAsync(spec);
        using var cancel = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(90));
        return await Client.WaitForInstanceCompletionAsync(id, getInputsAndOutputs: true, cancel.Token);
    }

    public string Read(string path) => File.ReadAllText(Path.Combine(Store.Root, path));

    public bool Exists(string path) => File.Exists(Path.Combine(Store.Root, path));

    public async ValueTask DisposeAsync()
    {
        await host.DisposeAsync();
        Folder.Dispose();
    }
}
