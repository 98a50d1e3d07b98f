using System.Diagnostics;
using System.Net;
using System.Reflection;
using System.Text;
using System.Text.Json;
using BatchScoring.Tests;

namespace BatchScoring.Functions.HostTests;

/// <summary>
/// The Azure Functions host running the app's Release build on a free loopback port: <c>func start</c> when Core Tools
/// is on the PATH, otherwise the host in the folder <c>FUNCTIONS_HOST_PATH</c> names (holding
/// Microsoft.Azure.WebJobs.Script.WebHost.dll). Its console log is kept for failure messages; its keys are read from the
/// secrets file it writes. Disposing kills the process it started (and the worker under it) and deletes its folder.
/// </summary>
internal sealed class FunctionsHost : IAsyncDisposable
{
    public const string HostPathVariable = "FUNCTIONS_HOST_PATH";

    /// <summary>A folder to keep each host's whole log in (the failure messages show its end only); unset, nothing is kept.</summary>
    public const string LogFolderVariable = "BATCHSCORING_HOST_LOG_DIR";

    private const string HostDll = "Microsoft.Azure.WebJobs.Script.WebHost.dll";

    /// <summary>Settings of the environment that change what the host does (App Service or Linux Consumption modes, stray app settings).</summary>
    private static readonly string[] InheritedPrefixes = ["CONTAINER_NAME", "WEBSITE_", "FUNCTIONS_", "AzureWebJobs", "AzureFunctionsJobHost", "BatchScoring", "ScoringStorage", "ASPNETCORE_URLS", "languageWorkers"];

    private readonly Process process;
    private readonly StringBuilder log;
    private readonly string folder;
    private HostKeys keys = HostKeys.None;

    private FunctionsHost(Process process, StringBuilder log, string folder, int port, bool coreTools)
    {
        this.process = process;
        this.log = log;
        this.folder = folder;
        Port = port;
        CoreTools = coreTools;
        Http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(60) };
    }

    public int Port { get; }

    /// <summary>The host's process id (the language worker is its child).</summary>
    public int ProcessId => process.Id;

    /// <summary>True under <c>func start</c>, which does not check keys.</summary>
    public bool CoreTools { get; }

    public HttpClient Http { get; }

    /// <summary>The keys in the host's secrets file, read again at every use: the host may rewrite the file while it starts.</summary>
    public HostKeys Keys => ReadKeys() ?? keys;

    /// <summary>The app's build output: the folder holding worker.config.json, functions.metadata, extensions.json and host.json.</summary>
    public static string AppOutput { get; } = typeof(FunctionsHost).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "FunctionsAppOutput").Value!;

    /// <summary>What the host wrote to stdout and stderr so far.</summary>
    public string Log
    {
        get
        {
            lock (log)
            {
                return log.ToString();
            }
        }
    }

    public bool HasExited => process.HasExited;

    /// <summary>Starts the host with <paramref name="settings"/> as app settings (environment variables) and waits until it has started.</summary>
    public static async Task<FunctionsHost> StartAsync(IReadOnlyDictionary<string, string> settings, Func<FunctionsHost, CancellationToken, Task<bool>> isReady, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(isReady);
        if (!File.Exists(Path.Combine(AppOutput, "functions.metadata")) || !File.Exists(Path.Combine(AppOutput, "worker.config.json")))
        {
            throw new InvalidOperationException($"The app's build output {AppOutput} has no functions.metadata or worker.config.json: build tests/BatchScoring.Functions.HostTests (it builds src/BatchScoring.Functions in Release).");
        }

        var (fileName, arguments, coreTools) = Locate();
        Exception? last = null;
        for (var attempt = 0; attempt < 3; attempt++)
        {
            // The port is free when chosen; another program may take it first, hence the attempts.
            var port = ChildProcesses.FreePort();
            var folder = Path.Combine(Path.GetTempPath(), "bs-host-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(Path.Combine(folder, "secrets"));
            var info = new ProcessStartInfo(fileName) { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = AppOutput };
            foreach (var argument in coreTools ? [.. arguments, "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture)] : arguments)
            {
                info.ArgumentList.Add(argument);
            }

            foreach (var name in info.Environment.Keys.Where(k => InheritedPrefixes.Any(p => k.StartsWith(p, StringComparison.OrdinalIgnoreCase))).ToList())
            {
                info.Environment.Remove(name);
            }

            // The host's own look-ups of these names are case-sensitive: spelled exactly as here.
            info.Environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}";
            info.Environment["WEBSITE_HOSTNAME"] = $"127.0.0.1:{port}";
            info.Environment["AzureWebJobsScriptRoot"] = AppOutput;
            info.Environment["languageWorkers__dotnet-isolated__workerDirectory"] = AppOutput;
            info.Environment["FUNCTIONS_WORKER_RUNTIME"] = "dotnet-isolated";
            info.Environment["AzureWebJobsSecretStorageType"] = "files";
            info.Environment["FUNCTIONS_SECRETS_PATH"] = Path.Combine(folder, "secrets");
            info.Environment["FUNCTIONS_LOG_PATH"] = Path.Combine(folder, "logs");
            info.Environment["AzureFunctionsJobHost__Logging__Console__IsEnabled"] = "true";
            foreach (var (name, value) in settings)
            {
                info.Environment[name] = value;
            }

            var log = new StringBuilder();
            var process = Process.Start(info) ?? throw new InvalidOperationException($"'{fileName}' did not start.");
            process.OutputDataReceived += (_, e) => ChildProcesses.Append(log, e.Data);
            process.ErrorDataReceived += (_, e) => ChildProcesses.Append(log, e.Data);
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            var host = new FunctionsHost(process, log, folder, port, coreTools);
            try
            {
                await host.UntilAsync(isReady, timeout, "the Functions host starting", cancellationToken);
                return host;
            }
            catch (InvalidOperationException e) when (e.Message.Contains("address already in use", StringComparison.OrdinalIgnoreCase) && attempt < 2)
            {
                last = e;
                await host.DisposeAsync();
            }
            catch
            {
                await host.DisposeAsync();
                throw;
            }
        }

        throw new InvalidOperationException($"The Functions host did not start after 3 attempts: {last?.Message}", last);
    }

    /// <summary>Ready: the admin API says Running (keys read) and <paramref name="probe"/> answers something other than 404 or 5xx.</summary>
    public static Func<FunctionsHost, CancellationToken, Task<bool>> RunningAndAnswering(string probe) => async (host, cancellationToken) =>
    {
        if (!host.HasKeys)
        {
            return false;
        }

        using var status = new HttpRequestMessage(HttpMethod.Get, "/admin/host/status");
        status.Headers.Add("x-functions-key", host.Keys.Master);
        using var statusResponse = await host.Http.SendAsync(status, cancellationToken);
        if (!statusResponse.IsSuccessStatusCode || !(await statusResponse.Content.ReadAsStringAsync(cancellationToken)).Contains("\"state\":\"Running\"", StringComparison.Ordinal))
        {
            return false;
        }

        using var request = new HttpRequestMessage(HttpMethod.Get, probe);
        request.Headers.Add("x-functions-key", host.Keys.Function);
        using var response = await host.Http.SendAsync(request, cancellationToken);
        return response.StatusCode != HttpStatusCode.NotFound && (int)response.StatusCode < 500;
    };

    /// <summary>How often a wait on the host asks again: each check may be a request to it.</summary>
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(250);

    /// <summary>
    /// Waits (<see cref="Waits"/>) until <paramref name="condition"/> holds, while the host runs: fails at once with
    /// the host log when the host exits, and with the last request error and the log when the time is up. A request
    /// that fails or times out (the host is starting, or busy) counts as "not yet".
    /// </summary>
    public Task UntilAsync(Func<FunctionsHost, CancellationToken, Task<bool>> condition, TimeSpan timeout, string what, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(condition);
        Exception? last = null;
        return Waits.UntilAsync(
            async token =>
            {
                if (process.HasExited)
                {
                    throw new InvalidOperationException($"The Functions host exited with code {process.ExitCode} while waiting for {what}.{Tail()}");
                }

                try
                {
                    return await condition(this, token);
                }
                catch (HttpRequestException e)
                {
                    last = e;
                }
                catch (TaskCanceledException e) when (!token.IsCancellationRequested)
                {
                    last = e;
                }

                return false;
            },
            timeout,
            what,
            PollInterval,
            () => $"{(last is null ? "" : $" (last error: {last.Message})")}{Tail()}",
            cancellationToken);
    }

    /// <summary>The last lines of the host log, for a failure message.</summary>
    public string Tail(int lines = 150)
    {
        var all = Log.Split('\n');
        return $"\n--- Functions host log, last {Math.Min(lines, all.Length)} of {all.Length} lines ---\n{string.Join('\n', all[Math.Max(0, all.Length - lines)..])}";
    }

    /// <summary>How often the log holds <paramref name="text"/>.</summary>
    public int CountInLog(string text)
    {
        var log = Log;
        var count = 0;
        for (var at = log.IndexOf(text, StringComparison.Ordinal); at >= 0; at = log.IndexOf(text, at + text.Length, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        if (Environment.GetEnvironmentVariable(LogFolderVariable) is { Length: > 0 } logFolder)
        {
            Directory.CreateDirectory(logFolder);
            await File.WriteAllTextAsync(Path.Combine(logFolder, $"functions-host-{Port}.log"), Log);
        }

        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync();
            }
        }
        catch (InvalidOperationException)
        {
            // It had already exited.
        }

        process.Dispose();
        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    /// <summary>Whether the keys are there to be read (under <c>func start</c>, none are needed once it has started).</summary>
    private bool HasKeys => ReadKeys() is not null || (CoreTools && Log.Contains("Host started", StringComparison.Ordinal));

    /// <summary>The keys from the secrets file the host writes at start (UTF-8 with a BOM), or null while it is incomplete.</summary>
    private HostKeys? ReadKeys()
    {
        var path = Path.Combine(folder, "secrets", "host.json");
        try
        {
            using var secrets = JsonDocument.Parse(File.ReadAllText(path, Encoding.UTF8));
            var root = secrets.RootElement;
            string SystemKey(string name) => root.GetProperty("systemKeys").EnumerateArray().FirstOrDefault(k => k.GetProperty("name").GetString() == name) is { ValueKind: JsonValueKind.Object } key ? key.GetProperty("value").GetString()! : "";
            var read = new HostKeys(
                root.GetProperty("masterKey").GetProperty("value").GetString()!,
                root.GetProperty("functionKeys").EnumerateArray().First(k => k.GetProperty("name").GetString() == "default").GetProperty("value").GetString()!,
                SystemKey("blobs_extension"),
                SystemKey("durabletask_extension"));
            if (read.BlobsExtension.Length == 0 || read.DurableTask.Length == 0)
            {
                return null;
            }

            keys = read;
            return read;
        }
        catch (Exception e) when (e is JsonException or IOException or KeyNotFoundException or InvalidOperationException)
        {
            return null; // not written yet, or being written
        }
    }

    /// <summary>Fails, saying how to get one, when there is no host to run (checked before anything is started).</summary>
    public static void ThrowIfUnavailable() => Locate();

    /// <summary><c>func start</c> on the PATH, else the host in <c>FUNCTIONS_HOST_PATH</c>; neither fails saying how to get one.</summary>
    private static (string FileName, string[] Arguments, bool CoreTools) Locate()
    {
        var func = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, OperatingSystem.IsWindows() ? "func.cmd" : "func")).FirstOrDefault(File.Exists);
        if (func is not null)
        {
            return (func, ["host", "start"], true);
        }

        var hostPath = Environment.GetEnvironmentVariable(HostPathVariable);
        if (!string.IsNullOrWhiteSpace(hostPath) && File.Exists(Path.Combine(hostPath, HostDll)))
        {
            var dotnet = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } muxer && File.Exists(muxer) ? muxer : "dotnet";
            return (dotnet, [Path.Combine(hostPath, HostDll)], false);
        }

        throw new InvalidOperationException(
            "These tests run the app under the Azure Functions host, and none was found. Either put Azure Functions Core Tools v4 "
            + "('func', https://learn.microsoft.com/azure/azure-functions/functions-run-local) on the PATH, or set "
            + $"{HostPathVariable} to a folder holding {HostDll} (a build of github.com/Azure/azure-functions-host for .NET 10; "
            + ".ci/run unpacks one and sets the variable)."
            + (string.IsNullOrWhiteSpace(hostPath) ? "" : $" {HostPathVariable} is '{hostPath}', which has no {HostDll}."));
    }
}
