using System.CommandLine;
using System.Runtime.InteropServices;
using BatchScoring.Backends;
using BatchScoring.Core.Spec;
using BatchScoring.Runner.Hosting;
using BatchScoring.Storage.Azure;

namespace BatchScoring.Runner.Commands;

/// <summary><c>worker</c>: joins a task hub on Azure Storage and processes work until stopped.</summary>
internal static class WorkerCommand
{
    /// <summary>What benchmarks ask of a worker: a delay before each data request, and where to write its request counts.</summary>
    private sealed record WorkerBenchmarking(int LatencyMs, string? StatsPath);

    public static Command Create()
    {
        var hub = CommonOptions.Hub();
        var storage = CommonOptions.Storage();
        var root = CommonOptions.Root();
        var dataStorage = CommonOptions.DataStorage();
        var slots = new Option<int>("--slots") { Description = "Activities (mini-batches) this process runs at once.", DefaultValueFactory = _ => Environment.ProcessorCount };
        var containers = CommonOptions.Containers();
        var latency = CommonOptions.StorageLatency();
        var stats = CommonOptions.Stats();
        var command = new Command("worker", "Join a task hub on Azure Storage (or Azurite) and score mini-batches until stopped (Ctrl+C or SIGTERM drain cleanly). Start as many as you like, on any machines.\n\nExample:\n  batchscore worker --hub scoring --storage \"$BATCHSCORE_STORAGE\" --root /data")
        {
            hub, storage, root, dataStorage, slots, containers, latency, stats,
        };
        command.SetAction((result, cancellationToken) => RunAsync(
            result.GetValue(hub)!,
            CommonOptions.RequireStorage(result.GetValue(storage)),
            result.GetValue(root)!,
            result.GetValue(dataStorage),
            result.GetValue(slots),
            new WorkerBenchmarking(result.GetValue(latency), result.GetValue(stats)),
            CommonOptions.ParseContainers(result.GetValue(containers)),
            cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(string hubName, string storage, string root, string? dataStorage, int slots, WorkerBenchmarking benchmarking, SpecContainers? containers, CancellationToken cancellationToken)
    {
        using var loggerFactory = CommonOptions.Logging();
        var workerId = $"{Environment.MachineName}-{Environment.ProcessId}";
        var hub = await TaskHub.ConnectAsync(hubName, storage, workerId, loggerFactory, Math.Max(1, slots), cancellationToken);
        var requests = new StorageRequests();
        await using var services = CommonOptions.Services(CommonOptions.DataStore(root, dataStorage, requests, benchmarking.LatencyMs), loggerFactory);
        {
            var worker = ScoringWorker.Create(hub.Service, services, loggerFactory, containers: containers);
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            void Drain(PosixSignalContext context)
            {
                context.Cancel = true;
                stop.Cancel();
            }

            using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Drain);
            using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, Drain);
            await worker.StartAsync();
            Console.WriteLine($"{DateTime.UtcNow:HH:mm:ss} worker {workerId} joined task hub '{hubName}' ({slots} activity slots); Ctrl+C or SIGTERM to stop");
            try
            {
                await Task.Delay(Timeout.Infinite, stop.Token);
            }
            catch (OperationCanceledException)
            {
            }

            Console.WriteLine($"{DateTime.UtcNow:HH:mm:ss} worker {workerId} draining: in-flight work finishes, then it leaves");
            await worker.StopAsync(isForced: false);
            await CommonOptions.WriteStatsAsync(benchmarking.StatsPath, requests);
            Console.WriteLine($"{DateTime.UtcNow:HH:mm:ss} worker {workerId} left task hub '{hubName}'");
            return ExitCodes.Success;
        }
    }
}
