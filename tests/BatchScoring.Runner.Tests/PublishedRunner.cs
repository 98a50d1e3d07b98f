using System.Diagnostics;
using System.Text;
using System.Text.Json;
using BatchScoring.Tests;

namespace BatchScoring.Runner.Tests;

/// <summary>
/// <c>batchscore</c> as the README installs it and users run it: <c>dotnet publish src/BatchScoring.Runner -c Release</c>
/// (ReadyToRun, invariant globalization), once per test class that takes it, into a temporary folder deleted at the end.
/// </summary>
public sealed class PublishedRunner : IAsyncLifetime
{
    private readonly TempFolder folder = new();

    /// <summary>The published entry point (<c>dotnet batchscore.dll ...</c> loads the published runtimeconfig.json, as the apphost does).</summary>
    public string Dll => Path.Combine(folder.Path, "batchscore.dll");

    /// <summary>Whether the published runtime configuration turns globalization off (the runner's InvariantGlobalization).</summary>
    public bool InvariantGlobalization =>
        JsonDocument.Parse(File.ReadAllText(Path.Combine(folder.Path, "batchscore.runtimeconfig.json"))).RootElement
            .GetProperty("runtimeOptions").GetProperty("configProperties").TryGetProperty("System.Globalization.Invariant", out var invariant) && invariant.GetBoolean();

    public async Task InitializeAsync()
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = Repo.Root };
        foreach (var arg in new[] { "publish", Repo.PathOf("src/BatchScoring.Runner"), "-c", "Release", "-o", folder.Path, "--nologo", "-v", "q" })
        {
            info.ArgumentList.Add(arg);
        }

        // The test host inherits the MSBuild settings of the 'dotnet test' that started it; a nested build must not.
        foreach (var name in info.Environment.Keys.Where(k => k.StartsWith("MSBUILD", StringComparison.OrdinalIgnoreCase)).ToList())
        {
            info.Environment.Remove(name);
        }

        var log = new StringBuilder();
        using var process = Process.Start(info)!;
        process.OutputDataReceived += (_, e) => ChildProcesses.Append(log, e.Data);
        process.ErrorDataReceived += (_, e) => ChildProcesses.Append(log, e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var cancel = new CancellationTokenSource(TimeSpan.FromMinutes(10));
        try
        {
            await process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"dotnet publish src/BatchScoring.Runner did not finish in 10 minutes: {log}");
        }

        process.WaitForExit();
        if (process.ExitCode != 0 || !File.Exists(Dll))
        {
            throw new InvalidOperationException($"dotnet publish src/BatchScoring.Runner -c Release failed (exit {process.ExitCode}): {log}");
        }
    }

    public Task DisposeAsync()
    {
        folder.Dispose();
        return Task.CompletedTask;
    }
}
