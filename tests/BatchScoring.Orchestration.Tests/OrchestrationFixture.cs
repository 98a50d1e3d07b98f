using BatchScoring.Core.Spec;
using BatchScoring.Engine;
using BatchScoring.Onnx;
using BatchScoring.Orchestration.Contracts;
using BatchScoring.Orchestration.Orchestrators;
using BatchScoring.Storage.Local;
using BatchScoring.Tests;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace BatchScoring.Orchestration.Tests;

/// <summary>A real Durable Task engine (in memory, with replay) running the scoring orchestration over a temp folder.</summary>
internal sealed class OrchestrationFixture : IAsyncDisposable
{
    private readonly OnnxSessionPool pool = new();
    private readonly ScorerProvider scorers;

    private OrchestrationFixture(TempFolder folder, string root)
    {
        Folder = folder;
        Store = new LocalBlobStore(root);
        scorers = new ScorerProvider(pool, NullLoggerFactory.Instance);
        Engine = new ScoringEngine(Store, scorers, NullLoggerFactory.Instance);
    }

    public TempFolder Folder { get; }

    public LocalBlobStore Store { get; }

    public ScoringEngine Engine { get; }

    public DurableTaskTestHost Host { get; private set; } = null!;

    public DurableTaskClient Client => Host.Client;

    public static async Task<OrchestrationFixture> StartAsync(string? root = null)
    {
        var folder = new TempFolder();
        var fixture = new OrchestrationFixture(folder, root ?? folder.Path);
        fixture.Host = await DurableTaskTestHost.StartAsync(
            registry => registry.AddScoringRun(),
            new DurableTaskTestHostOptions
            {
                ConfigureServices = services => services.AddSingleton(fixture.Engine),
                LoggerFactory = Environment.GetEnvironmentVariable("BATCHSCORING_TEST_LOGS") is { } file ? FileLogger.Factory(file) : null,
            });
        return fixture;
    }

    /// <summary>A tabular spec over in/*.csv (id,x) scored by <see cref="TestScorer"/> for the named run.</summary>
    public static RunSpec TestSpec(string run, long rowsPerMiniBatch, TestScorer.Faults? faults = null)
    {
        TestScorer.Runs[run] = faults ?? new TestScorer.Faults();
        return new RunSpec
        {
            Name = run,
            Input = new InputSpec { Location = "in", Glob = "*.csv", Mode = InputMode.Tabular, PassThroughColumns = ["id"] },
            MiniBatch = new MiniBatchSpec { Rows = rowsPerMiniBatch },
            Scorer = new ScorerSpec { Type = typeof(TestScorer).AssemblyQualifiedName, Arguments = new Dictionary<string, string> { ["run"] = run } },
            Execution = new ExecutionSpec { RetryDelaySeconds = 0.1, MiniBatchTimeout = 30 },
            Output = new OutputSpec { Path = "out/results.csv" },
        };
    }

    /// <summary>Writes in/data.csv with ids and x = 0 .. rows-1.</summary>
    public void WriteInput(int rows) =>
        Folder.Write("in/data.csv", "id,x\n" + string.Concat(Enumerable.Range(0, rows).Select(i => $"{i},{i}\n")));

    public async Task<OrchestrationMetadata> RunAsync(RunSpec spec, ScoringRunInput? input = null, TimeSpan? timeout = null)
    {
        var id = await Client.ScheduleNewOrchestrationInstanceAsync(nameof(ScoringRun), input ?? new ScoringRunInput(RunSpecSerializer.Serialize(spec), "in-memory"));
        using var cancel = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(90));
        return await Client.WaitForInstanceCompletionAsync(id, getInputsAndOutputs: true, cancel.Token);
    }

    public string Read(string path) => File.ReadAllText(Path.Combine(Store.Root, path));

    public bool Exists(string path) => File.Exists(Path.Combine(Store.Root, path));

    public async ValueTask DisposeAsync()
    {
        await Host.DisposeAsync();
        scorers.Dispose();
        pool.Dispose();
        Folder.Dispose();
    }
}
