using System.Text.Json.Serialization;

namespace BatchScoring.Orchestration.Contracts;

/// <summary>Where a run is (<see cref="RunProgress.Phase"/>), written as the lower-case names below in every payload.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<RunPhase>))]
public enum RunPhase
{
    [JsonStringEnumMemberName("planning")]
    Planning,

    [JsonStringEnumMemberName("scoring")]
    Scoring,

    [JsonStringEnumMemberName("committing")]
    Committing,

    /// <summary>The failure budget stopped the run; its error records and summary are being written.</summary>
    [JsonStringEnumMemberName("failing")]
    Failing,

    [JsonStringEnumMemberName("completed")]
    Completed,

    [JsonStringEnumMemberName("failed")]
    Failed,

    /// <summary>An identical committed run was found; its result is the run's, nothing was scored.</summary>
    [JsonStringEnumMemberName("reused")]
    Reused,
}
