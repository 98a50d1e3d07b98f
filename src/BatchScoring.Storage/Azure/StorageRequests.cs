using System.Collections.Concurrent;
using Azure.Core;
using Azure.Core.Pipeline;

namespace BatchScoring.Storage.Azure;

/// <summary>
/// Counts the requests an <see cref="AzureBlobStore"/> sends, by kind (<c>GetBlob</c>, <c>PutBlob</c>, <c>PutBlock</c>,
/// <c>PutBlockFromURL</c>, <c>PutBlockList</c>, <c>ListBlobs</c>, <c>GetBlobProperties</c>, <c>DeleteBlob</c>, ...),
/// each try of a retried request once. Give one to <see cref="AzureBlobStoreOptions.Requests"/>; tests and benchmarks
/// read <see cref="Snapshot"/> before and after what they measure.
/// </summary>
public sealed class StorageRequests
{
    private static readonly AsyncLocal<string?> CurrentPhase = new();
    private readonly ConcurrentDictionary<(string Phase, string Kind), long> byPhase = new();
    private readonly ConcurrentDictionary<string, long> counts = new(StringComparer.Ordinal);

    /// <summary>The step the requests sent from here on belong to (an activity's name), for <see cref="ByPhase"/>.</summary>
    public static string? Phase => CurrentPhase.Value;

    /// <summary>Requests sent in this async flow until the scope is disposed count for <paramref name="phase"/>.</summary>
    public static IDisposable BeginPhase(string phase)
    {
        var previous = CurrentPhase.Value;
        CurrentPhase.Value = phase;
        return new PhaseScope(previous);
    }

    /// <summary>Every request so far, by kind.</summary>
    public IReadOnlyDictionary<string, long> Snapshot() => counts.ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);

    /// <summary>Every request so far, by phase (the activity that sent it; "" for none) and kind.</summary>
    public IReadOnlyDictionary<string, IReadOnlyDictionary<string, long>> ByPhase() =>
        byPhase.GroupBy(p => p.Key.Phase, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => (IReadOnlyDictionary<string, long>)g.ToDictionary(p => p.Key.Kind, p => p.Value, StringComparer.Ordinal), StringComparer.Ordinal);

    /// <summary>Requests since <paramref name="before"/> (a <see cref="Snapshot"/>), by kind, without kinds that did not change.</summary>
    public IReadOnlyDictionary<string, long> Since(IReadOnlyDictionary<string, long> before)
    {
        ArgumentNullException.ThrowIfNull(before);
        return counts.Select(p => (p.Key, Count: p.Value - before.GetValueOrDefault(p.Key)))
            .Where(p => p.Count != 0)
            .ToDictionary(p => p.Key, p => p.Count, StringComparer.Ordinal);
    }

    /// <summary>All requests so far.</summary>
    public long Total => counts.Values.Sum();

    internal void Count(Request request)
    {
        var kind = KindOf(request);
        counts.AddOrUpdate(kind, 1, (_, n) => n + 1);
        byPhase.AddOrUpdate((CurrentPhase.Value ?? "", kind), 1, (_, n) => n + 1);
    }

    private sealed class PhaseScope(string? previous) : IDisposable
    {
        public void Dispose() => CurrentPhase.Value = previous;
    }

    /// <summary>The Blob service operation a request is, from its method, its <c>comp</c> query and its headers.</summary>
    internal static string KindOf(Request request)
    {
        var query = request.Uri.Query;
        var comp = Query(query, "comp");
        var restype = Query(query, "restype");
        var method = request.Method.Method;
        return (method, comp, restype) switch
        {
            ("GET", "list", _) => "ListBlobs",
            ("GET", null, null) => "GetBlob",
            ("HEAD", null, null) => "GetBlobProperties",
            ("PUT", "block", _) when request.Headers.TryGetValue("x-ms-copy-source", out _) => "PutBlockFromURL",
            ("PUT", "block", _) => "PutBlock",
            ("PUT", "blocklist", _) => "PutBlockList",
            ("PUT", null, "container") => "CreateContainer",
            ("PUT", null, null) when request.Headers.TryGetValue("x-ms-copy-source", out _) => "CopyBlob",
            ("PUT", null, null) => "PutBlob",
            ("DELETE", null, null) => "DeleteBlob",
            _ => $"{method} {comp ?? restype ?? ""}".Trim(),
        };
    }

    private static string? Query(string query, string name)
    {
        foreach (var part in query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = part.IndexOf('=', StringComparison.Ordinal);
            if (eq > 0 && part.AsSpan(0, eq).Equals(name, StringComparison.OrdinalIgnoreCase))
            {
                return Uri.UnescapeDataString(part[(eq + 1)..]);
            }
        }

        return null;
    }

    private static readonly System.Diagnostics.Metrics.Counter<long> Metric = Core.Diagnostics.BatchScoringTelemetry.StorageRequests;

    /// <summary>The pipeline policy that counts every try, and waits <paramref name="latency"/> before each when set.</summary>
    internal sealed class Policy(StorageRequests? requests, TimeSpan latency) : HttpPipelinePolicy
    {
        private void Observe(Request request)
        {
            requests?.Count(request);
            if (Metric.Enabled)
            {
                Metric.Add(1, new KeyValuePair<string, object?>(Core.Diagnostics.BatchScoringTelemetry.Tags.StorageKind, KindOf(request)));
            }
        }

        public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
        {
            Observe(message.Request);
            if (latency > TimeSpan.Zero)
            {
                Thread.Sleep(latency);
            }

            ProcessNext(message, pipeline);
        }

        public override async ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
        {
            Observe(message.Request);
            if (latency > TimeSpan.Zero)
            {
                await Task.Delay(latency, message.CancellationToken);
            }

            await ProcessNextAsync(message, pipeline);
        }
    }
}
