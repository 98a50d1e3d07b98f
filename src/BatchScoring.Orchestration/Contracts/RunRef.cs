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
    /// <summary>Who scored or failed a mini-batch, in its markers: the run and this start of it.</summary>
    [JsonIgnore]
    public string Starter => $"{RunId}/{Start}";
}
