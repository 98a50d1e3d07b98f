using BatchScoring.Tests;

namespace BatchScoring.Benchmarks;

/// <summary>
/// <c>batchscore</c> as the README installs it: <c>dotnet publish src/BatchScoring.Runner</c> (ReadyToRun, Release),
/// into the gitignored <c>.bench/batchscore</c>. The benchmarks that time whole runs use it, so that what they time is
/// what a user runs; <c>--built</c> times the plain build output instead (JIT only), for comparison.
/// </summary>
internal static class PublishedRunner
{
    public static async Task<string> EnsureAsync(bool built)
    {
        if (built)
        {
            return Path.Combine(AppContext.BaseDirectory, "batchscore");
        }

        var folder = Path.Combine(Repo.Root, ".bench", "batchscore");
        var project = Path.Combine(Repo.Root, "src", "BatchScoring.Runner");
        var publish = await ChildRun.RunAsync("dotnet", ["publish", project, "-c", "Release", "-o", folder, "--nologo", "-v", "q"]);
        if (publish.ExitCode != 0)
        {
            throw new InvalidOperationException($"dotnet publish {project} failed (exit {publish.ExitCode}):\n{publish.Output}");
        }

        return Path.Combine(folder, "batchscore");
    }
}
