using BatchScoring.Onnx;
using BatchScoring.Storage;

namespace BatchScoring.Orchestration.DependencyInjection;

/// <summary>How <see cref="BatchScoringServiceCollectionExtensions.AddBatchScoring"/> builds the library's services.</summary>
public sealed class ScoringEngineOptions
{
    /// <summary>
    /// The data store every run reads and writes (a <c>LocalBlobStore</c> or an <c>AzureBlobStore</c>). Required, unless
    /// the host registers an <see cref="IBlobStore"/> itself (the Functions app builds its own from app settings).
    /// </summary>
    public Func<IServiceProvider, IBlobStore>? Store { get; set; }

    /// <summary>Where models and side inputs from non-local stores are downloaded once (default: a folder under the temp folder).</summary>
    public string? ModelCacheFolder { get; set; }

    /// <summary>Chunks scored at once in this process (default: one per core); see <c>ScoringCapacity</c>.</summary>
    public int? CpuSlots { get; set; }

    /// <summary>How the CUDA provider is added to session options (tests make it fail to load through this seam).</summary>
    public ExecutionProviderAppender? AppendCuda { get; set; }

    /// <summary>Uses <paramref name="store"/> as the data store.</summary>
    public ScoringEngineOptions UseStore(IBlobStore store)
    {
        Store = _ => store;
        return this;
    }
}
