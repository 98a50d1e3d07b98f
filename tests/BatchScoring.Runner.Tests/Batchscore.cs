using System.Diagnostics;
using System.Text;

namespace BatchScoring.Runner.Tests;

/// <summary>Runs the batchscore command as a separate process (dotnet batchscore.dll ...).</summary>
internal sealed class Batchscore : IDisposable
{
    private readonly StringBuilder output = new();

    private Batchscore(Process process)
    {
        Process = process;
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
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

    public static Batchscore Start(string workingDirectory, IReadOnlyDictionary<string, string>? environment, params string[] args)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = workingDirectory };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "batchscore.dll"));
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

    /// <summary>Runs to the end; returns the exit code and everything printed.</summary>
    public static async Task<(int ExitCode, string Output)> RunAsync(string workingDirectory, IReadOnlyDictionary<string, string>? environment, TimeSpan timeout, params string[] args)
    {
        using var run = Start(workingDirectory, environment, args);
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await run.Process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            run.Process.Kill(entireProcessTree: true);
            throw new TimeoutException($"batchscore {string.Join(' ', args)} did not end within {timeout.TotalSeconds:F0} s: {run.Output}");
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

    private void Append(string? line)
    {
        if (line is not null)
        {
            lock (output)
            {
                output.AppendLine(line);
            }
        }
    }
}
