using BatchScoring.Core.Spec;
using BatchScoring.Functions.Http;
using BatchScoring.Functions.Options;
using BatchScoring.Functions.Runs;
using BatchScoring.Functions.Tests.Fakes;
using BatchScoring.Functions.Triggers;
using BatchScoring.Storage.Local;
using BatchScoring.Tests;
using Microsoft.Extensions.Logging.Abstractions;
using Opt = Microsoft.Extensions.Options.Options;

namespace BatchScoring.Functions.Tests;

/// <summary>The functions over a temp folder as the data store, a fake task hub and a fixed clock.</summary>
internal sealed class FunctionsHarness : IDisposable
{
    public const string ValidSpec = """
        {
          "name": "churn",
          "input": { "location": "inputs/churn", "glob": "*.csv", "mode": "tabular", "passThroughColumns": ["id"] },
          "miniBatch": { "rows": 1000 },
          "model": {
            "location": "specs/models/churn.onnx",
            "inputs": [{ "name": "features", "columns": ["f_*"] }],
            "outputs": [{ "name": "probabilities", "kind": "probabilities", "column": "p" }]
          },
          "output": { "path": "outputs/churn/results.parquet" }
        }
        """;

    public FunctionsHarness()
    {
        Store = new LocalBlobStore(Folder.Path);
        Specs = new SpecSource(Store, Opt.Create(Options));
        Links = new BlobLinks(new Uri("https://stdata.blob.core.windows.net"));
    }

    public TempFolder Folder { get; } = new();

    public LocalBlobStore Store { get; }

    public BatchScoringOptions Options { get; } = new() { InputsContainer = "inputs", OutputsContainer = "outputs", SpecsContainer = "specs" };

    public SpecSource Specs { get; }

    public BlobLinks Links { get; }

    public FakeDurableTaskClient Client { get; } = new();

    public ListLogger<StartRunOnInputBlob> BlobLog { get; } = new();

    public ListLogger<RunSchedules> ScheduleLog { get; } = new();

    public ListLogger<StartRun> StartLog { get; } = new();

    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2025, 1, 1, 2, 0, 30, TimeSpan.Zero));

    public StartRun StartRun() => new(Specs, Opt.Create(Options), Time, StartLog);

    public GetRun GetRun() => new(Links, Store);

    public GetSeries GetSeries() => new(Store, Opt.Create(Options));

    public CancelRun CancelRun() => new(Links, NullLogger<CancelRun>.Instance);

    public RunSchedules RunSchedules() => new(Specs, Opt.Create(Options), Time, ScheduleLog);

    public StartRunOnInputBlob BlobTrigger() => new(Specs, Opt.Create(Options), Time, BlobLog);

    public void WriteSpec(string name, string json = ValidSpec) => Folder.Write($"specs/{name}", json);

    /// <summary>The valid spec with one text replaced (a path moved to another container, say).</summary>
    public static string ValidSpecWith(string text, string replacement) => ValidSpec.Replace(text, replacement, StringComparison.Ordinal);

    /// <summary>The spec a scheduled run was started with.</summary>
    public RunSpec SpecOf((string Name, string InstanceId, object? Input, DateTimeOffset? StartAt) scheduled) =>
        ((Orchestration.Contracts.ScoringRunInput)scheduled.Input!).Spec;

    public void Dispose() => Folder.Dispose();
}
