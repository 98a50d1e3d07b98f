using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using BatchScoring.Core.Spec;

namespace BatchScoring.Functions.Runs;

/// <summary>
/// Instance ids of runs. HTTP starts get a fresh one; the triggers derive theirs from what they saw, so the same
/// occurrence or the same blob version always maps to the same id and a second delivery finds the first run.
/// </summary>
public static class InstanceIds
{
    /// <summary>A new run asked for over HTTP: <c>{spec name}-{yyyyMMddTHHmmssZ}-{8 hex}</c>, sortable by start.</summary>
    public static string ForRequest(RunSpec spec, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var name = spec.Name.Length > 40 ? spec.Name[..40] : spec.Name;
        return $"{name}-{Stamp(now)}-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4))}";
    }

    /// <summary>Every run of one schedule starts with this.</summary>
    public static string SchedulePrefix(string schedule) => $"schedule.{schedule}.";

    /// <summary>One occurrence of a schedule: <c>schedule.{name}.{occurrence:yyyyMMddTHHmmssZ}</c>.</summary>
    public static string ForSchedule(string schedule, DateTimeOffset occurrence) => SchedulePrefix(schedule) + Stamp(occurrence);

    /// <summary>One version of one blob: <c>blob.{rule}.{SHA-256 of container/name and ETag, 32 hex}</c>.</summary>
    public static string ForBlob(string rule, string container, string blobName, string etag) =>
        $"blob.{rule}.{Hash($"{container}/{blobName}\n{etag}")[..32]}";

    /// <summary>The arrivals in one folder within one window: <c>blobs.{rule}.{hash of container/folder}.{window start}</c>.</summary>
    public static string ForBlobGroup(string rule, string container, string folder, DateTimeOffset windowStart) =>
        $"blobs.{rule}.{Hash($"{container}/{folder}")[..16]}.{Stamp(windowStart)}";

    /// <summary>A UTC time as it appears in ids and output names: <c>20250101T020000Z</c>.</summary>
    public static string Stamp(DateTimeOffset time) => time.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);

    private static string Hash(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
}
