using Microsoft.Extensions.Logging;

namespace BatchScoring.Engine;

/// <summary>Log messages of the engine; event ids 3000-3099.</summary>
internal static partial class Logs
{
    [LoggerMessage(EventId = 3000, Level = LogLevel.Information, Message = "Planned {MiniBatches} mini-batches over {Files} files ({Items} items) for run {RunName}")]
    public static partial void Planned(this ILogger logger, string runName, int miniBatches, int files, long items);

    [LoggerMessage(EventId = 3001, Level = LogLevel.Debug, Message = "Mini-batch {Index}: {Scored} scored, {Failed} failed in {ElapsedMs} ms")]
    public static partial void MiniBatchScored(this ILogger logger, int index, long scored, long failed, long elapsedMs);

    [LoggerMessage(EventId = 3002, Level = LogLevel.Information, Message = "Committed {Rows} rows from {Parts} parts to {OutputPath}")]
    public static partial void Committed(this ILogger logger, long rows, int parts, string outputPath);

    [LoggerMessage(EventId = 3003, Level = LogLevel.Information, Message = "Initialised scorer {ScorerType} for run {RunName}")]
    public static partial void ScorerInitialised(this ILogger logger, string scorerType, string runName);
}
