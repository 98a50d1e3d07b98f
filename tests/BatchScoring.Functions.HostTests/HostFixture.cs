using System.Text;
using Azure.Storage.Blobs;
using BatchScoring.Tests;

namespace BatchScoring.Functions.HostTests;

/// <summary>
/// One Azurite (blob, queue and table services) and one Functions host running the app on it, shared by every test
/// class of <see cref="HostCollection"/>: the digits sample uploaded as the README's local walkthrough does, the app's
/// settings as environment variables, a schedule and two blob-arrival rules. Started before the first test, stopped
/// after the last; a test that cannot get a host fails, saying how to get one.
/// </summary>
public sealed partial class HostFixture : IAsyncLifetime
{
    public const string Inputs = "inputs";
    public const string Outputs = "outputs";
    public const string Specs = "specs";

    /// <summary>The task hub (host.json's <c>extensions.durableTask.hubName</c>), whose containers are named after it.</summary>
    public const string TaskHub = "batchscoring";

    /// <summary>The schedule the timer test fires through the admin API; every minute, so an occurrence is always due.</summary>
    public const string Schedule = "minutely";

    /// <summary>The rule scoring blobs under <c>arrivals/</c>, one run per blob version.</summary>
    public const string ArrivalsRule = "arrivals";

    /// <summary>A rule whose spec is valid, but not once narrowed to an arriving blob under <c>selfscore/</c> (its output would be that blob).</summary>
    public const string SelfScoreRule = "selfscore";

    /// <summary>Waiting for the host to start (about 20 s on 2 cores) or for a run to finish.</summary>
    public static readonly TimeSpan HostStartTimeout = TimeSpan.FromSeconds(120);

    private Azurite? azurite;
    private FunctionsHost? host;
    private OtlpCollector? collector;

    /// <summary>The OTLP/HTTP collector the app exports its traces and metrics to (<c>OTEL_EXPORTER_OTLP_ENDPOINT</c>).</summary>
    internal OtlpCollector Telemetry => collector ?? throw new InvalidOperationException("The collector has not started.");

    internal FunctionsHost Host => host ?? throw new InvalidOperationException("The Functions host has not started.");

    internal Azurite Storage => azurite ?? throw new InvalidOperationException("Azurite has not started.");

    internal BlobServiceClient Blobs => new(Storage.ConnectionString);

    /// <summary>
    /// The app settings of a host on <paramref name="storage"/>, less <paramref name="without"/>. Durable polls its
    /// queues at least every second (30 s when idle otherwise); the timer's own tick is off (the test fires it through
    /// the admin API, which runs a disabled function).
    /// </summary>
    internal static Dictionary<string, string> AppSettings(Azurite storage, params string[] without)
    {
        var settings = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["AzureWebJobsStorage"] = storage.ConnectionString,
            ["ScoringStorage"] = storage.ConnectionString,
            ["BatchScoring__InputsContainer"] = Inputs,
            ["BatchScoring__OutputsContainer"] = Outputs,
            ["BatchScoring__SpecsContainer"] = Specs,
            [$"BatchScoring__Schedules__{Schedule}__Cron"] = "0 * * * * *",
            [$"BatchScoring__Schedules__{Schedule}__Spec"] = "scheduled.json",
            [$"BatchScoring__BlobRuns__{ArrivalsRule}__Prefix"] = "arrivals/",
            [$"BatchScoring__BlobRuns__{ArrivalsRule}__Spec"] = "arrivals.json",
            [$"BatchScoring__BlobRuns__{SelfScoreRule}__Prefix"] = "selfscore/",
            [$"BatchScoring__BlobRuns__{SelfScoreRule}__Spec"] = "selfscore.json",
            ["AzureWebJobs.RunSchedules.Disabled"] = "true",
            ["AzureFunctionsJobHost__extensions__durableTask__storageProvider__maxQueuePollingInterval"] = "00:00:01",
        };
        foreach (var name in without)
        {
            settings.Remove(name);
        }

        return settings;
    }

    public async Task InitializeAsync()
    {
        FunctionsHost.ThrowIfUnavailable();
        try
        {
            azurite = await Azurite.StartAsync(allServices: true);
            await UploadSampleAsync();
            collector = OtlpCollector.Start();
            var settings = AppSettings(azurite);
            settings["OTEL_EXPORTER_OTLP_ENDPOINT"] = collector.Url;
            settings["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf";
            settings["OTEL_METRIC_EXPORT_INTERVAL"] = "5000";
            host = await FunctionsHost.StartAsync(settings, FunctionsHost.RunningAndAnswering("/api/runs"), HostStartTimeout);
        }
        catch
        {
            await DisposeAsync();
            throw;
        }
    }

    public async Task DisposeAsync()
    {
        if (host is not null)
        {
            await host.DisposeAsync();
            host = null;
        }

        if (azurite is not null)
        {
            await azurite.DisposeAsync();
            azurite = null;
        }

        collector?.Dispose();
        collector = null;
    }

    public async Task UploadAsync(string path, byte[] content)
    {
        var slash = path.IndexOf('/', StringComparison.Ordinal);
        await Blobs.GetBlobContainerClient(path[..slash]).GetBlobClient(path[(slash + 1)..]).UploadAsync(new BinaryData(content), overwrite: true);
    }

    public Task UploadAsync(string path, string content) => UploadAsync(path, Encoding.UTF8.GetBytes(content));

    public async Task<string?> ReadAsync(string path)
    {
        var slash = path.IndexOf('/', StringComparison.Ordinal);
        var blob = Blobs.GetBlobContainerClient(path[..slash]).GetBlobClient(path[(slash + 1)..]);
        return await blob.ExistsAsync() ? (await blob.DownloadContentAsync()).Value.Content.ToString() : null;
    }

    /// <summary>
    /// Every container of the account (the host's own included) and every blob in each, with its ETag and length: two
    /// listings are equal when nothing was written anywhere in between. Blobs of the containers the host and its task hub
    /// keep their leases in (<c>azure-webjobs-*</c>: the primary host lock; <c>{hub}-*</c>: Durable's app lease) are
    /// listed by name only: they rewrite a lease blob's metadata whenever they take the lease again, on their own
    /// schedule. A new blob there still shows.
    /// </summary>
    public async Task<List<string>> AccountAsync()
    {
        var listing = new List<string>();
        await foreach (var container in Blobs.GetBlobContainersAsync())
        {
            listing.Add($"{container.Name}/ {container.Properties.ETag}");
            var hosts = container.Name.StartsWith("azure-webjobs-", StringComparison.Ordinal) || container.Name.StartsWith(TaskHub + "-", StringComparison.Ordinal);
            await foreach (var blob in Blobs.GetBlobContainerClient(container.Name).GetBlobsAsync())
            {
                listing.Add(hosts ? $"{container.Name}/{blob.Name}" : $"{container.Name}/{blob.Name} {blob.Properties.ETag} {blob.Properties.ContentLength}");
            }
        }

        return listing;
    }

    /// <summary>The containers, the model, the specs the settings name, and the digits CSV under <c>inputs/digits</c>.</summary>
    private async Task UploadSampleAsync()
    {
        foreach (var container in new[] { Inputs, Outputs, Specs })
        {
            await Blobs.GetBlobContainerClient(container).CreateIfNotExistsAsync();
        }

        await UploadAsync($"{Specs}/{Samples.ModelBlob}", Samples.Model);
        await UploadAsync($"{Inputs}/digits/digits.csv", Samples.DigitsCsv);
        await UploadAsync($"{Specs}/digits-tabular.json", Samples.Spec("digits-tabular", $"{Inputs}/digits", $"{Outputs}/digits-tabular/results.csv").ToJsonString());
        await UploadAsync($"{Specs}/scheduled.json", Samples.Spec("scheduled", $"{Inputs}/digits", $"{Outputs}/scheduled/results.csv").ToJsonString());
        await UploadAsync($"{Specs}/arrivals.json", Samples.Spec("arrivals", $"{Inputs}/arrivals", $"{Outputs}/arrivals/results.csv").ToJsonString());
        await UploadAsync(
            $"{Specs}/selfscore.json",
            Samples.Spec("selfscore", $"{Inputs}/selfscore", $"{Inputs}/selfscore/scored.csv", s => s["input"]!["glob"] = "*.parquet").ToJsonString());
    }
}
