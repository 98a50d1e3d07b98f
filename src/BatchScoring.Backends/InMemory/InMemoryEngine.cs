using BatchScoring.Core.Runs;
using DurableTask.Core;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Testing.Sidecar;
using Microsoft.Extensions.Logging;

namespace BatchScoring.Backends.InMemory;

/// <summary>
/// The in-memory Durable Task engine in this process, composed directly (no gRPC sidecar, no generic host): the
/// in-memory orchestration service (a real backend, with replay), sized to the run rather than to the machine
/// (<see cref="SizedOrchestrationService"/>), DurableTask.Core's <see cref="TaskHubWorker"/> running the scoring
/// classes through the shims, and a portable <see cref="DurableTaskClient"/>. It starts in milliseconds.
/// </summary>
public sealed class InMemoryEngine : IAsyncDisposable
{
    private readonly TaskHubWorker worker;
    private bool stopped;

    private InMemoryEngine(TaskHubWorker worker, DurableTaskClient client)
    {
        this.worker = worker;
        Client = client;
    }

    public DurableTaskClient Client { get; }


    /// <summary>
    /// Starts the engine over the services <c>AddBatchScoring</c> registered. <paramref name="activitySlots"/>
    /// mini-batches (activities) run at once, at most; a run's own window (<c>execution.maxParallelMiniBatches</c>) is
    /// the limit that matters, so hosts give at least that.
    /// </summary>
    /// <param name="forgetShardsAfter">How long a finished shard is kept before it is forgotten (its result is in the run's status by then); default 10 s.</param>
    public static Task<InMemoryEngine> StartAsync(IServiceProvider services, ILoggerFactory loggerFactory, int activitySlots, TimeSpan forgetShardsAfter = default) =>
        StartAsync(services, loggerFactory, activitySlots, scoringRun: null, forgetShardsAfter);

    /// <summary>The same, with <paramref name="scoringRun"/> in place of the run orchestrator: a test seam (other fan-out bounds), not shipped API.</summary>
    internal static async Task<InMemoryEngine> StartAsync(IServiceProvider services, ILoggerFactory loggerFactory, int activitySlots, Func<ITaskOrchestrator>? scoringRun, TimeSpan forgetShardsAfter = default)
    {
        var inner = new InMemoryOrchestrationService(loggerFactory);
        var service = new SizedOrchestrationService(inner, activitySlots, orchestrations: Math.Max(16, Environment.ProcessorCount * 4), forget: RunLayout.IsShardId, forgetShardsAfter);
        var worker = ScoringWorker.Create(service, services, loggerFactory, scoringRun);
        await worker.StartAsync();
        return new InMemoryEngine(worker, new ServiceDurableTaskClient("in-memory", inner, loggerFactory));
    }

    /// <summary>Stops taking work; in-flight work items are given up to <paramref name="grace"/> to finish.</summary>
    public async Task StopAsync(TimeSpan grace)
    {
        if (stopped)
        {
            return;
        }

        stopped = true;
        var stop = worker.StopAsync(isForced: false);
        await Task.WhenAny(stop, Task.Delay(grace));
    }

    /// <summary>
    /// Stops at once: nothing waits for work items (DurableTask.Core's graceful stop polls once a second while any
    /// dispatcher is fetching, which costs a second even when nothing runs). Use <see cref="StopAsync"/> first to let
    /// work finish.
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        if (!stopped)
        {
            stopped = true;
            await worker.StopAsync(isForced: true);
        }

        worker.Dispose();
        await Client.DisposeAsync();
    }
}
