using System.Text.Json.Serialization;

namespace BatchScoring.Orchestration.Contracts;

/// <summary>
/// One mini-batch attempt in a run's timeline (<c>results.csv.timeline.jsonl</c>, one JSON object a line, in mini-batch
/// and attempt order, after a <see cref="TimelineHeader"/> line): each attempt that failed on its worker
/// (<see cref="TimelineOutcome.AttemptFailed"/>), then the one that ended the mini-batch; on which worker, when (milliseconds since the run started), how many items it
/// scored and failed, how it ended, and the first input it read. Short property names keep 100,000 mini-batches under 10 MB.
/// </summary>
public sealed record TimelineEntry(
    [property: JsonPropertyName("i")] int MiniBatch,
    [property: JsonPropertyName("a")] int Attempt,
    [property: JsonPropertyName("w")] string Worker,
    [property: JsonPropertyName("s")] long StartMs,
    [property: JsonPropertyName("e")] long EndMs,
    [property: JsonPropertyName("n")] long Items,
    [property: JsonPropertyName("f")] long FailedItems,
    [property: JsonPropertyName("o")] TimelineOutcome Outcome,
    [property: JsonPropertyName("in")] int Input);

/// <summary>
/// The first line of a timeline: the run, when it started (entries count from there), and its input files, which
/// entries name by index (<see cref="TimelineEntry.Input"/>: the first file the mini-batch reads).
/// </summary>
public sealed record TimelineHeader(
    [property: JsonPropertyName("run")] string Run,
    [property: JsonPropertyName("startedUtc")] DateTime StartedUtc,
    [property: JsonPropertyName("inputs")] IReadOnlyList<string> Inputs);

/// <summary>
/// How a mini-batch ended: scored (<c>done</c>, on its first attempt or after retries: <see cref="TimelineEntry.Attempt"/>
/// &gt; 1), failed after all its tries, or reused from an earlier start of the run; or, for an attempt before the end,
/// that it failed on its worker (<c>attempt-failed</c>: its items count 0, whatever it had read).
/// </summary>
[JsonConverter(typeof(JsonStringEnumConverter<TimelineOutcome>))]
public enum TimelineOutcome
{
    [JsonStringEnumMemberName("done")]
    Done,

    [JsonStringEnumMemberName("failed")]
    Failed,

    [JsonStringEnumMemberName("reused")]
    Reused,

    [JsonStringEnumMemberName("attempt-failed")]
    AttemptFailed,
}
