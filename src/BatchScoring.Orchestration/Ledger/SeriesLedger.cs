using System.Globalization;
using System.Text.Json;
using BatchScoring.Core;
using BatchScoring.Core.Runs;
using BatchScoring.Core.Spec;
using BatchScoring.Orchestration.Contracts;
using BatchScoring.Storage;

namespace BatchScoring.Orchestration.Ledger;

/// <summary>
/// The ledger of a series of incremental runs (<see cref="RunLayout.LedgerFolder"/>), in the store the runs write to:
/// one record per committed run (<c>runs/0000000001.json</c>, ...), each written only where none exists, so records are
/// never replaced. A run's commit and its record are one step as far as any later run can tell: before the output is
/// committed the run writes its record as pending (<c>pending/{run}.json</c>, naming the output it is about to write, a
/// path no other run writes: its name holds the run's id); after, it writes the record and removes the pending one. A
/// run that finds a pending record (the run before crashed in between) finishes it when the output it names exists, and
/// drops it when not, so no input is lost or scored twice. One run of a series runs at a time (the series' lock).
/// </summary>
public sealed class SeriesLedger(IBlobStore store)
{
    private const string Runs = "runs";
    private const string Pending = "pending";

    /// <summary>Every committed run of the series, in the order they committed.</summary>
    public async Task<IReadOnlyList<LedgerRecord>> ReadAsync(string folder, CancellationToken cancellationToken = default)
    {
        var records = new List<LedgerRecord>();
        await foreach (var (blob, content) in store.ListDocumentsAsync($"{folder}/{Runs}", cancellationToken))
        {
            records.Add(Parse(blob.Path, content));
        }

        return records;
    }

    /// <summary>
    /// Finishes or drops what a crashed run left pending: its record is appended when its output exists (it committed),
    /// dropped when not (its inputs were not scored). Returns how many records it appended.
    /// </summary>
    public async Task<int> RecoverAsync(string folder, CancellationToken cancellationToken = default)
    {
        var pending = new List<(BlobInfo Blob, LedgerRecord Record)>();
        await foreach (var (blob, content) in store.ListDocumentsAsync($"{folder}/{Pending}", cancellationToken))
        {
            pending.Add((blob, Parse(blob.Path, content)));
        }

        var appended = 0;
        foreach (var (blob, record) in pending)
        {
            if (await store.GetInfoAsync(record.Output.Path, cancellationToken) is { } output)
            {
                await AppendAsync(folder, record with { Output = record.Output with { ETag = output.ETag, Bytes = output.Size }, FinishedUtc = record.FinishedUtc ?? output.LastModified.UtcDateTime }, cancellationToken);
                appended++;
            }

            await store.DeleteAsync(blob.Path, cancellationToken);
        }

        return appended;
    }

    /// <summary>
    /// The inputs the series has scored, as (path, ETag): by the model of hash <paramref name="modelHash"/> only
    /// (<see cref="ModelChangeAction.Rescore"/>), or by any (<see cref="ModelChangeAction.NewOnly"/>).
    /// </summary>
    public async Task<HashSet<(string Path, string ETag)>> ScoredAsync(string folder, string modelHash, ModelChangeAction onModelChange, CancellationToken cancellationToken = default)
    {
        var scored = new HashSet<(string, string)>();
        foreach (var record in await ReadAsync(folder, cancellationToken))
        {
            if (onModelChange == ModelChangeAction.NewOnly || record.ModelHash == modelHash)
            {
                scored.UnionWith(record.Inputs.Select(i => (i.Path, i.ETag)));
            }
        }

        return scored;
    }

    /// <summary>Writes a run's record as pending, before its output is committed.</summary>
    public Task WritePendingAsync(string folder, LedgerRecord record, CancellationToken cancellationToken = default) =>
        store.WriteDocumentAsync(PendingPath(folder, record.Run), Serialize(record), cancellationToken);

    /// <summary>Appends a run's record, its output committed, and removes its pending record.</summary>
    public async Task CommitAsync(string folder, LedgerRecord record, CancellationToken cancellationToken = default)
    {
        await AppendAsync(folder, record, cancellationToken);
        await store.DeleteAsync(PendingPath(folder, record.Run), cancellationToken);
    }

    /// <summary>Appends a record as the next one, never over another (a record of the same run is not appended twice).</summary>
    private async Task AppendAsync(string folder, LedgerRecord record, CancellationToken cancellationToken)
    {
        var last = 0L;
        await foreach (var (blob, content) in store.ListDocumentsAsync($"{folder}/{Runs}", cancellationToken))
        {
            if (Parse(blob.Path, content).Run == record.Run)
            {
                return;
            }

            last = Math.Max(last, long.Parse(Path.GetFileNameWithoutExtension(blob.Path), NumberStyles.None, CultureInfo.InvariantCulture));
        }

        for (var next = last + 1; ; next++)
        {
            try
            {
                await store.WriteAllBytesAsync($"{folder}/{Runs}/{next.ToString("D10", CultureInfo.InvariantCulture)}.json", Serialize(record), new BlobWriteOptions(IfNotExists: true), cancellationToken);
                return;
            }
            catch (BatchScoringException) when (next < last + 100)
            {
                // Taken meanwhile: the next number.
            }
        }
    }

    private static string PendingPath(string folder, string run) => $"{folder}/{Pending}/{Safe(run)}.json";

    private static string Safe(string id) => new(id.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' ? c : '_').ToArray());

    private static byte[] Serialize(LedgerRecord record) => JsonSerializer.SerializeToUtf8Bytes(record, RunFiles.Json);

    private static LedgerRecord Parse(string path, byte[] content)
    {
        try
        {
            return JsonSerializer.Deserialize<LedgerRecord>(content, RunFiles.Json) ?? throw new JsonException("it is null");
        }
        catch (JsonException e)
        {
            throw new BatchScoringException($"The ledger record '{path}' is not a ledger record ({e.Message}); the series' ledger was written by something else. Move it aside to run the series again.");
        }
    }
}
