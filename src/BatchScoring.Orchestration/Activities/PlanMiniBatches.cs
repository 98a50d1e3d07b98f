using System.Security.Cryptography;
using System.Text;
using BatchScoring.Core.Planning;
using BatchScoring.Core.Runs;
using BatchScoring.Core.Spec;
using BatchScoring.Engine;
using BatchScoring.Orchestration.Contracts;
using BatchScoring.Storage;
using Microsoft.DurableTask;

namespace BatchScoring.Orchestration.Activities;

/// <summary>
/// Lists and plans the inputs, writes the spec and plan into the run's staging folder and returns its reference and
/// counts. The staging folder is named by the run's fingerprint (spec, input ETags, model hash) when
/// <c>execution.reuse</c> is on, so an identical re-run finds the parts already staged; a committed identical run is
/// returned as it is.
/// </summary>
public sealed class PlanMiniBatches(ScoringEngine engine, RunFiles files) : RunActivity<PlanInput, PlanResult>(engine, files)
{
    public override async Task<PlanResult> RunAsync(TaskActivityContext context, PlanInput input)
    {
        var spec = input.Spec;
        var plan = await Engine.PlanAsync(spec);
        var modelHash = string.IsNullOrEmpty(spec.Model.Location) ? "" : await HashAsync(Engine.Store, spec.Model.Location);

        // A text model's vocabulary is part of the model: a changed vocabulary is a different run.
        var vocabularyHash = string.IsNullOrEmpty(spec.Model.Text?.Vocabulary) ? "" : "\n" + await HashAsync(Engine.Store, spec.Model.Text.Vocabulary);
        var fingerprint = Fingerprint(spec, plan, modelHash + vocabularyHash);
        var staging = RunLayout.StagingPrefix(spec.Output.Path, spec.Execution.Reuse ? fingerprint[..16] : $"{fingerprint[..16]}-{Safe(context.InstanceId)}");
        if (spec.Execution.Reuse && await Files.ReadJsonAsync<ScoringRunResult>(RunLayout.CommittedPath(staging)) is { } committed
            && (committed.OutputPath is null || await Engine.Store.GetInfoAsync(committed.OutputPath) is not null))
        {
            return new PlanResult(staging, plan.MiniBatches.Count, plan.TotalItems, modelHash, fingerprint, committed with { Reused = true });
        }

        await Files.WriteRunAsync(staging, spec, plan);
        return new PlanResult(staging, plan.MiniBatches.Count, plan.TotalItems, modelHash, fingerprint, null);
    }

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

    private static async Task<string> HashAsync(IBlobStore store, string path)
    {
        await using var stream = await store.OpenReadAsync(path);
        return Convert.ToHexStringLower(await SHA256.HashDataAsync(stream));
    }

    private static string Safe(string id) => new(id.Select(c => char.IsLetterOrDigit(c) || c is '-' or '_' ? c : '_').ToArray());
}
