using BatchScoring.Backends.InMemory;
using BatchScoring.Engine;
using BatchScoring.Engine.DependencyInjection;
using BatchScoring.Orchestration.DependencyInjection;
using BatchScoring.Storage;
using BatchScoring.Storage.Local;
using Microsoft.DurableTask;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace BatchScoring.Tests;

/// <summary>
/// The library as a host builds it (<c>AddBatchScoring</c>) over a store, for tests and benchmarks, and the in-memory
/// Durable engine on top of it when a test needs orchestrations. Disposing stops the engine and disposes the services.
/// </summary>
internal sealed class ScoringHost : IAsyncDisposable
{
    private InMemoryEngine? durable;

    private ScoringHost(ServiceProvider services, ILoggerFactory loggerFactory)
    {
        Services = services;
        LoggerFactory = loggerFactory;
    }

    public ServiceProvider Services { get; }

    public ILoggerFactory LoggerFactory { get; }

    public IBlobStore Store => Services.GetRequiredService<IBlobStore>();

    public ScoringEngine Engine => Services.GetRequiredService<ScoringEngine>();

    /// <summary>The in-memory engine, once <see cref="StartDurableAsync"/> ran.</summary>
    public InMemoryEngine Durable => durable ?? throw new InvalidOperationException("StartDurableAsync first.");

    public static ScoringHost Create(string root, ILoggerFactory? loggerFactory = null, Action<ScoringEngineOptions>? configure = null) =>
        Create(new LocalBlobStore(root), loggerFactory, configure);

    public static ScoringHost Create(IBlobStore store, ILoggerFactory? loggerFactory = null, Action<ScoringEngineOptions>? configure = null)
    {
        loggerFactory ??= NullLoggerFactory.Instance;
        var services = new ServiceCollection();
        services.AddSingleton(loggerFactory);
        services.AddBatchScoring(options =>
        {
            options.UseStore(store);
            configure?.Invoke(options);
        });
        return new ScoringHost(services.BuildServiceProvider(), loggerFactory);
    }

    /// <summary>Starts the in-memory Durable engine over these services.</summary>
    public async Task<InMemoryEngine> StartDurableAsync(int activitySlots = 32, Func<ITaskOrchestrator>? scoringRun = null, TimeSpan forgetShardsAfter = default)
    {
        durable = await InMemoryEngine.StartAsync(Services, LoggerFactory, activitySlots, scoringRun, forgetShardsAfter);
        return durable;
    }

    public async ValueTask DisposeAsync()
    {
        if (durable is not null)
        {
            await durable.DisposeAsync();
        }

        await Services.DisposeAsync();
    }
}
