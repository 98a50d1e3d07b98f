using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace BatchScoring.Core.Diagnostics;

/// <summary>
/// The traces and metrics of batch scoring, both named <see cref="Name"/>: an <see cref="ActivitySource"/> whose spans
/// (<c>planning</c>, <c>mini-batch</c> with the seconds its chunks spent being read, scored and written, <c>commit</c>) are
/// children of Durable Task's own (<c>orchestration:ScoringRun</c> → <c>orchestration:ScoreShard</c> →
/// <c>activity:ScoreMiniBatch</c>), so one run is one trace across processes (Durable Task carries W3C trace context
/// in its messages), and a <see cref="Meter"/>. Hosts export them (OpenTelemetry: <see cref="Sources"/>); nothing is
/// recorded while no listener is attached.
/// </summary>
public static class BatchScoringTelemetry
{
    public const string Name = "BatchScoring";

    /// <summary>The activity sources a host exports for a whole run's trace: ours and Durable Task's.</summary>
    public static readonly IReadOnlyList<string> Sources = [Name, "DurableTask.Core", "Microsoft.DurableTask"];

    /// <summary>Span attribute names.</summary>
    public static class Tags
    {
        public const string RunId = "batchscoring.run.id";
        public const string RunName = "batchscoring.run.name";
        public const string MiniBatch = "batchscoring.minibatch.index";
        public const string Attempt = "batchscoring.minibatch.attempt";
        public const string ItemsScored = "batchscoring.items.scored";
        public const string ItemsFailed = "batchscoring.items.failed";
        public const string Worker = "batchscoring.worker";
        public const string BytesRead = "batchscoring.bytes.read";
        public const string MiniBatches = "batchscoring.minibatches";
        public const string Items = "batchscoring.items";
        public const string StorageKind = "batchscoring.storage.kind";
        public const string Outcome = "batchscoring.minibatch.outcome";
        public const string ReadSeconds = "batchscoring.read.seconds";
        public const string ScoreSeconds = "batchscoring.score.seconds";
        public const string WriteSeconds = "batchscoring.write.seconds";
    }

    public static readonly ActivitySource Source = new(Name, typeof(BatchScoringTelemetry).Assembly.GetName().Version?.ToString());

    public static readonly Meter Meter = new(Name, typeof(BatchScoringTelemetry).Assembly.GetName().Version?.ToString());

    /// <summary>Items scored (counter).</summary>
    public static readonly Counter<long> ItemsScored = Meter.CreateCounter<long>("batchscoring.items.scored", "{item}", "Items scored");

    /// <summary>Items that failed, as error records or in failed mini-batches (counter).</summary>
    public static readonly Counter<long> ItemsFailed = Meter.CreateCounter<long>("batchscoring.items.failed", "{item}", "Items failed");

    /// <summary>Seconds a mini-batch attempt took, tagged with its outcome (histogram).</summary>
    public static readonly Histogram<double> MiniBatchDuration = Meter.CreateHistogram<double>("batchscoring.minibatch.duration", "s", "Duration of a mini-batch attempt");

    /// <summary>Rows a second of a mini-batch attempt (histogram: its distribution is the throughput per worker).</summary>
    public static readonly Histogram<double> RowsPerSecond = Meter.CreateHistogram<double>("batchscoring.minibatch.rows_per_second", "{item}/s", "Items a second of a scored mini-batch");

    /// <summary>Mini-batches being scored in this process (up-down counter).</summary>
    public static readonly UpDownCounter<long> MiniBatchesInFlight = Meter.CreateUpDownCounter<long>("batchscoring.minibatches.in_flight", "{minibatch}", "Mini-batches being scored");

    /// <summary>Attempts after a mini-batch's first (counter).</summary>
    public static readonly Counter<long> Retries = Meter.CreateCounter<long>("batchscoring.minibatch.retries", "{attempt}", "Mini-batch attempts after the first");

    /// <summary>Mini-batches that failed after all their tries (counter).</summary>
    public static readonly Counter<long> MiniBatchesFailed = Meter.CreateCounter<long>("batchscoring.minibatches.failed", "{minibatch}", "Mini-batches failed after all their tries");

    /// <summary>Attempts abandoned at <c>execution.miniBatchTimeout</c> (counter).</summary>
    public static readonly Counter<long> TimeOuts = Meter.CreateCounter<long>("batchscoring.minibatch.timeouts", "{attempt}", "Mini-batch attempts timed out");

    /// <summary>Requests to Azure Blob Storage, tagged with their kind (GetBlob, PutBlock, ListBlobs, ...).</summary>
    public static readonly Counter<long> StorageRequests = Meter.CreateCounter<long>("batchscoring.storage.requests", "{request}", "Storage requests by kind");

    /// <summary>Starts a span of ours, a child of the current one (null when nobody listens).</summary>
    public static Activity? Start(string name, ActivityKind kind = ActivityKind.Internal) => Source.StartActivity(name, kind);
}
