using Microsoft.Extensions.Logging;

namespace BatchScoring.Orchestration;

/// <summary>Log messages of the orchestration (through replay-safe loggers); event ids 4000-4099.</summary>
internal static partial class Logs
{
    [LoggerMessage(EventId = 4000, Level = LogLevel.Information, Message = "Run {InstanceId} planned {MiniBatches} mini-batches, {Items} items")]
    public static partial void RunPlanned(this ILogger logger, string instanceId, int miniBatches, long items);

    [LoggerMessage(EventId = 4001, Level = LogLevel.Information, Message = "Run {InstanceId} is identical to committed run {Fingerprint}; its result is returned without scoring")]
    public static partial void RunReused(this ILogger logger, string instanceId, string fingerprint);

    [LoggerMessage(EventId = 4002, Level = LogLevel.Warning, Message = "Run {InstanceId} stops: {Reason}")]
    public static partial void BudgetExceeded(this ILogger logger, string instanceId, string reason);

    [LoggerMessage(EventId = 4003, Level = LogLevel.Information, Message = "Run {InstanceId} failed: {Reason}")]
    public static partial void RunFailed(this ILogger logger, string instanceId, string reason);

    [LoggerMessage(EventId = 4004, Level = LogLevel.Error, Message = "Run {InstanceId}: its summary could not be written: {Reason}")]
    public static partial void SummaryNotWritten(this ILogger logger, string instanceId, string reason);
}
