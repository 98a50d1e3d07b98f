using System.Diagnostics;
using System.Text;

namespace BatchScoring.Tests;

/// <summary>
/// Azurite's blob service (npm <c>azurite</c>, pinned in tools/azurite) in a child process on a free loopback port,
/// with its data in memory or in a folder. Installs the package with <c>npm ci</c> when it is missing; fails with a
/// message saying what to install when node or npm is not there. Disposing kills the process it started.
/// </summary>
internal sealed class Azurite : IAsyncDisposable
{
    public const string AccountName = "devstoreaccount1";

    /// <summary>The emulator's published development key (not a secret).</summary>
    public const string AccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);
    private readonly Process process;
    private readonly StringBuilder log;

    private Azurite(Process process, int port, StringBuilder log, int queuePort = 0, int tablePort = 0)
    {
        this.process = process;
        this.log = log;
        Port = port;
        QueuePort = queuePort;
        TablePort = tablePort;
    }

    public int Port { get; }

    /// <summary>The queue service's port, 0 when only the blob service runs.</summary>
    public int QueuePort { get; }

    /// <summary>The table service's port, 0 when only the blob service runs.</summary>
    public int TablePort { get; }

    public string BlobEndpoint => $"http://127.0.0.1:{Port}/{AccountName}";

    public string ConnectionString => $"DefaultEndpointsProtocol=http;AccountName={AccountName};AccountKey={AccountKey};BlobEndpoint={BlobEndpoint};"
        + (QueuePort == 0 ? "" : $"QueueEndpoint=http://127.0.0.1:{QueuePort}/{AccountName};TableEndpoint=http://127.0.0.1:{TablePort}/{AccountName};");

    /// <summary>What the process wrote to stdout and stderr so far.</summary>
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

    /// <summary>
    /// Starts Azurite; <paramref name="location"/> null keeps its data in memory. <paramref name="allServices"/> also
    /// runs the queue and table services (a Durable Task hub on Azure Storage needs all three).
    /// </summary>
    public static async Task<Azurite> StartAsync(string? location = null, CancellationToken cancellationToken = default, bool allServices = false)
    {
        var tools = Repo.PathOf("tools/azurite");
        var main = Path.Combine(tools, "node_modules", "azurite", "dist", "src", allServices ? "azurite.js" : Path.Combine("blob", "main.js"));
        EnsureInstalled(tools, main);
        Exception? last = null;
        for (var attempt = 0; attempt < 3; attempt++)
        {
            // The port is free when chosen; another program may take it before Azurite binds it, hence the retries.
            var port = ChildProcesses.FreePort();
            var (queuePort, tablePort) = allServices ? (ChildProcesses.FreePort(), ChildProcesses.FreePort()) : (0, 0);
            var log = new StringBuilder();
            var info = new ProcessStartInfo("node") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = location ?? tools };
            foreach (var argument in new[] { main, "--blobHost", "127.0.0.1", "--blobPort", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--skipApiVersionCheck", "--disableTelemetry", "--loose", "--silent" })
            {
                info.ArgumentList.Add(argument);
            }

            if (allServices)
            {
                foreach (var argument in new[] { "--queueHost", "127.0.0.1", "--queuePort", queuePort.ToString(System.Globalization.CultureInfo.InvariantCulture), "--tableHost", "127.0.0.1", "--tablePort", tablePort.ToString(System.Globalization.CultureInfo.InvariantCulture) })
                {
                    info.ArgumentList.Add(argument);
                }
            }

            if (location is null)
            {
                info.ArgumentList.Add("--inMemoryPersistence");
            }
            else
            {
                info.ArgumentList.Add("--location");
                info.ArgumentList.Add(location);
            }

            var process = StartProcess(info, "run Azurite");
            process.OutputDataReceived += (_, e) => ChildProcesses.Append(log, e.Data);
            process.ErrorDataReceived += (_, e) => ChildProcesses.Append(log, e.Data);
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            var azurite = new Azurite(process, port, log, queuePort, tablePort);
            try
            {
                await azurite.WaitUntilAnsweringAsync(cancellationToken);
                return azurite;
            }
            catch (InvalidOperationException e)
            {
                last = e;
                await azurite.DisposeAsync();
            }
        }

        throw new InvalidOperationException($"Azurite did not start after 3 attempts: {last?.Message}", last);
    }

    public async ValueTask DisposeAsync()
    {
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
    }

    /// <summary>Waits until the blob service answers a List Containers request (any HTTP answer from Azurite will do: this one is unsigned).</summary>
    private async Task WaitUntilAnsweringAsync(CancellationToken cancellationToken)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < StartTimeout)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"Azurite exited with code {process.ExitCode} on port {Port}: {Log}");
            }

            try
            {
                using var response = await http.GetAsync(new Uri($"{BlobEndpoint}?comp=list"), cancellationToken);
                if (response.Headers.Server.ToString().Contains("Azurite", StringComparison.Ordinal))
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
            }

            await Task.Delay(200, cancellationToken);
        }

        throw new InvalidOperationException($"Azurite did not answer on port {Port} within {StartTimeout.TotalSeconds:F0} s: {Log}");
    }

    private static void EnsureInstalled(string tools, string main)
    {
        // Test assemblies run in parallel processes: a lock file keeps two 'npm ci' from racing in one folder.
        using var gate = Lock(Path.Combine(tools, ".install.lock"));
        if (File.Exists(main))
        {
            return;
        }

        using var npm = StartProcess(new ProcessStartInfo("npm") { ArgumentList = { "ci", "--prefix", tools, "--no-audit", "--no-fund" }, RedirectStandardOutput = true, RedirectStandardError = true }, "install Azurite (npm ci in tools/azurite)");
        var output = npm.StandardOutput.ReadToEndAsync();
        var error = npm.StandardError.ReadToEndAsync();
        if (!npm.WaitForExit(300_000))
        {
            npm.Kill(entireProcessTree: true);
            throw new TimeoutException("'npm ci --prefix tools/azurite' did not finish in 300 s.");
        }

        if (npm.ExitCode != 0 || !File.Exists(main))
        {
            throw new InvalidOperationException($"'npm ci --prefix tools/azurite' failed (exit {npm.ExitCode}): {error.Result}{output.Result}");
        }
    }

    private static FileStream Lock(string path)
    {
        for (var waited = 0; ; waited += 200)
        {
            try
            {
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.DeleteOnClose);
            }
            catch (IOException) when (waited < 300_000)
            {
                Thread.Sleep(200);
            }
        }
    }

    private static Process StartProcess(ProcessStartInfo info, string purpose)
    {
        try
        {
            return Process.Start(info) ?? throw new InvalidOperationException($"'{info.FileName}' did not start.");
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InvalidOperationException($"'{info.FileName}' is needed to {purpose} but could not be started ({e.Message}); install Node.js and npm (apt-get install nodejs npm).", e);
        }
    }
}
