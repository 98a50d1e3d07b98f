using System.Collections.Concurrent;
using System.Security.Cryptography;
using BatchScoring.Core;
using BatchScoring.Core.Scoring;
using BatchScoring.Core.Spec;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.ML.OnnxRuntime;

namespace BatchScoring.Onnx;

/// <summary>
/// One <see cref="InferenceSession"/> per model per process, keyed by the model's SHA-256 and the session settings,
/// shared by every mini-batch and thread (<c>Run</c> is thread-safe) and freed once, with the pool, never under a call
/// still running (<see cref="PooledSession"/>).
/// CUDA is added when asked; when its provider cannot load, ONNX Runtime throws and the pool falls back to CPU with
/// a logged warning if the spec allows it, or fails naming the reason.
/// </summary>
public sealed class OnnxSessionPool : IDisposable
{
    private readonly ConcurrentDictionary<string, Lazy<PooledSession>> sessions = new(StringComparer.Ordinal);
    private readonly ILogger logger;
    private readonly ExecutionProviderAppender appendCuda;
    private bool disposed;

    /// <summary>How long disposal waits for a session's calls in flight to stop once told to (see <see cref="PooledSession"/>).</summary>
    private static readonly TimeSpan RetirePatience = TimeSpan.FromSeconds(2);

    public OnnxSessionPool(ILoggerFactory? loggerFactory = null, ExecutionProviderAppender? appendCuda = null)
    {
        logger = (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger<OnnxSessionPool>();
        this.appendCuda = appendCuda ?? ((options, deviceId) => options.AppendExecutionProvider_CUDA(deviceId));
    }

    /// <summary>How many distinct sessions the pool holds.</summary>
    public int Count => sessions.Count;

    /// <summary>
    /// The session for a model file and the spec's settings, created on first use. <paramref name="modelHash"/> is the
    /// model's identity as the run's plan has it (<see cref="ScorerContext.ModelHash"/>); without one the file is hashed.
    /// </summary>
    public PooledSession Get(string modelPath, ModelSpec model, string? modelHash = null)
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        var hash = modelHash ?? HashOf(modelPath);
        var key = $"{hash}|{model.ExecutionProvider}|{model.DeviceId}|{model.FallbackToCpu}|{model.IntraOpThreads}|{model.InterOpThreads}";
        var created = false;
        var lazy = sessions.GetOrAdd(key, _ => new Lazy<PooledSession>(() =>
        {
            created = true;
            return Create(modelPath, hash, model);
        }));
        try
        {
            var session = lazy.Value;
            if (!created)
            {
                logger.SessionReused(modelPath, hash);
            }

            return session;
        }
        catch
        {
            sessions.TryRemove(key, out _);
            throw;
        }
    }

    public void Dispose()
    {
        if (disposed)
        {
            return;
        }

        disposed = true;
        foreach (var lazy in sessions.Values)
        {
            if (lazy.IsValueCreated)
            {
                lazy.Value.Retire(RetirePatience);
            }
        }

        sessions.Clear();
    }

    /// <summary>The intra-op threads of a session: <c>model.intraOpThreads</c>, or 1 when it is 0 (the default).</summary>
    public static int IntraOpThreads(ModelSpec model) => model.IntraOpThreads > 0 ? model.IntraOpThreads : 1;

    /// <summary>The SHA-256 of a file, lower-case hex.</summary>
    public static string HashOf(string path)
    {
        using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }

    private PooledSession Create(string modelPath, string hash, ModelSpec model)
    {
        using var options = new SessionOptions
        {
            // The engine scores one chunk per core at once, each Run on the thread that calls it: one intra-op thread
            // per call unless the spec asks for more (see ModelSpec.IntraOpThreads).
            IntraOpNumThreads = IntraOpThreads(model),
            InterOpNumThreads = Math.Max(1, model.InterOpThreads),
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
            ExecutionMode = model.InterOpThreads > 1 ? ExecutionMode.ORT_PARALLEL : ExecutionMode.ORT_SEQUENTIAL,
        };
        var provider = "CPU";
        if (model.ExecutionProvider == ExecutionProviderKind.Cuda)
        {
            try
            {
                appendCuda(options, model.DeviceId);
                provider = $"CUDA:{model.DeviceId}";
            }
            catch (Exception e) when (e is OnnxRuntimeException or EntryPointNotFoundException or DllNotFoundException)
            {
                if (!model.FallbackToCpu)
                {
                    throw new BatchScoringException($"model.executionProvider: cuda was asked for but its provider could not load ({e.Message}); set model.fallbackToCpu to true to score on CPU instead.", e);
                }

                logger.CudaFallback(modelPath, e.Message);
                provider = "CPU (CUDA fallback)";
            }
        }

        InferenceSession session;
        try
        {
            session = new InferenceSession(modelPath, options);
        }
        catch (OnnxRuntimeException e)
        {
            // The spec's location, not the local copy a blob was downloaded to, which the user never named.
            var named = string.IsNullOrEmpty(model.Location) ? modelPath : model.Location;
            throw new BatchScoringException($"model.location: '{named}' could not be loaded by ONNX Runtime: {e.Message}", e);
        }

        logger.SessionCreated(modelPath, hash, provider, IntraOpThreads(model), Math.Max(1, model.InterOpThreads));
        return new PooledSession(session, hash, provider);
    }
}
