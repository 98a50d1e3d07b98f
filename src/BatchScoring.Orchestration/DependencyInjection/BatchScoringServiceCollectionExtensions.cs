using BatchScoring.Engine;
using BatchScoring.Onnx;
using BatchScoring.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace BatchScoring.Orchestration.DependencyInjection;

/// <summary>The library registers itself: every host (the Functions app, the runner) and test fixture calls this.</summary>
public static class BatchScoringServiceCollectionExtensions
{
    /// <summary>
    /// Registers the scoring engine (the data store, the ONNX session pool, the scorers, the process's scoring
    /// capacity) and the orchestration's activities and run files, as singletons disposed with the provider. Hosts
    /// resolve what they need; they never build engine parts themselves.
    /// </summary>
    public static IServiceCollection AddBatchScoring(this IServiceCollection services, Action<ScoringEngineOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = new ScoringEngineOptions();
        configure?.Invoke(options);
        if (options.Store is { } store)
        {
            services.TryAddSingleton(store);
        }

        services.TryAddSingleton(provider => new OnnxSessionPool(LoggerFactory(provider), options.AppendCuda));
        services.TryAddSingleton(provider => new ScorerProvider(provider.GetRequiredService<OnnxSessionPool>(), LoggerFactory(provider), options.ModelCacheFolder));
        services.TryAddSingleton(_ => new ScoringCapacity(options.CpuSlots));
        services.TryAddSingleton(provider => new ScoringEngine(Store(provider), provider.GetRequiredService<ScorerProvider>(), provider.GetRequiredService<ScoringCapacity>(), LoggerFactory(provider)));
        services.TryAddSingleton(provider => new RunFiles(Store(provider)));

        // The orchestration's activities, resolved by every backend's worker and by the Functions wrappers.
        foreach (var activity in ScoringTasks.Activities)
        {
            services.TryAddSingleton(activity);
        }

        return services;
    }

    private static IBlobStore Store(IServiceProvider provider) =>
        provider.GetService<IBlobStore>() ?? throw new InvalidOperationException("AddBatchScoring: no data store; set ScoringEngineOptions.Store (or UseStore) or register an IBlobStore.");

    private static ILoggerFactory LoggerFactory(IServiceProvider provider) => provider.GetService<ILoggerFactory>() ?? NullLoggerFactory.Instance;
}
