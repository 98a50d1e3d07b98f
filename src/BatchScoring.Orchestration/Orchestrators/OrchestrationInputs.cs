using BatchScoring.Core;
using BatchScoring.Core.Runs;
using BatchScoring.Core.Spec;
using BatchScoring.Orchestration.Contracts;

namespace BatchScoring.Orchestration.Orchestrators;

/// <summary>
/// What the orchestrator functions check of their own input before they schedule anything, for orchestrations that did
/// not come through the app's start paths (<c>POST /api/runs</c>, the timer, the blob trigger check the spec and its
/// containers first): Durable's HTTP API starts an orchestration with any input for whoever holds its system key, and
/// Durable's management URLs in every 202 of <c>POST /api/runs</c> carry that key. A refused orchestration fails before
/// its first activity, so it reads and writes nothing.
/// </summary>
public static class OrchestrationInputs
{
    /// <summary>
    /// Every problem of a <see cref="ScoringRun"/> input: its spec's (<see cref="RunSpecValidator"/>), its paths outside
    /// <paramref name="containers"/>, and, in a generation continued as new, a staging folder anywhere but in the
    /// staging folder beside its output (its output path template resolved as the run <paramref name="instanceId"/> resolved it).
    /// </summary>
    public static IReadOnlyList<string> Problems(ScoringRunInput? input, SpecContainers containers, string instanceId)
    {
        ArgumentNullException.ThrowIfNull(containers);
        if (input?.Spec is not { } spec)
        {
            return ["the input has no run spec"];
        }

        var problems = RunSpecValidator.Validate(spec).Concat(containers.Check(spec)).Select(e => e.ToString()).ToList();
        if (input.State?.Plan.StagingPrefix is { } staging && problems.Count == 0)
        {
            var root = RunLayout.StagingRoot(StorePath.Canonical(spec.WithOutputFor(input.State.StartedUtc, instanceId).Output.Path));
            if (!IsStaging(staging, containers) || !staging.StartsWith(root + "/", StringComparison.Ordinal))
            {
                problems.Add($"state.plan.stagingPrefix: must be a staging folder under '{root}/', beside the output, was '{staging}'");
            }
        }

        return problems;
    }

    /// <summary>Every problem of a <see cref="ScoreShard"/> input: a run whose staging folder is not one in the outputs container.</summary>
    public static IReadOnlyList<string> Problems(ShardInput? input, SpecContainers containers)
    {
        ArgumentNullException.ThrowIfNull(containers);
        if (input?.Run?.StagingPrefix is not { } staging)
        {
            return ["the input names no run"];
        }

        return IsStaging(staging, containers)
            ? []
            : [$"run.stagingPrefix: must be a run's staging folder ('{RunLayout.StagingFolderName}/...') in container '{containers.Outputs}', was '{staging}'"];
    }

    /// <summary>Throws listing <paramref name="problems"/>, if any: the orchestration fails with them.</summary>
    public static void ThrowIfAny(IReadOnlyList<string> problems, string orchestration, string instanceId)
    {
        ArgumentNullException.ThrowIfNull(problems);
        if (problems.Count > 0)
        {
            throw new BatchScoringException($"{orchestration} {instanceId} refused before it read or wrote anything:", problems);
        }
    }

    private static bool IsStaging(string staging, SpecContainers containers) =>
        SpecContainers.IsIn(staging, containers.Outputs) && RunLayout.IsStaged(staging + "/") && staging == StorePath.Canonical(staging)
        && !staging.Split('/').Any(segment => segment is "." or "..");
}
