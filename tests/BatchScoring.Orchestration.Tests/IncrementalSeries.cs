using System.Globalization;
using System.Text;
using System.Text.Json;
using BatchScoring.Core.Runs;
using BatchScoring.Core.Spec;
using BatchScoring.Orchestration.Contracts;
using BatchScoring.Orchestration.Ledger;
using BatchScoring.Orchestration.Orchestrators;
using BatchScoring.Orchestration.Progress;
using BatchScoring.Storage;
using BatchScoring.Tests;
using Microsoft.DurableTask.Client;

namespace BatchScoring.Orchestration.Tests;

/// <summary>
/// A series of incremental runs over one store (a temp folder or an Azurite container): inputs <c>in/*.csv</c> of
/// (id, x) rows written by the test, scored by <see cref="TestScorer"/> (y = 2x) into
/// <c>out/{runDate:yyyy/MM/dd}/{runId}.csv</c>, on the in-memory engine. The oracle is a plain loop over the rows the
/// test wrote: every row of every input version the series should have scored, once, with y = 2x.
/// </summary>
internal sealed class IncrementalSeries : IAsyncDisposable
{
    private readonly ScoringHost host;
    private readonly string root;

    private IncrementalSeries(ScoringHost host, string root, RunSpec spec)
    {
        this.host = host;
        this.root = root;
        Spec = spec;
    }

    public IBlobStore Store => host.Store;

    public RunSpec Spec { get; set; }

    public DurableTaskClient Client => host.Durable.Client;

    /// <summary>The series' ledger folder.</summary>
    public string LedgerFolder => RunLayout.LedgerFolder($"{root}out/x.csv", Spec.Execution.SeriesOf(Spec.Name));

    /// <summary>Starts an engine over <paramref name="store"/>; <paramref name="root"/> prefixes every path ("" or "container/").</summary>
    public static async Task<IncrementalSeries> StartAsync(IBlobStore store, string root = "", TestScorer.Faults? faults = null)
    {
        var host = ScoringHost.Create(store);
        await host.StartDurableAsync();
        var test = OrchestrationFixture.TestSpec(Guid.NewGuid().ToString("N"), 10, faults);
        var spec = test with
        {
            Input = test.Input with { Location = $"{root}in" },
            Execution = test.Execution with { Incremental = true },
            Output = new OutputSpec { Path = root + "out/{runDate:yyyy/MM/dd}/{runId}.csv" },
        };
        return new IncrementalSeries(host, root, spec);
    }

    /// <summary>Writes <c>in/{name}</c> with ids <paramref name="firstId"/> .. +rows-1 and x = id * <paramref name="scale"/>.</summary>
    public Task WriteInputAsync(string name, int firstId, int rows, int scale = 1) =>
        Store.WriteAllBytesAsync(
            $"{root}in/{name}",
            Encoding.UTF8.GetBytes("id,x\n" + string.Concat(Enumerable.Range(firstId, rows).Select(i => string.Create(CultureInfo.InvariantCulture, $"{i},{i * scale}\n")))));

    public Task WriteAsync(string path, byte[] content) => Store.WriteAllBytesAsync(root + path, content);

    /// <summary>Runs the spec as it is now to the end.</summary>
    public async Task<OrchestrationMetadata> RunAsync(RunSpec? spec = null)
    {
        var id = await StartRunAsync(spec);
        return await WaitAsync(id);
    }

    public Task<string> StartRunAsync(RunSpec? spec = null) =>
        Client.ScheduleNewOrchestrationInstanceAsync(nameof(ScoringRun), new ScoringRunInput(spec ?? Spec, DurableEngine.InMemory));

    public async Task<OrchestrationMetadata> WaitAsync(string id)
    {
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        return await Client.WaitForInstanceCompletionAsync(id, getInputsAndOutputs: true, cancel.Token);
    }

    /// <summary>Runs the spec and asserts the run completed; its result.</summary>
    public async Task<ScoringRunResult> RunCompletedAsync()
    {
        var run = await RunAsync();
        Assert.True(run.RuntimeStatus == OrchestrationRuntimeStatus.Completed, RunFailures.Of(run)?.Message);
        return run.ReadOutputAs<ScoringRunResult>()!;
    }

    /// <summary>The (id, y) rows of a run's CSV output, checked against y = 2x of <paramref name="x"/>.</summary>
    public async Task<List<int>> IdsScoredAsync(ScoringRunResult result, Func<int, int> x)
    {
        Assert.NotNull(result.OutputPath);
        var lines = Encoding.UTF8.GetString(await Store.ReadAllBytesAsync(result.OutputPath)).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("id,y", lines[0]);
        var ids = new List<int>();
        foreach (var line in lines.Skip(1))
        {
            var fields = line.Split(',');
            var id = int.Parse(fields[0], CultureInfo.InvariantCulture);
            Assert.Equal(2.0 * x(id), double.Parse(fields[1], CultureInfo.InvariantCulture));
            ids.Add(id);
        }

        return ids;
    }

    public Task<IReadOnlyList<LedgerRecord>> LedgerAsync() => new SeriesLedger(Store).ReadAsync(LedgerFolder);

    /// <summary>A run's summary, as written beside its output.</summary>
    public async Task<JsonElement> SummaryAsync(ScoringRunResult result)
    {
        using var document = JsonDocument.Parse(await Store.ReadAllBytesAsync(result.SummaryPath));
        return document.RootElement.Clone();
    }

    /// <summary>
    /// Puts the ledger back as a run that crashed after its output was committed and before its record was appended
    /// leaves it: the last record pending again, without the output's version.
    /// </summary>
    public async Task<LedgerRecord> CrashBeforeRecordAsync()
    {
        var records = new List<(BlobInfo Blob, byte[] Content)>();
        await foreach (var blob in Store.ListAsync($"{LedgerFolder}/runs"))
        {
            records.Add((blob, await Store.ReadAllBytesAsync(blob.Path)));
        }

        var (last, content) = records.OrderBy(r => r.Blob.Path, StringComparer.Ordinal).Last();
        var record = JsonSerializer.Deserialize<LedgerRecord>(content, RunFiles.Json)!;
        var pending = record with { Output = record.Output with { ETag = null, Bytes = null }, FinishedUtc = null };
        await Store.WriteAllBytesAsync($"{LedgerFolder}/pending/{record.Run}.json", JsonSerializer.SerializeToUtf8Bytes(pending, RunFiles.Json));
        await Store.DeleteAsync(last.Path);
        return record;
    }

    public async ValueTask DisposeAsync() => await host.DisposeAsync();
}
