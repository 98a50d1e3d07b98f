using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using BatchScoring.Core.Planning;
using BatchScoring.Engine;
using BatchScoring.Storage;

namespace BatchScoring.Orchestration;

/// <summary>
/// The small files a run keeps in its staging folder beside the engine's parts: the plan, a marker per scored
/// mini-batch (its outcome), a marker per failed one, and the committed result. Markers make a retry, a second
/// delivery or a re-run of an identical spec find what is already done.
/// </summary>
internal static class RunFiles
{
    private static readonly ConcurrentDictionary<string, MiniBatchPlan> Plans = new(StringComparer.Ordinal);

    public static JsonSerializerOptions Json { get; } = new(JsonSerializerDefaults.Web) { WriteIndented = false };

    public static string PlanPath(string staging) => $"{staging}/plan.json";

    public static string DonePath(string staging, int index) => $"{staging}/done/{index.ToString("D8", CultureInfo.InvariantCulture)}.json";

    public static string FailedPath(string staging, int index) => $"{staging}/failed/{index.ToString("D8", CultureInfo.InvariantCulture)}.json";

    public static string CommittedPath(string staging) => $"{staging}/committed.json";

    public static string SummaryBeside(string outputPath) => StagingLayout.Beside(outputPath, ".summary.json");

    /// <summary>The plan, read once per process.</summary>
    public static async Task<MiniBatchPlan> LoadPlanAsync(IBlobStore store, string path, CancellationToken cancellationToken)
    {
        if (Plans.TryGetValue(path, out var plan))
        {
            return plan;
        }

        await using var stream = await store.OpenReadAsync(path, cancellationToken);
        plan = await MiniBatchPlanSerializer.DeserializeAsync(stream, cancellationToken);
        if (Plans.Count > 16)
        {
            Plans.Clear();
        }

        return Plans.GetOrAdd(path, plan);
    }

    public static async Task<T?> ReadJsonAsync<T>(IBlobStore store, string path, CancellationToken cancellationToken)
        where T : class
    {
        if (await store.GetInfoAsync(path, cancellationToken) is null)
        {
            return null;
        }

        var bytes = await store.ReadAllBytesAsync(path, cancellationToken);
        return JsonSerializer.Deserialize<T>(bytes, Json);
    }

    public static Task WriteJsonAsync<T>(IBlobStore store, string path, T value, CancellationToken cancellationToken, JsonSerializerOptions? options = null) =>
        store.WriteAllBytesAsync(path, JsonSerializer.SerializeToUtf8Bytes(value, options ?? Json), cancellationToken: cancellationToken);
}
