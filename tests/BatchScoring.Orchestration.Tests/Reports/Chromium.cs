using System.ComponentModel;
using System.Diagnostics;

namespace BatchScoring.Orchestration.Tests.Reports;

/// <summary>
/// Debian's <c>chromium</c>, headless: opens a local page, lets its scripts run, and returns the DOM as it is then.
/// Fails (never skips) when chromium is not installed, saying what to install.
/// </summary>
internal static class Chromium
{
    public const string Install = "Debian's chromium is needed to check the run report in a real browser: install it with 'sudo apt-get update && sudo apt-get install -y chromium' (.ci/run installs it).";

    /// <summary>The flags the DOM is dumped with: the new headless mode, no sandbox (containers, root), no GPU.</summary>
    public static readonly string[] Flags = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--virtual-time-budget=10000", "--dump-dom"];

    public static async Task<string> DumpDomAsync(string file, TimeSpan timeout)
    {
        var info = new ProcessStartInfo("chromium") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var flag in Flags)
        {
            info.ArgumentList.Add(flag);
        }

        info.ArgumentList.Add(new Uri(file).AbsoluteUri);
        Process process;
        try
        {
            process = Process.Start(info) ?? throw new InvalidOperationException(Install);
        }
        catch (Win32Exception e)
        {
            throw new InvalidOperationException($"{Install} ({e.Message})", e);
        }

        using (process)
        {
            var output = process.StandardOutput.ReadToEndAsync();
            var error = process.StandardError.ReadToEndAsync();
            using var cancel = new CancellationTokenSource(timeout);
            try
            {
                await process.WaitForExitAsync(cancel.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                throw new TimeoutException($"chromium did not dump {file} within {timeout.TotalSeconds:F0} s: {await error}");
            }

            var dom = await output;
            return process.ExitCode == 0 && dom.Length > 0
                ? dom
                : throw new InvalidOperationException($"chromium exited with {process.ExitCode} and {dom.Length} characters of DOM: {await error}");
        }
    }
}
