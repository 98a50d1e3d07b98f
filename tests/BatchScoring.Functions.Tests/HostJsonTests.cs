using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using BatchScoring.Tests;

namespace BatchScoring.Functions.Tests;

/// <summary>
/// host.json (repository root, linked into the app): every setting sits where the Functions host or the Durable
/// extension reads it. The host ignores what it does not know (a durableTask block at the root, maxConcurrent*
/// inside storageProvider), so a misplaced setting fails here instead of silently doing nothing.
/// </summary>
public partial class HostJsonTests
{
    private static readonly JsonObject Host = JsonNode.Parse(File.ReadAllText(Repo.PathOf("host.json")))!.AsObject();

    private static readonly string[] RootKeys = ["version", "functionTimeout", "logging", "extensions", "concurrency", "healthMonitor", "singleton", "aggregator", "retry", "watchDirectories", "telemetryMode"];

    private static readonly string[] ExtensionKeys = ["http", "durableTask", "blobs", "queues"];

    // Microsoft.Azure.WebJobs.Extensions.DurableTask's DurableTaskOptions (extensions.durableTask).
    private static readonly string[] DurableTaskKeys =
    [
        "hubName", "storageProvider", "tracing", "notifications", "maxConcurrentActivityFunctions", "maxConcurrentOrchestratorFunctions",
        "maxConcurrentEntityFunctions", "extendedSessionsEnabled", "extendedSessionIdleTimeoutInSeconds", "maxOrchestrationActions",
        "localRpcEndpointEnabled", "useGracefulShutdown", "overridableExistingInstanceStates", "storeInputsInOrchestrationHistory",
    ];

    // The Azure Storage provider's options, plus type and the connection names every provider reads (extensions.durableTask.storageProvider).
    private static readonly string[] StorageProviderKeys =
    [
        "type", "connectionName", "connectionStringName", "partitionCount", "controlQueueBatchSize", "controlQueueBufferThreshold",
        "controlQueueVisibilityTimeout", "workItemQueueVisibilityTimeout", "maxQueuePollingInterval", "trackingStoreConnectionName",
        "fetchLargeMessagesAutomatically", "useTablePartitionManagement", "useLegacyPartitionManagement",
    ];

    [Fact]
    public void Root_Settings_AreVersion2AndOnlyHostSettings()
    {
        Assert.Equal("2.0", (string?)Host["version"]);
        Assert.All(Host.Select(p => p.Key), key => Assert.Contains(key, RootKeys));
        Assert.Null(Host["durableTask"]);
        Assert.Null(Host["logLevel"]);
        Assert.Null(Host["extensionBundle"]); // bundles are for non-.NET workers; the isolated app ships its extensions (extensions.json)
    }

    [Fact]
    public void Extensions_Blocks_AreKnownExtensions()
    {
        var extensions = Host["extensions"]!.AsObject();

        Assert.All(extensions.Select(p => p.Key), key => Assert.Contains(key, ExtensionKeys));
        Assert.Equal(BatchScoring.Functions.Http.RunUrls.RoutePrefix, (string?)extensions["http"]!["routePrefix"]);
    }

    [Fact]
    public void Http_ChunkedRequestBodies_ReachTheWorker()
    {
        // Without it the host hands the worker an empty body for Transfer-Encoding: chunked requests.
        Assert.True((bool?)Host["extensions"]!["http"]!["enableChunkedRequestBinding"]);
    }

    [Fact]
    public void DurableTask_Settings_SitUnderExtensionsDurableTask()
    {
        var durable = Host["extensions"]!["durableTask"]!.AsObject();
        var provider = durable["storageProvider"]!.AsObject();

        Assert.All(durable.Select(p => p.Key), key => Assert.Contains(key, DurableTaskKeys));
        Assert.All(provider.Select(p => p.Key), key => Assert.Contains(key, StorageProviderKeys));
        Assert.Equal("AzureStorage", (string?)provider["type"]);
        Assert.InRange((int)durable["maxConcurrentActivityFunctions"]!, 1, 64);
        Assert.InRange((int)durable["maxConcurrentOrchestratorFunctions"]!, 1, 64);
        Assert.InRange((int)provider["partitionCount"]!, 1, 16);
        Assert.False((bool)durable["tracing"]!["traceInputsAndOutputs"]!); // inputs carry whole specs
    }

    [Fact]
    public void HubName_IsValidAndTheInfrastructuresDefault()
    {
        var hubName = (string?)Host["extensions"]!["durableTask"]!["hubName"];
        var bicep = File.ReadAllText(Repo.PathOf("infra/main.bicep"));

        Assert.Matches("^[A-Za-z][A-Za-z0-9]{2,44}$", hubName);
        Assert.Contains($"param taskHubName string = '{hubName}'", bicep, StringComparison.Ordinal);
    }

    [Fact]
    public void AppSettingOverrides_InTheInfrastructure_NameSettingsHostJsonHas()
    {
        var bicep = string.Join('\n', Directory.EnumerateFiles(Repo.PathOf("infra"), "*.bicep", SearchOption.AllDirectories).Select(File.ReadAllText));
        var overrides = OverridePattern().Matches(bicep).Select(m => m.Groups[1].Value).Distinct().ToList();

        Assert.NotEmpty(overrides);
        Assert.All(overrides, setting =>
        {
            var path = setting.Split("__");
            JsonNode? parent = Host;
            foreach (var segment in path[..^1])
            {
                parent = parent?[segment];
            }

            Assert.True(parent is JsonObject, $"AzureFunctionsJobHost__{setting}: host.json has no {string.Join('.', path[..^1])} object to override");
            Assert.Contains(path[^1], path[^2] == "storageProvider" ? StorageProviderKeys : path[^2] == "durableTask" ? DurableTaskKeys : [path[^1]]);
        });
    }

    [Fact]
    public void FunctionTimeout_IsBetweenAMiniBatchAndPremiumsGuaranteedHour()
    {
        var timeout = TimeSpan.Parse((string)Host["functionTimeout"]!, CultureInfo.InvariantCulture);

        Assert.InRange(timeout, TimeSpan.FromMinutes(5), TimeSpan.FromHours(1));
    }

    [Fact]
    public void Logging_Levels_SitUnderLoggingLogLevel()
    {
        var logging = Host["logging"]!.AsObject();

        Assert.Equal("Information", (string?)logging["logLevel"]!["default"]);
        Assert.Equal("Warning", (string?)logging["logLevel"]!["DurableTask.AzureStorage"]);
        Assert.NotNull(logging["applicationInsights"]!["samplingSettings"]);
        Assert.All(logging.Select(p => p.Key), key => Assert.Contains(key, new[] { "logLevel", "applicationInsights", "console", "fileLoggingMode" }));
    }

    [Fact]
    public void BuildOutput_HostJson_IsTheRepositoryRootFile()
    {
        var copied = Path.Combine(AppContext.BaseDirectory, "FunctionsApp", "host.json");

        Assert.Equal(File.ReadAllText(Repo.PathOf("host.json")), File.ReadAllText(copied));
    }

    [GeneratedRegex(@"AzureFunctionsJobHost__((?:[A-Za-z]+__)*[A-Za-z]+)")]
    private static partial Regex OverridePattern();
}
