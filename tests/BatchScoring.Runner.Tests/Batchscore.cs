using System.Diagnostics;
using System.Text;
using BatchScoring.Tests;

namespace BatchScoring.Runner.Tests;

/// <summary>
/// Runs the batchscore command as a separate process (dotnet batchscore.dll ...), or another program of the build
/// (<see cref="RunProgramAsync"/>).
/// </summary>
internal sealed class Batchscore : IDisposable
{
    private readonly StringBuilder output = new();

    private Batchscore(Process process)
    {
        Process = process;
        process.OutputDataReceived += (_, e) => ChildProcesses.Append(output, e.Data);
        process.ErrorDataReceived += (_, e) => ChildProcesses.Append(output, e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public Process Process { get; }

    public string Output
    {
        get
        {
            lock (output)
            {
                return output.ToString();
            }
        }
    }

    public static Batchscore Start(string workingDirectory, IReadOnlyDictionary<string, string>? environment, params string[] args) =>
        Start(Path.Combine(AppContext.BaseDirectory, "batchscore.dll"), workingDirectory, environment, args);

    /// <summary>Runs to the end; returns the exit code and everything printed.</summary>
    public static Task<(int ExitCode, string Output)> RunAsync(string workingDirectory, IReadOnlyDictionary<string, string>? environment, TimeSpan timeout, params string[] args) =>
        RunAsync(Path.Combine(AppContext.BaseDirectory, "batchscore.dll"), workingDirectory, environment, timeout, args);

    /// <summary>Runs another .NET program (<c>dotnet <paramref name="dll"/> ...</c>) to the end, as <see cref="RunAsync(string, IReadOnlyDictionary{string, string}?, TimeSpan, string[])"/>.</summary>
    public static Task<(int ExitCode, string Output)> RunProgramAsync(string dll, string workingDirectory, TimeSpan timeout, params string[] args) =>
        RunAsync(dll, workingDirectory, null, timeout, args);

    private static Batchscore Start(string dll, string workingDirectory, IReadOnlyDictionary<string, string>? environment, string[] args)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = workingDirectory };
        info.ArgumentList.Add(dll);
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[name] = value;
        }

        return new Batchscore(Process.Start(info)!);
    }

    private static async Task<(int ExitCode, string Output)> RunAsync(string dll, string workingDirectory, IReadOnlyDictionary<string, string>? environment, TimeSpan timeout, string[] args)
    {
        using var run = Start(dll, workingDirectory, environment, args);
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await run.Process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            run.Process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{Path.GetFileNameWithoutExtension(dll)} {string.Join(' ', args)} did not end within {timeout.TotalSeconds:F0} s: {run.Output}");
        }

        run.Process.WaitForExit();
        return (run.Process.ExitCode, run.Output);
    }

    public void Dispose()
    {
        if (!Process.HasExited)
        {
            Process.Kill(entireProcessTree: true);
            Process.WaitForExit();
        }

        Process.Dispose();
    }
}
