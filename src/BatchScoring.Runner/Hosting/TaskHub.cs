using System.Text.RegularExpressions;
using Azure;
using Azure.Storage.Blobs;
using BatchScoring.Backends;
using DurableTask.AzureStorage;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;

namespace BatchScoring.Runner.Hosting;

/// <summary>
/// A Durable Task hub on Azure Storage (or Azurite): DurableTask.Core's orchestration service and client, with the
/// portable data converter so inputs and outputs read the same on both sides of the shims.
/// </summary>
internal sealed partial class TaskHub
{
    private TaskHub(AzureStorageOrchestrationService service, DurableTaskClient client, string name)
    {
        Service = service;
        Client = client;
        Name = name;
    }

    public AzureStorageOrchestrationService Service { get; }

    /// <summary>
    /// Control-queue partitions of a hub this runner creates. The Functions app's host.json sets the same
    /// (<c>durableTask.storageProvider.partitionCount</c>), so runner workers can join the app's hub.
    /// </summary>
    public const int PartitionCount = 4;

    /// <summary>
    /// How long a control-queue message a worker took stays hidden from the others. When a worker joins or leaves, the
    /// partitions move, and the messages the old owner had taken but not handled wait this long before the new owner
    /// sees them: Durable's default of 5 minutes stalled runs a runner worker joined (README, "Workers beside the Functions app"). The
    /// Functions app's host.json sets 1 minute (<c>durableTask.storageProvider.controlQueueVisibilityTimeout</c>), the
    /// least the Durable Functions extension accepts.
    /// </summary>
    public static readonly TimeSpan ControlQueueVisibilityTimeout = TimeSpan.FromSeconds(30);

    /// <summary>Orchestration work items (a run and its shards) one worker replays at once: they are short, mostly waiting.</summary>
    public const int OrchestrationSlots = 16;

    /// <summary>The portable client over the hub, with the shims' data converter.</summary>
    public DurableTaskClient Client { get; }

    public string Name { get; }

    /// <summary>
    /// Connects to a task hub, creating it when missing. Fails fast (within seconds) when storage cannot be reached
    /// and before touching storage when the name is not one Azure Storage accepts.
    /// </summary>
    public static async Task<TaskHub> ConnectAsync(string name, string connectionString, string workerId, ILoggerFactory loggerFactory, int activitySlots = 8, CancellationToken cancellationToken = default)
    {
        if (!HubName().IsMatch(name))
        {
            throw new CommandLineException(ExitCodes.InvalidTaskHub, $"task hub name '{name}' is not valid: use 3-45 letters and digits, starting with a letter (Azure Storage names its queues and tables after it).");
        }

        await ProbeAsync(connectionString, cancellationToken);
        var settings = new AzureStorageOrchestrationServiceSettings
        {
            TaskHubName = name,
            StorageAccountClientProvider = new StorageAccountClientProvider(connectionString),
            WorkerId = workerId,
            LoggerFactory = loggerFactory,
            MaxConcurrentTaskActivityWorkItems = activitySlots,
            MaxConcurrentTaskOrchestrationWorkItems = OrchestrationSlots,
            PartitionCount = PartitionCount,

            // A killed worker's partitions and activities move on within seconds, not minutes.
            LeaseInterval = TimeSpan.FromSeconds(15),
            LeaseRenewInterval = TimeSpan.FromSeconds(5),
            WorkItemQueueVisibilityTimeout = TimeSpan.FromSeconds(30),
            ControlQueueVisibilityTimeout = ControlQueueVisibilityTimeout,
            MaxQueuePollingInterval = TimeSpan.FromSeconds(1),

            // Partitions handed out through a table, as Durable Functions 3 does by default: a worker can then join the
            // task hub of the Functions app (blob leases and table partitions on one hub would each hand out every
            // partition).
            UseTablePartitionManagement = true,
        };
        var service = new AzureStorageOrchestrationService(settings);
        try
        {
            await service.CreateIfNotExistsAsync();
        }
        catch (Exception e) when (Refusal(e) is { } refused)
        {
            // DurableTask.AzureStorage wraps the SDK's refusal (a wrong key, an identity without rights) in its own type.
            throw new CommandLineException(ExitCodes.InvalidTaskHub, $"storage refused task hub '{name}': {refused.ErrorCode ?? refused.Status.ToString(System.Globalization.CultureInfo.InvariantCulture)} {FirstLine(refused.Message)}");
        }

        return new TaskHub(service, new ServiceDurableTaskClient(name, service, loggerFactory), name);
    }

    /// <summary>
    /// One request with a short timeout: an endpoint that refuses connections is reported at once, and one that does not
    /// answer within seconds. A time-out is tried once more with a longer one, because an endpoint that is up but busy
    /// (an emulator beside many workers on a loaded machine) is reachable, only slow.
    /// </summary>
    private static async Task ProbeAsync(string connectionString, CancellationToken cancellationToken)
    {
        TimeSpan[] timeouts = [TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(20)];
        for (var attempt = 0; ; attempt++)
        {
            BlobServiceClient blobs;
            try
            {
                var options = new BlobClientOptions();
                options.Retry.MaxRetries = 0;
                options.Retry.NetworkTimeout = timeouts[attempt];
                blobs = new BlobServiceClient(connectionString, options);
            }
            catch (Exception e) when (e is FormatException or ArgumentException)
            {
                // Not a connection string at all: bad usage, not storage that cannot be reached.
                throw new CommandLineException(ExitCodes.InvalidInput, $"--storage is not a valid storage connection string: {e.Message}");
            }

            try
            {
                await blobs.GetPropertiesAsync(cancellationToken);
                return;
            }
            catch (Exception e) when (IsTimeout(e, cancellationToken) && attempt + 1 < timeouts.Length)
            {
                // Slow, not refused: once more, with the longer time-out.
            }
            catch (Exception e) when (e is RequestFailedException or OperationCanceledException or AggregateException or HttpRequestException)
            {
                throw new CommandLineException(ExitCodes.StorageUnreachable, $"storage at {blobs.Uri} cannot be reached: {FirstLine(e.Message)}");
            }
        }
    }

    /// <summary>The SDK's network time-out (a cancellation nobody asked for), alone or as each of several tries.</summary>
    private static bool IsTimeout(Exception e, CancellationToken cancellationToken) =>
        !cancellationToken.IsCancellationRequested
        && (e is OperationCanceledException
            || (e is AggregateException all && all.InnerExceptions.All(inner => inner is OperationCanceledException)));

    private static RequestFailedException? Refusal(Exception? e)
    {
        for (; e is not null; e = e.InnerException)
        {
            if (e is RequestFailedException refused)
            {
                return refused;
            }
        }

        return null;
    }

    private static string FirstLine(string message) => message.Split('\n')[0].Trim();

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9]{2,44}$")]
    private static partial Regex HubName();
}
