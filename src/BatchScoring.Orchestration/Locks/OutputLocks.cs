using System.Diagnostics;
using System.Text.Json;
using BatchScoring.Core;
using BatchScoring.Core.Runs;
using BatchScoring.Core.Spec;
using BatchScoring.Orchestration.Contracts;
using BatchScoring.Storage;

namespace BatchScoring.Orchestration.Locks;

/// <summary>
/// One run at a time per output, and per series of incremental runs. Planning takes the output's lock
/// (<see cref="RunLayout.LockPath"/>; an incremental run also its series', <see cref="RunLayout.SeriesLockPath"/>) with a
/// write that only succeeds when there is none (local: a rename that never replaces; Azure: If-None-Match), the commit
/// and the failure record give it back. A second run of the same output (or series) fails at once naming the run that
/// holds it. A lock whose run is gone is taken over: an in-memory run (<c>batchscore run</c>) whose process on this
/// machine has ended, or any run that has staged nothing for longer than it could while alive
/// (<see cref="OutputLockRecord.QuietSeconds"/>: a terminated or killed run).
/// </summary>
public sealed class OutputLocks(IBlobStore store)
{
    /// <summary>Time a run may go without staging anything, besides its mini-batches' tries: planning, commit, margin.</summary>
    private const double MarginSeconds = 600;

    /// <summary>Takes the lock of <paramref name="spec"/>'s output for run <paramref name="run"/>; throws naming the run holding it.</summary>
    public Task AcquireAsync(RunSpec spec, string run, DurableEngine engine, DateTime nowUtc, CancellationToken cancellationToken = default) =>
        AcquireAsync(
            RunLayout.LockPath(spec.Output.Path),
            spec,
            run,
            engine,
            nowUtc,
            held => $"output.path: '{spec.Output.Path}' is being written by run {Describe(held)}; two runs writing one output would overwrite each other's.",
            cancellationToken);

    /// <summary>Takes the lock of an incremental run's series; throws naming the run holding it (two runs of a series would score the same inputs).</summary>
    public Task AcquireSeriesAsync(RunSpec spec, string series, string run, DurableEngine engine, DateTime nowUtc, CancellationToken cancellationToken = default) =>
        AcquireAsync(
            RunLayout.SeriesLockPath(spec.Output.Path, series),
            spec,
            run,
            engine,
            nowUtc,
            held => $"execution.series: series '{series}' is being run by run {Describe(held)}; two runs of one series would score the same new inputs.",
            cancellationToken);

    private async Task AcquireAsync(string path, RunSpec spec, string run, DurableEngine engine, DateTime nowUtc, Func<OutputLockRecord, string> busy, CancellationToken cancellationToken)
    {
        var record = new OutputLockRecord(run, spec.Name, engine, Environment.MachineName, Environment.ProcessId, nowUtc, QuietSeconds(spec.Execution));
        for (var attempt = 0; attempt < 3; attempt++)
        {
            if (await TryCreateAsync(path, record, cancellationToken))
            {
                return;
            }

            if (await ReadAsync(path, cancellationToken) is not { } read)
            {
                continue; // given back between the two requests: try again
            }

            var (held, etag) = read;
            if (held.Run == run)
            {
                return; // this run's own (planning retried)
            }

            if (await IsAliveAsync(held, nowUtc, cancellationToken))
            {
                throw new BatchScoringException(
                    $"{busy(held)} Wait for it to end or cancel it; a run that is gone leaves the lock '{path}', which the next run takes over once it has staged nothing for {held.QuietSeconds:F0} s, or delete it.");
            }

            // Gone: replace the lock, only if it is still the one read (another run may be taking it over too).
            try
            {
                await store.WriteAllBytesAsync(path, JsonSerializer.SerializeToUtf8Bytes(record, RunFiles.Json), new BlobWriteOptions(IfMatch: etag), cancellationToken);
                return;
            }
            catch (BatchScoringException) when (attempt < 2)
            {
            }
        }

        throw new BatchScoringException($"The lock '{path}' kept changing while this run tried to take it; another run is starting on the same output or series.");
    }

    private static string Describe(OutputLockRecord held) =>
        $"'{held.Name}' ({held.Run}, {Name(held.Engine)}, started {held.StartedUtc:yyyy-MM-dd HH:mm:ss}Z on {held.Machine}, process {held.ProcessId})";

    /// <summary>Notes the staging folder a run planned in a lock it holds, so that a later run can tell whether it is still staging.</summary>
    public async Task SetStagingAsync(string path, string run, string staging, CancellationToken cancellationToken = default)
    {
        if (await ReadAsync(path, cancellationToken) is { } read && read.Record.Run == run && read.Record.Staging != staging)
        {
            await store.WriteAllBytesAsync(path, JsonSerializer.SerializeToUtf8Bytes(read.Record with { Staging = staging }, RunFiles.Json), new BlobWriteOptions(IfMatch: read.ETag), cancellationToken);
        }
    }

    /// <summary>Gives the lock at <paramref name="path"/> back, if <paramref name="run"/> holds it (a read and a delete).</summary>
    public async Task ReleaseAsync(string path, string run, CancellationToken cancellationToken = default)
    {
        if (await store.TryReadAllBytesAsync(path, cancellationToken) is { } content && Parse(content)?.Run == run)
        {
            await store.DeleteAsync(path, cancellationToken);
        }
    }

    private static OutputLockRecord? Parse(byte[] content)
    {
        try
        {
            return JsonSerializer.Deserialize<OutputLockRecord>(content, RunFiles.Json);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>How long a live run can go without staging anything: every try of a mini-batch timing out, with its back-offs, and a margin.</summary>
    internal static double QuietSeconds(ExecutionSpec execution)
    {
        var backOff = Enumerable.Range(0, Math.Max(0, execution.MaxTries - 1)).Sum(n => Math.Min(300, execution.RetryDelaySeconds * Math.Pow(2, n)));
        return (execution.MiniBatchTimeout * execution.MaxTries) + backOff + MarginSeconds;
    }

    private async Task<bool> TryCreateAsync(string path, OutputLockRecord record, CancellationToken cancellationToken)
    {
        try
        {
            await store.WriteAllBytesAsync(path, JsonSerializer.SerializeToUtf8Bytes(record, RunFiles.Json), new BlobWriteOptions(IfNotExists: true), cancellationToken);
            return true;
        }
        catch (BatchScoringException)
        {
            if (await store.GetInfoAsync(path, cancellationToken) is null)
            {
                throw;
            }

            return false;
        }
    }

    private async Task<(OutputLockRecord Record, string ETag)?> ReadAsync(string path, CancellationToken cancellationToken)
    {
        try
        {
            var (stream, etag) = await store.OpenReadVersionAsync(path, cancellationToken);
            await using (stream)
            {
                return await JsonSerializer.DeserializeAsync<OutputLockRecord>(stream, RunFiles.Json, cancellationToken) is { } record ? (record, etag) : null;
            }
        }
        catch (FileNotFoundException)
        {
            return null;
        }
        catch (JsonException)
        {
            // Not a lock this version wrote: treat it as held by nobody we know, old enough to take over.
            return (new OutputLockRecord("", "unknown", DurableEngine.InMemory, "", 0, DateTime.MinValue, 0), (await store.GetInfoAsync(path, cancellationToken))?.ETag ?? "");
        }
    }

    /// <summary>Whether the run holding a lock may still be running.</summary>
    private async Task<bool> IsAliveAsync(OutputLockRecord held, DateTime nowUtc, CancellationToken cancellationToken)
    {
        if (held.Engine == DurableEngine.InMemory && held.Machine == Environment.MachineName && held.Run.Length > 0)
        {
            return IsRunning(held.ProcessId);
        }

        var quiet = TimeSpan.FromSeconds(held.QuietSeconds);
        if (nowUtc - held.StartedUtc < quiet)
        {
            return true;
        }

        // Staged anything lately? Its markers are written as its mini-batches end.
        if (held.Staging is { } staging)
        {
            await foreach (var blob in store.ListAsync(staging, cancellationToken))
            {
                if (nowUtc - blob.LastModified.UtcDateTime < quiet)
                {
                    return true;
                }
            }
        }

        return false;
    }

    private static bool IsRunning(int processId)
    {
        try
        {
            using var process = Process.GetProcessById(processId);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    /// <summary>The engine's name as summaries write it (<c>in-memory</c>).</summary>
    private static string Name(DurableEngine engine) => JsonSerializer.Serialize(engine).Trim('"');
}
