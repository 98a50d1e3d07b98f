using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace BatchScoring.Benchmarks;

/// <summary>
/// Runs a program as a separate process and measures it whole: wall time from start to exit, and peak resident set
/// size, taken from GNU time (<c>/usr/bin/time</c>, the kernel's maximum RSS of the child) when it is installed, or
/// else sampled from <c>/proc/PID/status</c> (VmHWM) every 10 ms; with GNU time also the CPU time (user and system)
/// it used.
/// </summary>
internal sealed record ChildRun(int ExitCode, TimeSpan Wall, long PeakRssBytes, string Output, string PeakSource)
{
    /// <summary>User and system CPU time of the child, when GNU time measured it (else zero).</summary>
    public TimeSpan Cpu { get; init; }

    private const string GnuTime = "/usr/bin/time";

    /// <summary>
    /// For the peers this benchmark starts from its own executable (bare ONNX Runtime, the naive loop, the peer
    /// encoder): .NET's default tiered PGO, which this project turns off for the product's in-process runs.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, string> DotNetDefaults = new Dictionary<string, string> { ["DOTNET_TieredPGO"] = "1" };

    public static async Task<ChildRun> RunAsync(string program, IEnumerable<string> arguments, string? workingDirectory = null, IReadOnlyDictionary<string, string>? environment = null)
    {
        var useTime = File.Exists(GnuTime);
        var rssFile = Path.GetTempFileName();
        var info = new ProcessStartInfo(useTime ? GnuTime : program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = workingDirectory ?? Directory.GetCurrentDirectory(),
        };
        if (useTime)
        {
            foreach (var a in new[] { "-f", "%M %U %S", "-o", rssFile, program })
            {
                info.ArgumentList.Add(a);
            }
        }

        foreach (var a in arguments)
        {
            info.ArgumentList.Add(a);
        }

        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[name] = value;
        }

        var output = new StringBuilder();
        var watch = Stopwatch.StartNew();
        using var process = Process.Start(info)!;
        process.OutputDataReceived += (_, e) => Append(output, e.Data);
        process.ErrorDataReceived += (_, e) => Append(output, e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        long sampled = 0;
        while (!process.HasExited)
        {
            if (!useTime)
            {
                sampled = Math.Max(sampled, VmHwm(process.Id));
            }

            await Task.WhenAny(process.WaitForExitAsync(), Task.Delay(10));
        }

        watch.Stop();
        process.WaitForExit();
        long peak = sampled;
        var cpu = TimeSpan.Zero;
        var measured = useTime ? File.ReadAllText(rssFile).Trim().Split('\n')[^1].Split(' ') : [];
        if (measured.Length == 3 && long.TryParse(measured[0], NumberStyles.None, CultureInfo.InvariantCulture, out var kib))
        {
            peak = kib * 1024;
            cpu = TimeSpan.FromSeconds(double.Parse(measured[1], CultureInfo.InvariantCulture) + double.Parse(measured[2], CultureInfo.InvariantCulture));
        }

        File.Delete(rssFile);
        string text;
        lock (output)
        {
            text = output.ToString();
        }

        return new ChildRun(process.ExitCode, watch.Elapsed, peak, text, useTime ? "GNU time" : "VmHWM sampled every 10 ms") { Cpu = cpu };
    }

    private static void Append(StringBuilder output, string? line)
    {
        if (line is not null)
        {
            lock (output)
            {
                output.AppendLine(line);
            }
        }
    }

    private static long VmHwm(int pid)
    {
        try
        {
            foreach (var line in File.ReadLines($"/proc/{pid}/status"))
            {
                if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
                {
                    return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024;
                }
            }
        }
        catch (IOException)
        {
        }

        return 0;
    }
}
