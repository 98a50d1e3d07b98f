using System.Text.Json.Serialization;

namespace BatchScoring.Orchestration.Contracts;

/// <summary>
/// Which run an activity works for: the run's instance id, this start of it (<paramref name="Start"/>: an id may be
/// started again, and a rerun with <c>execution.reuse</c> shares the staging folder), and its staging folder, where
/// the spec and plan as run are (names from <see cref="Core.Runs.RunLayout"/>). Activities carry this, never the spec
/// or the plan.
/// </summary>
public sealed record RunRef(string RunId, string StagingPrefix, string Start)
{
    /// <summary>
    /// This start of this run (<c>{RunId}/{Start}</c>), the one name for it: a done marker's
    /// <see cref="MiniBatchOutcome.StartKey"/> says which start scored the mini-batch (another start's: reused).
    /// </summary>
    [JsonIgnore]
    public string StartKey => $"{RunId}/{Start}";
}
