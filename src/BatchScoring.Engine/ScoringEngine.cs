using System.Collections.Concurrent;
using System.Diagnostics;
using System.Threading.Channels;
using BatchScoring.Core;
using BatchScoring.Core.Data;
using BatchScoring.Core.Planning;
using BatchScoring.Core.Scoring;
using BatchScoring.Core.Spec;
using BatchScoring.Storage;
using BatchScoring.Storage.Formats;
using BatchScoring.Storage.Output;
using BatchScoring.Storage.Planning;
using Microsoft.Extensions.Logging;
using Parquet;

namespace BatchScoring.Engine;

/// <summary>
/// The library every host calls: plan a spec's mini-batches, score one mini-batch into a staged result part and
/// its error records, and commit the parts into one output. Scoring a mini-batch overlaps its three stages (read
/// the next chunk, score this one, write the last one) through small bounded channels, so memory stays at a few
/// chunks whatever the mini-batch size.
/// </summary>
public sealed class ScoringEngine(IBlobStore store, ScorerProvider scorers, ILoggerFactory loggerFactory)
{
    /// <summary>Rows per chunk read from tabular inputs.</summary>
    public const int TabularChunkRows = 16_384;

    /// <summary>Files per chunk read in file mode.</summary>
    public const int FileChunkItems = 64;

    /// <summary>Chunks of one mini-batch being scored at once.</summary>
    public const int ScoresInFlight = 2;

    private const int ErrorSamples = 5;
    private readonly ILogger logger = loggerFactory.CreateLogger<ScoringEngine>();

    // Pass-through column types read from a Parquet footer, by file, ETag and columns: every mini-batch and the
    // commit ask for the output schema, and the footer does not change while its ETag does not.
    private readonly ConcurrentDictionary<string, IReadOnlyList<ColumnSchema>> passThroughSchemas = new(StringComparer.Ordinal);

    public IBlobStore Store => store;

    /// <summary>Lists the inputs and plans the mini-batches (no column data is read).</summary>
    public async Task<MiniBatchPlan> PlanAsync(RunSpec spec, CancellationToken cancellationToken = default)
    {
        RunSpecValidator.ThrowIfInvalid(spec);
        var plan = await new InputPlanner(store).PlanAsync(spec, cancellationToken);
        logger.Planned(spec.Name, plan.MiniBatches.Count, plan.Files.Count, plan.TotalItems);
        return plan;
    }

    /// <summary>The initialised scorer of a spec (created once per process).</summary>
    public Task<IMiniBatchScorer> GetScorerAsync(RunSpec spec, CancellationToken cancellationToken = default) =>
        scorers.GetAsync(store, spec, cancellationToken);

    /// <summary>
    /// The columns of every result row: <c>file</c> in file mode, else the pass-through columns (typed as the first
    /// input file has them), then the scorer's output columns.
    /// </summary>
    public async Task<IReadOnlyList<ColumnSchema>> GetOutputSchemaAsync(RunSpec spec, MiniBatchPlan plan, CancellationToken cancellationToken = default)
    {
        var scorer = await GetScorerAsync(spec, cancellationToken);
        var leading = spec.Input.Mode == InputMode.File
            ? [new ColumnSchema("file", ColumnType.String)]
            : await PassThroughSchemaAsync(spec, plan, cancellationToken);
        var all = leading.Concat(scorer.OutputSchema).ToList();
        var duplicate = all.GroupBy(c => c.Name, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new BatchScoringException($"model.outputs: result column '{duplicate.Key}' would appear twice; rename it with model.outputs[].column.");
        }

        return all;
    }

    /// <summary>
    /// Scores one mini-batch: its part (append_row) and its error records are written under the staging prefix with
    /// names derived from its index, so a retry overwrites them. Item failures become error records; an exception
    /// means the whole mini-batch failed.
    /// </summary>
    public async Task<MiniBatchResult> ScoreMiniBatchAsync(RunSpec spec, MiniBatchPlan plan, int index, string stagingPrefix, CancellationToken cancellationToken = default)
    {
        var started = Stopwatch.GetTimestamp();
        var batch = plan.MiniBatches[index];
        var scorer = await GetScorerAsync(spec, cancellationToken);
        var schema = await GetOutputSchemaAsync(spec, plan, cancellationToken);
        var format = spec.Output.Format ?? InputFormat.Csv;
        var partPath = spec.Output.Action == OutputAction.AppendRow ? StagingLayout.PartPath(stagingPrefix, index, format) : null;
        var errorsPath = StagingLayout.ErrorsPath(stagingPrefix, index);

        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var requests = Channel.CreateBounded<ScoreRequest>(new BoundedChannelOptions(2) { SingleReader = true, SingleWriter = true });
        var scored = Channel.CreateBounded<(ScoreRequest Request, Task<ScoreResult> Result)>(new BoundedChannelOptions(ScoresInFlight) { SingleReader = true, SingleWriter = true });

        var read = Task.Run(() => ReadAsync(spec, batch, requests.Writer, cancel.Token), cancel.Token);
        var score = Task.Run(() => ScoreAsync(scorer, requests.Reader, scored.Writer, cancel.Token), cancel.Token);
        var write = Task.Run(() => WriteAsync(schema, format, partPath, errorsPath, index, scored.Reader, cancel.Token), cancel.Token);
        try
        {
            await Task.WhenAll(read, score, write);
        }
        catch
        {
            await cancel.CancelAsync();
            await Task.WhenAll(read, score, write).ContinueWith(_ => { }, TaskScheduler.Default);
            throw FirstFailure(read, score, write);
        }

        var (scoredItems, failedItems, samples) = await write;
        var elapsed = Stopwatch.GetElapsedTime(started);
        logger.MiniBatchScored(index, scoredItems, failedItems, (long)elapsed.TotalMilliseconds);
        return new MiniBatchResult(index, scoredItems, failedItems, partPath, errorsPath, samples, elapsed);
    }

    /// <summary>
    /// Assembles the staged parts of mini-batches 0..N-1 in order into <c>output.path</c> (append_row), leaving out the
    /// <paramref name="failed"/> ones, and the error records of every mini-batch (for a failed one, the records of
    /// its failure) into the errors file beside it; each file appears in one step.
    /// </summary>
    public async Task<CommitResult> CommitAsync(RunSpec spec, MiniBatchPlan plan, string stagingPrefix, IReadOnlyCollection<int>? failed = null, CancellationToken cancellationToken = default)
    {
        var (errorsPath, errorRecords) = await CommitErrorsAsync(spec, plan, stagingPrefix, failed, cancellationToken);
        var indexes = Enumerable.Range(0, plan.MiniBatches.Count).Where(i => failed is null || !failed.Contains(i)).ToList();
        var rows = indexes.Sum(i => plan.MiniBatches[i].Items) - (errorRecords - FailedRecords(plan, failed));
        string? outputPath = null;
        if (spec.Output.Action == OutputAction.AppendRow)
        {
            var format = spec.Output.Format ?? InputFormat.Csv;
            var schema = await GetOutputSchemaAsync(spec, plan, cancellationToken);
            // Staged under their mini-batch index, which also names their blocks on block storage.
            var parts = indexes.Select(i => new StagedPart(i, StagingLayout.PartPath(stagingPrefix, i, format))).ToList();
            await OutputAssembler.AssembleAsync(store, format, schema, parts, spec.Output.Path, cancellationToken);
            outputPath = spec.Output.Path;
            logger.Committed(rows, parts.Count, outputPath);
        }

        return new CommitResult(outputPath, rows, errorsPath, errorRecords);
    }

    /// <summary>
    /// Writes only the error records beside the output (a run that failed its budget gets those, and no output);
    /// returns the path and the number of records.
    /// </summary>
    public async Task<(string Path, long Records)> CommitErrorsAsync(RunSpec spec, MiniBatchPlan plan, string stagingPrefix, IReadOnlyCollection<int>? failed = null, CancellationToken cancellationToken = default)
    {
        var errorsPath = StagingLayout.ErrorsBeside(spec.Output.Path);
        var errorParts = new List<string>();
        for (var i = 0; i < plan.MiniBatches.Count; i++)
        {
            var path = failed is not null && failed.Contains(i) ? StagingLayout.FailedErrorsPath(stagingPrefix, i) : StagingLayout.ErrorsPath(stagingPrefix, i);
            if (await store.GetInfoAsync(path, cancellationToken) is { Size: > 0 })
            {
                errorParts.Add(path);
            }
        }

        var (_, records) = await OutputAssembler.ConcatenateAsync(store, errorParts, errorsPath, cancellationToken);
        return (errorsPath, records);
    }

    /// <summary>Error records that stand for failed mini-batches: one per slice, not per item.</summary>
    private static long FailedRecords(MiniBatchPlan plan, IReadOnlyCollection<int>? failed) =>
        failed is null ? 0 : failed.Sum(i => (long)plan.MiniBatches[i].Slices.Count);

    private static Exception FirstFailure(params Task[] tasks)
    {
        var failures = tasks.Where(t => t.IsFaulted).Select(t => t.Exception!.GetBaseException()).ToList();
        return failures.FirstOrDefault(e => e is not OperationCanceledException) ?? failures.FirstOrDefault() ?? new OperationCanceledException();
    }

    private async Task<IReadOnlyList<ColumnSchema>> PassThroughSchemaAsync(RunSpec spec, MiniBatchPlan plan, CancellationToken cancellationToken)
    {
        if (spec.Input.PassThroughColumns.Count == 0)
        {
            return [];
        }

        var first = plan.Files.FirstOrDefault(f => f.Size > 0);
        if (first is null || TabularFormats.Resolve(spec.Input.Format, first.Path) != InputFormat.Parquet)
        {
            return spec.Input.PassThroughColumns.Select(c => new ColumnSchema(c, ColumnType.String)).ToList();
        }

        var key = $"{first.Path}\n{first.ETag}\n{string.Join('\n', spec.Input.PassThroughColumns)}";
        if (passThroughSchemas.TryGetValue(key, out var cached))
        {
            return cached;
        }

        await using var stream = await store.OpenReadAsync(first.Path, cancellationToken);
        await using var reader = await ParquetReader.CreateAsync(stream, cancellationToken: cancellationToken);
        var schema = spec.Input.PassThroughColumns.Select(name =>
        {
            var field = reader.Schema.DataFields.FirstOrDefault(f => f.Name == name)
                ?? throw new BatchScoringException($"input.passThroughColumns: column '{name}' is not in '{first.Path}'.");
            return new ColumnSchema(name, ParquetTabularReader.PassThroughType(field.ClrType));
        }).ToList();
        if (passThroughSchemas.Count > 256)
        {
            passThroughSchemas.Clear();
        }

        return passThroughSchemas.GetOrAdd(key, schema);
    }

    private async Task ReadAsync(RunSpec spec, MiniBatch batch, ChannelWriter<ScoreRequest> output, CancellationToken cancellationToken)
    {
        try
        {
            if (spec.Input.Mode == InputMode.File)
            {
                foreach (var chunk in batch.Slices.Chunk(FileChunkItems))
                {
                    var files = new List<FileItem>(chunk.Length);
                    foreach (var slice in chunk)
                    {
                        files.Add(new FileItem(slice.Path, await ReadFileAsync(slice.Path, cancellationToken)));
                    }

                    await output.WriteAsync(ScoreRequest.ForFiles(batch.Index, files), cancellationToken);
                }

                return;
            }

            var scorer = await GetScorerAsync(spec, cancellationToken);
            var request = new TabularReadRequest(scorer.FeatureColumns, spec.Input.PassThroughColumns, TabularChunkRows);
            foreach (var slice in batch.Slices)
            {
                ITabularReader reader = TabularFormats.Resolve(spec.Input.Format, slice.Path) switch
                {
                    InputFormat.Csv => new CsvTabularReader(),
                    InputFormat.Jsonl => new JsonLinesTabularReader(),
                    _ => new ParquetTabularReader(),
                };
                await foreach (var table in reader.ReadAsync(store, slice, request, cancellationToken))
                {
                    await output.WriteAsync(ScoreRequest.ForTable(batch.Index, table), cancellationToken);
                }
            }
        }
        finally
        {
            output.TryComplete();
        }
    }

    private async Task<ReadOnlyMemory<byte>> ReadFileAsync(string path, CancellationToken cancellationToken)
    {
        try
        {
            return await store.ReadAllBytesAsync(path, cancellationToken);
        }
        catch (FileNotFoundException e)
        {
            throw new BatchScoringException($"Input '{path}' disappeared after it was planned.", e);
        }
    }

    /// <summary>
    /// Starts scoring each chunk as it arrives, up to <see cref="ScoresInFlight"/> chunks at once (the channel's
    /// bound), and hands the writer the pending results in chunk order, so one chunk's decoding or parsing overlaps
    /// the model running on the previous one while rows stay in input order.
    /// </summary>
    private static async Task ScoreAsync(IMiniBatchScorer scorer, ChannelReader<ScoreRequest> input, ChannelWriter<(ScoreRequest, Task<ScoreResult>)> output, CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var request in input.ReadAllAsync(cancellationToken))
            {
                await output.WaitToWriteAsync(cancellationToken);
                await output.WriteAsync((request, Task.Run(() => ScoreChunkAsync(scorer, request, cancellationToken), cancellationToken)), cancellationToken);
            }
        }
        finally
        {
            output.TryComplete();
        }
    }

    private static async Task<ScoreResult> ScoreChunkAsync(IMiniBatchScorer scorer, ScoreRequest request, CancellationToken cancellationToken)
    {
        var result = await scorer.ScoreAsync(request, cancellationToken);
        if (result.Errors.Length != request.ItemCount || result.Columns.Any(c => c.Length < request.ItemCount))
        {
            throw new BatchScoringException($"The scorer returned results for {result.Errors.Length} items, the chunk held {request.ItemCount}.");
        }

        return result;
    }

    private async Task<(long Scored, long Failed, IReadOnlyList<ErrorRecord> Samples)> WriteAsync(
        IReadOnlyList<ColumnSchema> schema, InputFormat format, string? partPath, string errorsPath, int index,
        ChannelReader<(ScoreRequest Request, Task<ScoreResult> Pending)> input, CancellationToken cancellationToken)
    {
        long scored = 0, failed = 0;
        var samples = new List<ErrorRecord>();
        await using var errors = await store.OpenWriteAsync(errorsPath, cancellationToken: cancellationToken);
        await using var part = partPath is null ? null : await store.OpenWriteAsync(partPath, cancellationToken: cancellationToken);
        var writer = part is null ? null : await ResultWriter.CreateAsync(format, part.Stream, schema, cancellationToken);
        try
        {
            await foreach (var (request, pending) in input.ReadAllAsync(cancellationToken))
            {
                var result = await pending;
                var ok = new List<int>(request.ItemCount);
                for (var i = 0; i < request.ItemCount; i++)
                {
                    if (result.Errors[i] is { } error)
                    {
                        var record = new ErrorRecord(index, ItemName(request, i), error.Kind, error.Message);
                        await errors.Stream.WriteAsync(ErrorRecordWriter.ToJsonLine(record), cancellationToken);
                        if (samples.Count < ErrorSamples)
                        {
                            samples.Add(record);
                        }

                        failed++;
                    }
                    else
                    {
                        ok.Add(i);
                    }
                }

                scored += ok.Count;
                if (writer is not null && ok.Count > 0)
                {
                    var columns = LeadingColumns(request).Concat(result.Columns).ToList();
                    var rows = ok.Count == request.ItemCount ? columns : columns.Select(c => c.Select(ok)).ToList();
                    await writer.WriteAsync(rows, ok.Count, cancellationToken);
                }
            }

            if (writer is not null)
            {
                await writer.CompleteAsync(cancellationToken);
                await writer.DisposeAsync();
                writer = null;
                await part!.CommitAsync(cancellationToken);
            }

            await errors.CommitAsync(cancellationToken);
            return (scored, failed, samples);
        }
        finally
        {
            if (writer is not null)
            {
                await writer.DisposeAsync();
            }
        }
    }

    private static IEnumerable<DataColumn> LeadingColumns(ScoreRequest request) =>
        request.Files is { } files
            ? [new DataColumn("file", ColumnType.String, files.Select(f => f.Path).ToArray())]
            : request.Table!.PassThrough;

    private static string ItemName(ScoreRequest request, int i) =>
        request.Files is { } files ? files[i].Path : request.Table!.ItemName(i);
}
