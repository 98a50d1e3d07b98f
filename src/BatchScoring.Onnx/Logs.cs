using Microsoft.Extensions.Logging;

namespace BatchScoring.Onnx;

/// <summary>Log messages of the ONNX scorers; event ids 2000-2099.</summary>
internal static partial class Logs
{
    [LoggerMessage(EventId = 2000, Level = LogLevel.Information, Message = "Loaded model {ModelPath} (sha256 {ModelHash}) on {Provider} with {IntraOpThreads} intra-op and {InterOpThreads} inter-op threads")]
    public static partial void SessionCreated(this ILogger logger, string modelPath, string modelHash, string provider, int intraOpThreads, int interOpThreads);

    [LoggerMessage(EventId = 2001, Level = LogLevel.Warning, Message = "The CUDA execution provider could not load for model {ModelPath} ({Reason}); scoring on CPU instead, as model.fallbackToCpu allows")]
    public static partial void CudaFallback(this ILogger logger, string modelPath, string reason);

    [LoggerMessage(EventId = 2002, Level = LogLevel.Debug, Message = "Reusing the session of model {ModelPath} (sha256 {ModelHash})")]
    public static partial void SessionReused(this ILogger logger, string modelPath, string modelHash);
}
