using System.Text.Json;
using System.Text.Json.Serialization;

namespace BatchScoring.Core.Planning;

/// <summary>Writes and reads plans as compact JSON.</summary>
internal static class MiniBatchPlanSerializer
{
    private static readonly JsonSerializerOptions Options = CreateOptions();

    public static byte[] Serialize(MiniBatchPlan plan) => JsonSerializer.SerializeToUtf8Bytes(plan, Options);

    public static MiniBatchPlan Deserialize(ReadOnlySpan<byte> utf8) =>
        JsonSerializer.Deserialize<MiniBatchPlan>(utf8, Options) ?? throw new BatchScoringException("The mini-batch plan is empty.");

    public static Task SerializeAsync(Stream stream, MiniBatchPlan plan, CancellationToken cancellationToken = default) =>
        JsonSerializer.SerializeAsync(stream, plan, Options, cancellationToken);

    public static async Task<MiniBatchPlan> DeserializeAsync(Stream stream, CancellationToken cancellationToken = default) =>
        await JsonSerializer.DeserializeAsync<MiniBatchPlan>(stream, Options, cancellationToken)
        ?? throw new BatchScoringException("The mini-batch plan is empty.");

    private static JsonSerializerOptions CreateOptions()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        };
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase));
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}
