using Microsoft.Extensions.Logging;

namespace BatchScoring.Functions;

/// <summary>Log messages of the Functions app; event ids 5000-5099.</summary>
internal static partial class Logs
{
    [LoggerMessage(EventId = 5000, Level = LogLevel.Information, Message = "Run {InstanceId} started over HTTP from {Source}")]
    public static partial void RunStarted(this ILogger logger, string instanceId, string source);

    [LoggerMessage(EventId = 5001, Level = LogLevel.Information, Message = "Run {InstanceId} cancelled (terminated) over HTTP")]
    public static partial void RunCancelled(this ILogger logger, string instanceId);

    [LoggerMessage(EventId = 5002, Level = LogLevel.Warning, Message = "Run refused over HTTP (400): the spec from {Source} reads or writes outside the app's containers: {Problems}")]
    public static partial void RunRefusedOutsideContainers(this ILogger logger, string source, string problems);

    [LoggerMessage(EventId = 5003, Level = LogLevel.Error, Message = "Orchestration {Orchestration} {InstanceId} refused before it read or wrote anything: {Problems}")]
    public static partial void OrchestrationRefused(this ILogger logger, string orchestration, string instanceId, string problems);

    [LoggerMessage(EventId = 5010, Level = LogLevel.Information, Message = "Schedule {Schedule}: run {InstanceId} started for the occurrence at {Occurrence:o}")]
    public static partial void ScheduledRunStarted(this ILogger logger, string schedule, string instanceId, DateTimeOffset occurrence);

    [LoggerMessage(EventId = 5011, Level = LogLevel.Information, Message = "Schedule {Schedule}: run {InstanceId} exists already; the occurrence is not started twice")]
    public static partial void ScheduledRunExists(this ILogger logger, string schedule, string instanceId);

    [LoggerMessage(EventId = 5012, Level = LogLevel.Warning, Message = "Schedule {Schedule}: the occurrence at {Occurrence:o} is skipped because run {Running} of this schedule is still {Status}")]
    public static partial void ScheduledRunOverlaps(this ILogger logger, string schedule, DateTimeOffset occurrence, string running, string status);

    [LoggerMessage(EventId = 5013, Level = LogLevel.Error, Message = "Schedule {Schedule}: spec {SpecPath} cannot be run: {Problems}")]
    public static partial void ScheduledSpecInvalid(this ILogger logger, string schedule, string specPath, string problems);

    [LoggerMessage(EventId = 5020, Level = LogLevel.Information, Message = "Blob {Container}/{Name} (ETag {ETag}): rule {Rule} started run {InstanceId}")]
    public static partial void BlobRunStarted(this ILogger logger, string container, string name, string etag, string rule, string instanceId);

    [LoggerMessage(EventId = 5021, Level = LogLevel.Information, Message = "Blob {Container}/{Name} (ETag {ETag}): run {InstanceId} exists already; a repeated delivery starts nothing")]
    public static partial void BlobRunExists(this ILogger logger, string container, string name, string etag, string instanceId);

    [LoggerMessage(EventId = 5022, Level = LogLevel.Debug, Message = "Blob {Container}/{Name}: no rule in BatchScoring__BlobRuns matches; nothing started")]
    public static partial void BlobUnmatched(this ILogger logger, string container, string name);

    [LoggerMessage(EventId = 5023, Level = LogLevel.Warning, Message = "Blob {Container}/{Name} is gone before it could be read; nothing started")]
    public static partial void BlobGone(this ILogger logger, string container, string name);

    [LoggerMessage(EventId = 5024, Level = LogLevel.Error, Message = "Blob {Container}/{Name}: rule {Rule}'s spec {SpecPath} cannot be run: {Problems}")]
    public static partial void BlobSpecInvalid(this ILogger logger, string container, string name, string rule, string specPath, string problems);

    [LoggerMessage(EventId = 5025, Level = LogLevel.Information, Message = "Blob {Container}/{Name}: joins grouped run {InstanceId}, which starts at {StartAt:o}")]
    public static partial void BlobGrouped(this ILogger logger, string container, string name, string instanceId, DateTimeOffset startAt);

    [LoggerMessage(EventId = 5026, Level = LogLevel.Error, Message = "Blob {Container}/{Name}: rule {Rule}'s spec {SpecPath}, narrowed to this blob, is not a valid run spec; nothing started: {Problems}")]
    public static partial void BlobRunSpecInvalid(this ILogger logger, string container, string name, string rule, string specPath, string problems);
}
