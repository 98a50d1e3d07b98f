using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using BatchScoring.Core;
using BatchScoring.Core.Data;
using BatchScoring.Core.Diagnostics;
using BatchScoring.Core.Planning;
using BatchScoring.Core.Runs;
using BatchScoring.Core.Scoring;
using BatchScoring.Core.Spec;
using BatchScoring.Engine.Pipeline;
using BatchScoring.Storage;
using BatchScoring.Storage.Formats;
using BatchScoring.Storage.Planning;
using Microsoft.Extensions.Logging;

namespace BatchScoring.Engine;

/// <summary>
/// The library every host calls: plan a spec's mini-batches, score one mini-batch into a staged result part and
/// its error records, and commit the parts into one output. Scoring a mini-batch reads its chunks in order and scores
/// several at once (each on one of the process's CPU slots: decode, infer, format), then writes them in order; how
/// much runs at once, and how many chunks are held in memory, is bounded for the whole process by
/// <see cref="ScoringCapacity"/>, whatever the number of mini-batches in flight.
/// </summary>
public sealed partial class ScoringEngine
{
    private readonly ScorerProvider scorers;
    private readonly ConditionalWeakTable<MiniBatchPlan, Task<PinnedModel>> unpinnedPlans = [];
    private readonly OutputSchemas schemas;
    private readonly ILogger logger;

    public ScoringEngine(IBlobStore store, ScorerProvider scorers, ScoringCapacity capacity, ILoggerFactory loggerFactory)
    {
        Store = store;
        Capacity = capacity;
        this.scorers = scorers;
        schemas = new OutputSchemas(store);
        logger = loggerFactory.CreateLogger<ScoringEngine>();
    }

    public IBlobStore Store { get; }

    public ScoringCapacity Capacity { get; }

    /// <summary>
    /// Lists the inputs and plans the mini-batches (no column data is read), then checks what would fail every
    /// mini-batch (nothing to score, a model or columns that do not fit): those fail here, at once. The spec was
    /// validated where the run started.
    /// </summary>
    /// <param name="skip">Inputs to leave out: an incremental run's inputs that its series scored already.</param>
    /// <param name="model">The model files as <see cref="PinModelAsync"/> found them; pinned here when not given.</param>
    public async Task<MiniBatchPlan> PlanAsync(RunSpec spec, Func<BlobInfo, bool>? skip = null, PinnedModel? model = null, CancellationToken cancellationToken = default)
    {
        spec = spec.WithCanonicalPaths();
        model ??= await PinModelAsync(spec, cancellationToken);
        var plan = await new InputPlanner(Store).PlanAsync(spec, skip, cancellationToken) with { Model = model };
        logger.Planned(spec.Name, plan.MiniBatches.Count, plan.Files.Count, plan.TotalItems);
        await CheckOutputAsync(spec, plan, cancellationToken);
        return await CheckAsync(spec, plan, cancellationToken);
    }

    /// <summary>
    /// The model files of a spec as they are now, and the model's identity: the SHA-256 of the model's content (and of
    /// the text vocabulary's), read as the version listed. The one place the identity is computed; a plan carries it.
    /// A file that is not there fails naming its setting.
    /// </summary>
    public async Task<PinnedModel> PinModelAsync(RunSpec spec, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var files = new List<PlannedFile>();
        foreach (var (setting, path) in spec.ModelFiles())
        {
            var info = await Store.GetInfoAsync(path, cancellationToken)
                ?? throw new BatchScoringException($"{setting}: '{path}' does not exist in {Store.Description}.");
            files.Add(new PlannedFile(path, info.Size, info.ETag));
        }

        var pinned = new PinnedModel(files, "", "");
        return pinned with
        {
            Sha256 = await Sha256Async(pinned, spec.Model.Location, cancellationToken),
            VocabularySha256 = await Sha256Async(pinned, spec.Model.Text?.Vocabulary, cancellationToken),
        };
    }

    /// <summary>
    /// The initialised scorer of a spec, with its model files as <paramref name="plan"/> pinned them (created once per
    /// process per model version). A plan staged before plans pinned their model is pinned here, once per plan object
    /// (the run files keep each run's plan per process), not once per mini-batch.
    /// </summary>
    public async Task<IMiniBatchScorer> GetScorerAsync(RunSpec spec, MiniBatchPlan plan, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(plan);
        return await scorers.GetAsync(Store, spec, plan.Model ?? await PinnedOnceAsync(spec, plan), cancellationToken);
    }

    /// <summary>
    /// The columns of every result row: <c>file</c> in file mode, else the pass-through columns (typed as the first
    /// input file has them), then the scorer's output columns.
    /// </summary>
    public async Task<IReadOnlyList<ColumnSchema>> GetOutputSchemaAsync(RunSpec spec, MiniBatchPlan plan, CancellationToken cancellationToken = default) =>
        await schemas.GetAsync(spec, plan, await GetScorerAsync(spec, plan, cancellationToken), cancellationToken);

    /// <summary>
    /// Scores one mini-batch: its part (append_row) and its error records are written under the staging prefix with
    /// names derived from its index, so a retry overwrites them. Item failures become error records; an exception
    /// means the whole mini-batch failed.
    /// </summary>
    public async Task<MiniBatchResult> ScoreMiniBatchAsync(RunSpec spec, MiniBatchPlan plan, int index, string stagingPrefix, CancellationToken cancellationToken = default)
    {
        var started = Stopwatch.GetTimestamp();
        var batch = plan.MiniBatches[index];
        var scorer = await GetScorerAsync(spec, plan, cancellationToken);
        var schema = await schemas.GetAsync(spec, plan, scorer, cancellationToken);
        var format = spec.Output.ResultFormat;
        var appendRow = spec.Output.Action == OutputAction.AppendRow;
        var partPath = appendRow ? RunLayout.PartPath(stagingPrefix, index, format) : null;
        var errorsPath = RunLayout.ErrorsPath(stagingPrefix, index);
        // Every input is read as the version planned: one that changed since fails the run (InputChangedException).
        var inputs = new PinnedInputs(Store, path => plan.FileOf(path) is { } file ? BlobInfo.Of(file) : null);
        var source = spec.Input.Mode == InputMode.File
            ? WorkSources.FilesAsync(inputs, batch, FilesPerChunk(spec), cancellationToken)
            : WorkSources.TabularAsync(inputs, spec, batch, ReadRequest(spec, scorer, plan) with { PassThroughTypes = [.. schema.Take(spec.Input.PassThroughColumns.Count).Select(c => c.Type)] }, cancellationToken);
        var chunks = new ChunkScorer(scorer, schema, format, appendRow, index, Capacity.LendCores(index));

        await using var sink = await PartSink.OpenAsync(Store, errorsPath, partPath, format, schema, cancellationToken);
        if (Activity.Current is { Source.Name: BatchScoringTelemetry.Name } span)
        {
            // Traced: the time the chunks spent being read, scored and written, as the mini-batch span's attributes
            // (a span per chunk cost 0.5 ms a mini-batch in the tracing benchmark).
            var times = new StageTimes();
            await OrderedPipeline.RunAsync(times.Reading(source), (chunk, ct) => times.TimeAsync(1, () => chunks.ScoreAsync(chunk, ct)), (scored, ct) => times.TimeAsync(2, () => sink.WriteAsync(scored, ct)), Capacity, index, cancellationToken);
            times.Tag(span);
        }
        else
        {
            await OrderedPipeline.RunAsync(source, chunks.ScoreAsync, sink.WriteAsync, Capacity, index, cancellationToken);
        }

        await sink.CompleteAsync(cancellationToken);

        var elapsed = Stopwatch.GetElapsedTime(started);
        logger.MiniBatchScored(index, sink.Scored, sink.Failed, (long)elapsed.TotalMilliseconds);
        return new MiniBatchResult(index, sink.Scored, sink.Failed, partPath, errorsPath, elapsed) { ItemsTruncated = sink.Truncated, Part = sink.Part };
    }

    /// <summary>The pin of a plan that has none, computed once per plan object; a failed try is not kept.</summary>
    private async Task<PinnedModel> PinnedOnceAsync(RunSpec spec, MiniBatchPlan plan)
    {
        try
        {
            return await unpinnedPlans.GetValue(plan, _ => PinModelAsync(spec, CancellationToken.None));
        }
        catch
        {
            unpinnedPlans.Remove(plan);
            throw;
        }
    }

    /// <summary>The SHA-256 of the pinned version of <paramref name="path"/>, or "" when the spec names no such file.</summary>
    private async Task<string> Sha256Async(PinnedModel model, string? path, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(path) || model.FileOf(path) is not { } file)
        {
            return "";
        }

        await using var stream = await Store.OpenReadAsync(BlobInfo.Of(file), cancellationToken);
        return Convert.ToHexStringLower(await SHA256.HashDataAsync(stream, cancellationToken));
    }

    /// <summary>Seconds a mini-batch's chunks spent being read, scored and written, summed over its chunks.</summary>
    private sealed class StageTimes
    {
        private readonly long[] ticks = new long[3];

        public async IAsyncEnumerable<T> Reading<T>(IAsyncEnumerable<T> source)
        {
            await using var items = source.GetAsyncEnumerator();
            while (true)
            {
                var started = Stopwatch.GetTimestamp();
                var more = await items.MoveNextAsync();
                Interlocked.Add(ref ticks[0], Stopwatch.GetTimestamp() - started);
                if (!more)
                {
                    yield break;
                }

                yield return items.Current;
            }
        }

        public async ValueTask<T> TimeAsync<T>(int stage, Func<ValueTask<T>> work)
        {
            var started = Stopwatch.GetTimestamp();
            try
            {
                return await work();
            }
            finally
            {
                Interlocked.Add(ref ticks[stage], Stopwatch.GetTimestamp() - started);
            }
        }

        public async ValueTask TimeAsync(int stage, Func<ValueTask> work)
        {
            var started = Stopwatch.GetTimestamp();
            try
            {
                await work();
            }
            finally
            {
                Interlocked.Add(ref ticks[stage], Stopwatch.GetTimestamp() - started);
            }
        }

        public void Tag(Activity span) => span
            .SetTag(BatchScoringTelemetry.Tags.ReadSeconds, Seconds(0))
            .SetTag(BatchScoringTelemetry.Tags.ScoreSeconds, Seconds(1))
            .SetTag(BatchScoringTelemetry.Tags.WriteSeconds, Seconds(2));

        private double Seconds(int stage) => Math.Round((double)Volatile.Read(ref ticks[stage]) / Stopwatch.Frequency, 6);
    }

    /// <summary>
    /// What the reader reads for the scorer: its feature inputs (by the names the plan fixed for them, when it has), its
    /// text inputs and the pass-through columns, in chunks of at most the rows it asks for.
    /// </summary>
    private static TabularReadRequest ReadRequest(RunSpec spec, IMiniBatchScorer scorer, MiniBatchPlan? plan)
    {
        var features = scorer.FeatureInputs.Select(f => plan?.FeatureColumns?.GetValueOrDefault(f.Name) is { } names
            ? f with { Columns = names.Select(Glob.Escape).ToArray() }
            : f).ToArray();
        return new(features, spec.Input.PassThroughColumns, spec.Model.AllowNaN, MaxChunkRows: Math.Min(scorer.MaxChunkRows ?? TabularReadRequest.DefaultMaxChunkRows, TabularReadRequest.DefaultMaxChunkRows))
        {
            Texts = scorer.TextInputs,
        };
    }

    /// <summary>Files per chunk in file mode: one inference batch, at most <see cref="WorkSources.FilesPerChunk"/>.</summary>
    private static int FilesPerChunk(RunSpec spec) => Math.Clamp(spec.Model.InferenceBatchSize, 1, WorkSources.FilesPerChunk);
}
