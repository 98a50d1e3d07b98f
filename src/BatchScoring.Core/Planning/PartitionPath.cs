namespace BatchScoring.Core.Planning;

/// <summary>Hive-style partition keys in paths: <c>region=eu/day=2026-01-01/part.parquet</c>.</summary>
internal static class PartitionPath
{
    /// <summary>
    /// The key combination of a path for the given keys, as <c>region=eu/day=2026-01-01</c> in key order;
    /// throws naming the file and the key when a key is missing.
    /// </summary>
    public static string GetKey(string path, IReadOnlyList<string> keys)
    {
        var segments = path.Split('/');
        var parts = new string[keys.Count];
        for (var k = 0; k < keys.Count; k++)
        {
            var prefix = keys[k] + "=";
            var segment = Array.Find(segments, s => s.StartsWith(prefix, StringComparison.Ordinal));
            if (segment is null)
            {
                throw new BatchScoringException($"input.partitionKeys: file '{path}' has no '{prefix}' folder in its path; partition keys are read from Hive-style folders such as '{prefix}value/'.");
            }

            parts[k] = segment;
        }

        return string.Join('/', parts);
    }
}
