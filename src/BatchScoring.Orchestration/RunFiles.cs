using System.Collections.Concurrent;
using System.Text.Json;
using BatchScoring.Core.Planning;
using BatchScoring.Core.Runs;
using BatchScoring.Core.Spec;
using BatchScoring.Orchestration.Contracts;
using BatchScoring.Orchestration.Locks;
using BatchScoring.Storage;

namespace BatchScoring.Orchestration;

/// <summary>
/// The small files a run keeps in its staging folder beside the engine's parts (names from <see cref="RunLayout"/>):
/// the spec and plan as run, a marker per scored mini-batch (its outcome), a marker per failed one, and the committed
/// result. Markers make a retry, a second delivery or a re-run of an identical spec find what is already done. The
/// spec and plan are read once per process and run: the most recent runs are kept.
/// </summary>
public sealed class RunFiles(IBlobStore store)
{
    private const int RunsKept = 32;
    private readonly ConcurrentDictionary<string, Lazy<Task<RunContext>>> runs = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<string> order = new();

    public static JsonSerializerOptions Json { get; } = new(JsonSerializerDefaults.Web) { WriteIndented = false };

    public IBlobStore Store => store;

    /// <summary>The locks runs hold on their outputs and series.</summary>
    public OutputLocks Locks { get; } = new(store);

    /// <summary>The ledgers of series of incremental runs.</summary>
    public Ledger.SeriesLedger Ledger { get; } = new(store);

    /// <summary>Writes the spec and plan a run was planned with into its staging folder.</summary>
    public async Task WriteRunAsync(string staging, RunSpec spec, MiniBatchPlan plan, CancellationToken cancellationToken = default)
    {
        await store.WriteAllBytesAsync(RunLayout.SpecPath(staging), System.Text.Encoding.UTF8.GetBytes(RunSpecSerializer.Serialize(spec)), cancellationToken: cancellationToken);
        await store.WriteAllBytesAsync(RunLayout.PlanPath(staging), MiniBatchPlanSerializer.Serialize(plan), cancellationToken: cancellationToken);
    }

    /// <summary>The spec and plan of the run staged at <paramref name="staging"/>, read once per process.</summary>
    public async Task<RunContext> OpenAsync(string staging, CancellationToken cancellationToken = default)
    {
        var lazy = runs.GetOrAdd(staging, key =>
        {
            order.Enqueue(key);
            return new Lazy<Task<RunContext>>(() => LoadAsync(key));
        });
        while (runs.Count > RunsKept && order.TryDequeue(out var oldest))
        {
            runs.TryRemove(oldest, out _);
        }

        try
        {
            return await lazy.Value.WaitAsync(cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            runs.TryRemove(staging, out _);
            throw;
        }
    }

    /// <summary>A JSON file, or null when there is none (one request on Azure).</summary>
    public async Task<T?> ReadJsonAsync<T>(string path, CancellationToken cancellationToken = default)
        where T : class =>
        await store.TryReadAllBytesAsync(path, cancellationToken) is { } bytes ? JsonSerializer.Deserialize<T>(bytes, Json) : null;

    /// <summary>Writes a mini-batch marker (done, failed) as a document, so that the commit lists them all with their content.</summary>
    public Task WriteMarkerAsync<T>(string path, T marker, CancellationToken cancellationToken = default) =>
        store.WriteDocumentAsync(path, JsonSerializer.SerializeToUtf8Bytes(marker, Json), cancellationToken);

    /// <summary>Every marker in a folder of markers, by mini-batch index: one listing, not a read per mini-batch.</summary>
    public async Task<Dictionary<int, T>> ReadMarkersAsync<T>(string folder, CancellationToken cancellationToken = default)
        where T : class
    {
        var markers = new Dictionary<int, T>();
        await foreach (var (blob, content) in store.ListDocumentsAsync(folder, cancellationToken))
        {
            if (RunLayout.IndexOf(blob.Path) is >= 0 and var index && JsonSerializer.Deserialize<T>(content, Json) is { } marker)
            {
                markers[index] = marker;
            }
        }

        return markers;
    }

    /// <summary>Every failed-attempt record of a run's staging folder, in listing order: one listing.</summary>
    public async Task<List<FailedAttempt>> ReadAttemptsAsync(string staging, CancellationToken cancellationToken = default)
    {
        var attempts = new List<FailedAttempt>();
        await foreach (var (_, content) in store.ListDocumentsAsync(RunLayout.AttemptsFolder(staging), cancellationToken))
        {
            if (JsonSerializer.Deserialize<FailedAttempt>(content, Json) is { } attempt)
            {
                attempts.Add(attempt);
            }
        }

        return attempts;
    }

    /// <summary>A file's path, version and size as the store has them now, or null when there is none.</summary>
    public async Task<RunSummary.OutputFile?> FileAsync(string path, CancellationToken cancellationToken = default) =>
        await store.GetInfoAsync(path, cancellationToken) is { } info ? new RunSummary.OutputFile(info.Path, info.ETag, info.Size) : null;

    /// <summary>Writes a run's summary beside its output; returns its path.</summary>
    public async Task<string> WriteSummaryAsync(RunSummary summary, CancellationToken cancellationToken = default)
    {
        var path = RunLayout.SummaryBeside(summary.Spec.Output.Path);
        await WriteJsonAsync(path, summary, RunSpecSerializer.Options, cancellationToken);
        return path;
    }

    /// <summary>
    /// Writes a run's timeline (when it has one: a run that failed before scoring has none) and its HTML report beside
    /// its output, the report from the summary, the timeline and a digest of the error records file
    /// (<paramref name="errors"/>, as the run wrote it, when there is one): three requests on Azure, whatever the
    /// run's size (the timeline is at most about 10 MB, written in one).
    /// </summary>
    public async Task WriteReportAsync(RunSummary summary, (TimelineHeader Header, List<TimelineEntry> Entries)? timeline, RunSummary.OutputFile? errors, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(summary);
        var output = summary.Spec.Output.Path;
        if (timeline is { } written)
        {
            using var buffer = new MemoryStream();
            await Reports.TimelineFile.WriteAsync(buffer, written.Header, written.Entries, cancellationToken);
            await store.WriteAllBytesAsync(RunLayout.TimelineBeside(output), buffer.ToArray(), cancellationToken: cancellationToken);
        }

        Reports.ErrorDigest digest;
        if (errors is { Bytes: > 0 })
        {
            await using var stream = await store.OpenReadAsync(new BlobInfo(errors.Path, errors.Bytes, errors.ETag, default), cancellationToken);
            digest = await Reports.ErrorDigest.ReadAsync(stream, store.Locate(errors.Path), cancellationToken);
        }
        else
        {
            digest = await Reports.ErrorDigest.ReadAsync(null, errors?.Path ?? "", cancellationToken);
        }

        var html = Reports.RunReport.Render(summary, timeline?.Header, timeline?.Entries ?? [], digest);
        await store.WriteAllBytesAsync(RunLayout.ReportBeside(output), System.Text.Encoding.UTF8.GetBytes(html), cancellationToken: cancellationToken);
    }

    public Task WriteJsonAsync<T>(string path, T value, JsonSerializerOptions? options = null, CancellationToken cancellationToken = default) =>
        store.WriteAllBytesAsync(path, JsonSerializer.SerializeToUtf8Bytes(value, options ?? Json), cancellationToken: cancellationToken);

    private async Task<RunContext> LoadAsync(string staging)
    {
        var specJson = System.Text.Encoding.UTF8.GetString(await store.ReadAllBytesAsync(RunLayout.SpecPath(staging)));
        await using var stream = await store.OpenReadAsync(RunLayout.PlanPath(staging));
        var plan = await MiniBatchPlanSerializer.DeserializeAsync(stream);
        return new RunContext(RunSpecSerializer.Deserialize(specJson), plan);
    }
}

/// <summary>A run as planned: its spec and its plan.</summary>
public sealed record RunContext(RunSpec Spec, MiniBatchPlan Plan);
