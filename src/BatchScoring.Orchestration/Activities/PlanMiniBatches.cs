using System.Security.Cryptography;
using System.Text;
using BatchScoring.Core.Diagnostics;
using BatchScoring.Core.Planning;
using BatchScoring.Core.Runs;
using BatchScoring.Core.Spec;
using BatchScoring.Engine;
using BatchScoring.Orchestration.Contracts;
using BatchScoring.Storage;
using Microsoft.DurableTask;

namespace BatchScoring.Orchestration.Activities;

/// <summary>
/// Lists and plans the inputs (which checks the model and the columns: a run that cannot score fails here), writes the
/// spec and plan into the run's staging folder and returns its reference and counts. The staging folder is named by
/// the run's fingerprint (spec, input ETags, model hash) when <c>execution.reuse</c> is on, so an identical re-run
/// finds the parts already staged; a committed identical run whose output is still the one it wrote is returned as it
/// is (its summary put back beside the output if another run's is there). Temporary files that writers killed before
/// their commit left beside the output or in its staging folders are removed first. The run takes its output's lock
/// (<see cref="Locks.OutputLocks"/>) before anything else: a second run of one output fails here, naming the first.
/// </summary>
public sealed class PlanMiniBatches(ScoringEngine engine, RunFiles files) : RunActivity<PlanInput, PlanResult>(engine, files)
{
    protected override string? SpanName => "planning";

    protected override async Task<PlanResult> ExecuteAsync(TaskActivityContext context, PlanInput input)
    {
        var spec = input.Spec;
        var output = spec.Output.Path;
        foreach (var path in (string[])[output, .. RunLayout.FilesBeside(output), RunLayout.StagingRoot(output)])
        {
            await Engine.Store.DeleteAbandonedAsync(path);
        }

        // One run at a time per output: a second one fails here, naming the run that holds it.
        Engine.CheckOutputNames(spec);
        await Files.Locks.AcquireAsync(spec, context.InstanceId, input.Engine, DateTime.UtcNow);
        var model = await Engine.PinModelAsync(spec);
        var modelHash = model.Sha256;
        var plan = spec.Execution.Incremental
            ? await PlanNewInputsAsync(spec, context.InstanceId, input.Engine, model)
            : await Engine.PlanAsync(spec, model: model);

        // A text model's vocabulary is part of the model: a changed vocabulary is a different run.
        var fingerprint = Fingerprint(spec, plan, modelHash + (model.VocabularySha256.Length > 0 ? "\n" + model.VocabularySha256 : ""));
        var staging = RunLayout.StagingPrefix(output, spec.Execution.Reuse ? fingerprint[..16] : $"{fingerprint[..16]}-{Safe(context.InstanceId)}");
        if (spec.Execution.Reuse && await ReusableAsync(staging) is { } committed)
        {
            await ReleaseLocksAsync(Files, spec, context.InstanceId);
            return new PlanResult(staging, plan.MiniBatches.Count, plan.TotalItems, modelHash, fingerprint, committed with { Reused = true });
        }

        await Files.Locks.SetStagingAsync(RunLayout.LockPath(output), context.InstanceId, staging);
        if (spec.Execution.Incremental)
        {
            await Files.Locks.SetStagingAsync(RunLayout.SeriesLockPath(output, spec.Execution.SeriesOf(spec.Name)), context.InstanceId, staging);
        }

        await Files.WriteRunAsync(staging, spec, plan);
        System.Diagnostics.Activity.Current?.SetTag(BatchScoringTelemetry.Tags.RunName, spec.Name).SetTag(BatchScoringTelemetry.Tags.MiniBatches, plan.MiniBatches.Count).SetTag(BatchScoringTelemetry.Tags.Items, plan.TotalItems);
        return new PlanResult(staging, plan.MiniBatches.Count, plan.TotalItems, modelHash, fingerprint, null);
    }

    /// <summary>
    /// An incremental run's plan: under its series' lock, what a crashed run left pending in the ledger is finished or
    /// dropped, and the inputs the series scored (in the version listed, by this model unless
    /// <c>execution.onModelChange</c> is <c>newOnly</c>) are left out.
    /// </summary>
    private async Task<MiniBatchPlan> PlanNewInputsAsync(RunSpec spec, string run, Core.Runs.DurableEngine engine, PinnedModel model)
    {
        var series = spec.Execution.SeriesOf(spec.Name);
        var ledger = RunLayout.LedgerFolder(spec.Output.Path, series);
        await Files.Locks.AcquireSeriesAsync(spec, series, run, engine, DateTime.UtcNow);
        await Files.Ledger.RecoverAsync(ledger);
        var scored = await Files.Ledger.ScoredAsync(ledger, model.Sha256, spec.Execution.OnModelChange);
        return await Engine.PlanAsync(spec, blob => scored.Contains((blob.Path, blob.ETag)), model);
    }

    /// <summary>Gives back the locks a run took at planning: its output's, and its series' when incremental.</summary>
    internal static async Task ReleaseLocksAsync(RunFiles files, RunSpec spec, string run)
    {
        await files.Locks.ReleaseAsync(RunLayout.LockPath(spec.Output.Path), run);
        if (spec.Execution.Incremental)
        {
            await files.Locks.ReleaseAsync(RunLayout.SeriesLockPath(spec.Output.Path, spec.Execution.SeriesOf(spec.Name)), run);
        }
    }

    /// <summary>
    /// The committed result staged at <paramref name="staging"/> when its output and error records are still the versions
    /// it committed (or it had no output), with its summary beside the output; null when there is none, or when its
    /// output or error records are gone or were replaced (by another run writing the same output path).
    /// </summary>
    private async Task<ScoringRunResult?> ReusableAsync(string staging)
    {
        if (await Files.ReadJsonAsync<ScoringRunResult>(RunLayout.CommittedPath(staging)) is not { } committed)
        {
            return null;
        }

        if ((committed.OutputPath is not null && !await IsVersionAsync(committed.OutputPath, committed.OutputETag))
            || (committed.ErrorsETag is not null && !await IsVersionAsync(committed.ErrorsPath, committed.ErrorsETag)))
        {
            return null;
        }

        // Another run writing the same output path may have left its (failed) summary there since: put this run's back.
        var copy = RunLayout.CommittedSummaryPath(staging);
        if (await Engine.Store.GetInfoAsync(copy) is not null)
        {
            var summary = await Engine.Store.ReadAllBytesAsync(copy);
            var beside = await Engine.Store.GetInfoAsync(committed.SummaryPath) is null ? null : await Engine.Store.ReadAllBytesAsync(committed.SummaryPath);
            if (beside is null || !beside.AsSpan().SequenceEqual(summary))
            {
                await Engine.Store.WriteAllBytesAsync(committed.SummaryPath, summary);
            }
        }

        return committed;
    }

    /// <summary>Whether a file exists and, when a version is given, is that version.</summary>
    private async Task<bool> IsVersionAsync(string path, string? etag) =>
        await Engine.Store.GetInfoAsync(path) is { } info && (etag is null || info.ETag == etag);

    /// <summary>SHA-256 over the spec as run, every planned input with its ETag, and the model's content hash (and its vocabulary's).</summary>
    internal static string Fingerprint(RunSpec spec, MiniBatchPlan plan, string modelHash)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        sha.AppendData(Encoding.UTF8.GetBytes(RunSpecSerializer.Serialize(spec)));
        foreach (var file in plan.Files)
        {
            sha.AppendData(Encoding.UTF8.GetBytes($"\n{file.Path}\t{file.Size}\t{file.ETag}"));
        }

        sha.AppendData(Encoding.UTF8.GetBytes("\n" + modelHash));
        return Convert.ToHexStringLower(sha.GetHashAndReset());
    }

    private static string Safe(string id) => new(id.Select(c => char.IsLetterOrDigit(c) || c is '-' or '_' ? c : '_').ToArray());
}
