using System.Collections.Concurrent;
using System.Diagnostics;
using System.Reflection;
using System.Text.RegularExpressions;
using BatchScoring.Tests;

namespace BatchScoring.Infra.Tests;

/// <summary>
/// Runs the bicep CLI from the restored NuGet package Azure.Bicep.CommandLine.linux-x64 (its path is written into this
/// assembly at build time). Fails loudly when the binary is missing; compiled templates are cached per file.
/// </summary>
internal static partial class Bicep
{
    private static readonly ConcurrentDictionary<string, Lazy<BicepResult>> Builds = new(StringComparer.Ordinal);

    private static readonly Lazy<string> Executable = new(FindExecutable);

    /// <summary>The path of the bicep binary.</summary>
    public static string Path => Executable.Value;

    /// <summary><c>bicep build FILE --stdout</c>, run once per file.</summary>
    public static BicepResult Build(string bicepFile) =>
        Builds.GetOrAdd(System.IO.Path.GetFullPath(bicepFile), file => new Lazy<BicepResult>(() => Run("build", file, "--stdout"))).Value;

    /// <summary><c>bicep lint</c> on one file, with the bicepconfig.json beside it or the one given.</summary>
    public static BicepResult Lint(string bicepFile, string? configFile = null) => configFile is null
        ? Run("lint", System.IO.Path.GetFullPath(bicepFile))
        : Run("lint", System.IO.Path.GetFullPath(bicepFile), "--config", System.IO.Path.GetFullPath(configFile));

    /// <summary><c>bicep lint --pattern GLOB</c>, run from <paramref name="directory"/>.</summary>
    public static BicepResult LintPattern(string directory, string pattern) => RunIn(directory, "lint", "--pattern", pattern);

    /// <summary>The diagnostics (errors, warnings, infos) bicep printed, one per line.</summary>
    public static IReadOnlyList<string> Diagnostics(BicepResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        return (result.StandardError + "\n" + result.StandardOutput)
            .Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Where(line => DiagnosticLine().IsMatch(line))
            .ToList();
    }

    private static BicepResult Run(params string[] arguments) => RunIn(Repo.Root, arguments);

    private static BicepResult RunIn(string workingDirectory, params string[] arguments)
    {
        var startInfo = new ProcessStartInfo(Path)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = workingDirectory,
        };
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        using var process = Process.Start(startInfo) ?? throw new InvalidOperationException($"Could not start {Path}.");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(120_000))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"'bicep {string.Join(' ', arguments)}' did not finish in 120 s.");
        }

        return new BicepResult(process.ExitCode, output.Result, error.Result);
    }

    private static string FindExecutable()
    {
        var configured = typeof(Bicep).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .SingleOrDefault(attribute => attribute.Key == "BicepPath")?.Value;
        if (string.IsNullOrEmpty(configured))
        {
            throw new InvalidOperationException(
                "The bicep path was not set at build time: the NuGet package Azure.Bicep.CommandLine.linux-x64 did not restore " +
                "(its build props set $(BicepPath)). Run 'dotnet restore tests/BatchScoring.Infra.Tests' and look for restore errors.");
        }

        var path = System.IO.Path.GetFullPath(configured.Replace('\\', '/'));
        if (!File.Exists(path))
        {
            throw new FileNotFoundException(
                $"The bicep binary is not at {path}: the package Azure.Bicep.CommandLine.linux-x64 is missing from the NuGet cache. " +
                "Run 'dotnet restore tests/BatchScoring.Infra.Tests'.", path);
        }

        if (!OperatingSystem.IsWindows())
        {
            // NuGet does not always keep the executable bit of files it extracts.
            var mode = File.GetUnixFileMode(path);
            const UnixFileMode execute = UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute;
            if ((mode & UnixFileMode.UserExecute) == 0)
            {
                File.SetUnixFileMode(path, mode | execute);
            }
        }

        return path;
    }

    [GeneratedRegex(@"\(\d+,\d+\)\s*:\s*(Error|Warning|Info)\s", RegexOptions.IgnoreCase)]
    private static partial Regex DiagnosticLine();
}
