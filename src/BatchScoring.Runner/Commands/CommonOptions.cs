using System.CommandLine;
using System.Text.RegularExpressions;
using BatchScoring.Core;
using BatchScoring.Core.Runs;
using BatchScoring.Core.Spec;
using BatchScoring.Orchestration.DependencyInjection;
using BatchScoring.Runner.Hosting;
using BatchScoring.Storage;
using BatchScoring.Storage.Azure;
using BatchScoring.Storage.Local;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace BatchScoring.Runner.Commands;

/// <summary>Options and helpers the commands share.</summary>
internal static partial class CommonOptions
{
    public const string StorageVariable = "BATCHSCORE_STORAGE";

    public const string ContainersVariable = "BATCHSCORE_CONTAINERS";

    public static Option<string> Hub() => new("--hub") { Description = "Task hub name (3-45 letters and digits).", Required = true };

    public static Option<string?> Storage() => new("--storage")
    {
        Description = $"Azure Storage connection string of the task hub (Azurite works); default: ${StorageVariable}.",
        DefaultValueFactory = _ => Environment.GetEnvironmentVariable(StorageVariable),
    };

    public static Option<string> Root() => new("--root")
    {
        Description = "Local folder every path in the spec is relative to (the data store); default: the current folder.",
        DefaultValueFactory = _ => Directory.GetCurrentDirectory(),
    };

    public static Option<string?> DataStorage() => new("--data-storage")
    {
        Description = "Read inputs and write outputs in Azure Blob Storage with this connection string instead of --root (paths are container/blob).",
    };

    public static Option<int> StorageLatency() => new("--storage-latency-ms")
    {
        Description = "For benchmarks: milliseconds added before every request to --data-storage, standing for the network between this machine and Azure.",
    };

    public static Option<string?> Stats() => new("--stats")
    {
        Description = "For benchmarks: when the process ends, write its storage requests to --data-storage (by step and kind) and its peak memory to this JSON file.",
    };

    /// <summary><c>--containers INPUTS,OUTPUTS,MODELS</c>: the containers of the Functions app whose task hub a run is started on.</summary>
    public static Option<string?> Containers() => new("--containers")
    {
        Description = $"INPUTS,OUTPUTS,MODELS: the containers the Functions app keeps its runs in (its BatchScoring__InputsContainer, __OutputsContainer, and __ModelsContainer or else __SpecsContainer). A spec reading or writing outside them is refused before anything is scheduled, as the app refuses it. Give it when starting a run on the app's task hub; default: ${ContainersVariable}.",
        DefaultValueFactory = _ => Environment.GetEnvironmentVariable(ContainersVariable),
    };

    /// <summary>The containers of <c>--containers</c>, or null when none were given; a malformed value is bad usage.</summary>
    public static SpecContainers? ParseContainers(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        var names = value.Split(',', StringSplitOptions.TrimEntries);
        if (names.Length != 3 || names.Any(name => !ContainerName().IsMatch(name)))
        {
            throw new CommandLineException(ExitCodes.InvalidInput, $"--containers must be three container names INPUTS,OUTPUTS,MODELS (3-63 lower-case letters, digits and single hyphens each), was '{value}'.");
        }

        var containers = new SpecContainers(Inputs: names[0], Outputs: names[1], Models: names[2]);
        if (containers.Outputs == containers.Inputs || containers.Outputs == containers.Models)
        {
            throw new CommandLineException(ExitCodes.InvalidInput, $"--containers: the outputs container '{containers.Outputs}' must differ from the inputs and models containers, was '{value}'.");
        }

        return containers;
    }

    /// <summary>Refuses a spec with a path outside <paramref name="containers"/> (none given: no check), naming every field.</summary>
    public static void CheckContainers(string specPath, RunSpec spec, SpecContainers? containers)
    {
        if (containers?.Check(spec) is { Count: > 0 } errors)
        {
            throw new CommandLineException(
                ExitCodes.InvalidInput,
                string.Join(Environment.NewLine, [$"{specPath} reads or writes outside the containers of --containers ({containers.Inputs},{containers.Outputs},{containers.Models}):", .. errors.Select(e => "  " + e)]));
        }
    }

    public static string RequireStorage(string? storage) =>
        string.IsNullOrWhiteSpace(storage)
            ? throw new CommandLineException(ExitCodes.InvalidInput, $"--storage is required (or set ${StorageVariable}).")
            : storage;

    /// <summary>Reads and validates a spec file; every problem is reported with its JSON path.</summary>
    public static RunSpec ReadSpec(string path)
    {
        string json;
        try
        {
            json = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CommandLineException(ExitCodes.InvalidInput, $"cannot read spec '{path}': {e.Message}");
        }

        try
        {
            return RunSpecSerializer.Parse(json, path);
        }
        catch (BatchScoringException e)
        {
            throw new CommandLineException(ExitCodes.InvalidInput, string.Join(Environment.NewLine, [$"{path} is not a valid run spec:", .. e.Errors.Select(x => "  " + x)]));
        }
    }

    /// <summary>
    /// The data store: Azure Blob Storage with <c>--data-storage</c>, else the folder <c>--root</c>, which must exist (a
    /// mistyped root is refused, never created).
    /// </summary>
    public static IBlobStore DataStore(string root, string? dataStorage, StorageRequests? requests = null, int latencyMs = 0)
    {
        if (!string.IsNullOrWhiteSpace(dataStorage))
        {
            try
            {
                return new AzureBlobStore(dataStorage, new AzureBlobStoreOptions { Requests = requests, InjectedLatency = TimeSpan.FromMilliseconds(Math.Max(0, latencyMs)) });
            }
            catch (Exception e) when (e is FormatException or ArgumentException)
            {
                throw new CommandLineException(ExitCodes.InvalidInput, $"--data-storage is not a valid storage connection string: {e.Message}");
            }
        }

        if (!Directory.Exists(root))
        {
            throw new CommandLineException(ExitCodes.InvalidInput, File.Exists(root) ? $"--root '{root}' is a file, not a folder." : $"--root '{root}' does not exist; give the folder the spec's paths are relative to.");
        }

        return new LocalBlobStore(root);
    }

    /// <summary>
    /// Refuses a spec whose output (or a file beside it) is, links resolved, the spec file itself: the results would
    /// replace the spec. <paramref name="store"/> is the local data store (<c>--root</c>), the only one that can hold it.
    /// </summary>
    public static async Task CheckSpecNotWrittenAsync(string specPath, RunSpec spec, IBlobStore store, CancellationToken cancellationToken)
    {
        var specReal = LocalBlobStore.RealPath(Path.GetFullPath(specPath));
        string[] written = [spec.Output.Path, .. RunLayout.FilesBeside(spec.Output.Path)];
        var real = await store.RealPathsAsync(written, cancellationToken);
        for (var i = 0; i < written.Length; i++)
        {
            if (real[i] == specReal)
            {
                throw new CommandLineException(ExitCodes.InvalidInput, $"output.path: '{written[i]}' is, links resolved, the spec file '{specPath}' itself ({specReal}); the results would replace the spec. Choose another output path.");
            }
        }
    }

    /// <summary>Writes what <c>--stats</c> asks for: this process's storage requests by step and kind, and its peak memory.</summary>
    public static async Task WriteStatsAsync(string? path, StorageRequests requests)
    {
        if (string.IsNullOrWhiteSpace(path))
        {
            return;
        }

        using var process = System.Diagnostics.Process.GetCurrentProcess();
        process.Refresh();
        var stats = new Dictionary<string, object>
        {
            ["process"] = $"{Environment.MachineName}/{Environment.ProcessId}",
            ["peakWorkingSetBytes"] = process.PeakWorkingSet64,
            ["requests"] = requests.ByPhase(),
        };
        await File.WriteAllTextAsync(path, System.Text.Json.JsonSerializer.Serialize(stats));
    }

    public static ILoggerFactory Logging() =>
        LoggerFactory.Create(b => b.AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(LogLevel.Warning));

    /// <summary>The library's services over a data store (<c>AddBatchScoring</c>), disposed with the provider.</summary>
    public static ServiceProvider Services(IBlobStore store, ILoggerFactory loggerFactory)
    {
        var services = new ServiceCollection();
        services.AddSingleton(loggerFactory);
        services.AddBatchScoring(options => options.UseStore(store));
        return services.BuildServiceProvider();
    }

    [GeneratedRegex("^(?=.{3,63}$)[a-z0-9]+(-[a-z0-9]+)*$")]
    private static partial Regex ContainerName();
}
