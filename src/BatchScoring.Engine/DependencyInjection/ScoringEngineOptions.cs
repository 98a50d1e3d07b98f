using BatchScoring.Onnx;
using BatchScoring.Storage;

namespace BatchScoring.Engine.DependencyInjection;

/// <summary>
/// How <see cref="ScoringEngineServiceCollectionExtensions.AddScoringEngine"/> builds the engine's services, checked
/// when they are registered (<see cref="Validate"/>): a value out of range is refused with its name, never clamped.
/// </summary>
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

    /// <summary>Each problem with these options, as <c>Name: must ..., was ...</c>; empty when they are valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (CpuSlots is < 1 or > MaxCpuSlots)
        {
            errors.Add($"{nameof(CpuSlots)}: must be between 1 and {MaxCpuSlots}, was {CpuSlots}");
        }

        if (ModelCacheFolder is { } folder && string.IsNullOrWhiteSpace(folder))
        {
            errors.Add($"{nameof(ModelCacheFolder)}: must name a folder when set, was '{folder}'");
        }

        return errors;
    }

    /// <summary>The most CPU slots one process may ask for.</summary>
    public const int MaxCpuSlots = 1024;

    /// <summary>Uses <paramref name="store"/> as the data store.</summary>
    public ScoringEngineOptions UseStore(IBlobStore store)
    {
        Store = _ => store;
        return this;
    }
}
