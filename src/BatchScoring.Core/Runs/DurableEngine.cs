using System.Text.Json.Serialization;

namespace BatchScoring.Core.Runs;

/// <summary>The Durable Task engine a run ran on, as run summaries name it.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<DurableEngine>))]
public enum DurableEngine
{
    /// <summary>The runner's <c>run</c> command: the in-memory engine in one process.</summary>
    [JsonStringEnumMemberName("in-memory")]
    InMemory,

    /// <summary>Runner workers on an Azure Storage task hub (<c>worker</c>, <c>start</c>).</summary>
    [JsonStringEnumMemberName("azure-storage")]
    AzureStorage,

    /// <summary>The Azure Functions app (Durable Functions).</summary>
    [JsonStringEnumMemberName("azure-functions")]
    AzureFunctions,
}
