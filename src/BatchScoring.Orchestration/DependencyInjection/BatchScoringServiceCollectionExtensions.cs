using BatchScoring.Engine;
using BatchScoring.Engine.DependencyInjection;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace BatchScoring.Orchestration.DependencyInjection;

/// <summary>The library registers itself: every host (the Functions app, the runner) and test fixture calls this.</summary>
public static class BatchScoringServiceCollectionExtensions
{
    /// <summary>
    /// Registers the scoring engine (<see cref="ScoringEngineServiceCollectionExtensions.AddScoringEngine"/>, with
    /// <paramref name="configure"/>) and what the orchestration adds to it: the run files and the activities of
    /// <see cref="ScoringTasks"/>, as singletons. Hosts resolve what they need; they never build engine parts themselves.
    /// </summary>
    public static IServiceCollection AddBatchScoring(this IServiceCollection services, Action<ScoringEngineOptions>? configure = null)
    {
        services.AddScoringEngine(configure);
        services.TryAddSingleton(provider => new RunFiles(provider.GetRequiredService<ScoringEngine>().Store));

        // The orchestration's activities, resolved by every backend's worker and by the Functions wrappers.
        foreach (var activity in ScoringTasks.Activities)
        {
            services.TryAddSingleton(activity);
        }

        return services;
    }
}
