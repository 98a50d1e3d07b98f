using System.Text.Json;
using System.Text.Json.Serialization;

namespace BatchScoring.Functions.Http;

/// <summary>How the HTTP API writes JSON: camelCase names, enums as camelCase strings, nulls left out.</summary>
internal static class ApiJson
{
    public const string ContentType = "application/json; charset=utf-8";

    public const string ProblemContentType = "application/problem+json; charset=utf-8";

    public static JsonSerializerOptions Options { get; } = Create();

    private static JsonSerializerOptions Create()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web) { DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull };
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase));
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}
