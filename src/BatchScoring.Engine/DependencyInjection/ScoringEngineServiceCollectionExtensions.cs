using BatchScoring.Onnx;
using BatchScoring.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace BatchScoring.Engine.DependencyInjection;

/// <summary>The engine registers itself; the orchestration (<c>AddBatchScoring</c>) adds only what is its own.</summary>
public static class ScoringEngineServiceCollectionExtensions
{
    /// <summary>
    /// Registers the scoring engine and its parts as singletons disposed with the provider: the data store (when the
    /// options name one), the ONNX session pool, the scorers, the process's scoring capacity and the
    /// <see cref="ScoringEngine"/>. Options out of range are refused here, naming each.
    /// </summary>
    /// <exception cref="ArgumentException">The options are not valid.</exception>
    public static IServiceCollection AddScoringEngine(this IServiceCollection services, Action<ScoringEngineOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = new ScoringEngineOptions();
        configure?.Invoke(options);
        if (options.Validate() is { Count: > 0 } errors)
        {
            throw new ArgumentException($"{nameof(ScoringEngineOptions)} are not valid: {string.Join("; ", errors)}", nameof(configure));
        }

        if (options.Store is { } store)
        {
            services.TryAddSingleton(store);
        }

        services.TryAddSingleton(provider => new OnnxSessionPool(LoggerFactory(provider), options.AppendCuda));
        services.TryAddSingleton(provider => new ScorerProvider(provider.GetRequiredService<OnnxSessionPool>(), LoggerFactory(provider), options.ModelCacheFolder));
        services.TryAddSingleton(_ => new ScoringCapacity(options.CpuSlots));
        services.TryAddSingleton(provider => new ScoringEngine(Store(provider), provider.GetRequiredService<ScorerProvider>(), provider.GetRequiredService<ScoringCapacity>(), LoggerFactory(provider)));
        return services;
    }

    private static IBlobStore Store(IServiceProvider provider) =>
        provider.GetService<IBlobStore>() ?? throw new InvalidOperationException("AddScoringEngine: no data store; set ScoringEngineOptions.Store (or UseStore) or register an IBlobStore.");

    private static ILoggerFactory LoggerFactory(IServiceProvider provider) => provider.GetService<ILoggerFactory>() ?? NullLoggerFactory.Instance;
}
