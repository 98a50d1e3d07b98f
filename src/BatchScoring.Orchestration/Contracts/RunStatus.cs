using System.Text.Json.Serialization;

namespace BatchScoring.Orchestration.Contracts;

/// <summary>How a run ended, as its summary says (<c>"succeeded"</c> or <c>"failed"</c>).</summary>
[JsonConverter(typeof(JsonStringEnumConverter<RunStatus>))]
public enum RunStatus
{
    [JsonStringEnumMemberName("succeeded")]
    Succeeded,

    [JsonStringEnumMemberName("failed")]
    Failed,
}
