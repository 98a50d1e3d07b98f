using BatchScoring.Tests;

namespace BatchScoring.Infra.Tests;

/// <summary>bicep build and bicep lint, with the rules of infra/bicepconfig.json, report nothing.</summary>
public class BicepValidationTests
{
    [Fact]
    public void Build_MainTemplate_SucceedsWithoutWarnings()
    {
        var result = Bicep.Build(Repo.PathOf("infra/main.bicep"));

        Assert.True(result.ExitCode == 0, $"bicep build failed (exit {result.ExitCode}):\n{result.StandardError}");
        Assert.Empty(Bicep.Diagnostics(result));
        Assert.Equal(string.Empty, result.StandardError.Trim());
        Assert.StartsWith("{", result.StandardOutput.TrimStart(), StringComparison.Ordinal);
    }

    [Fact]
    public void Lint_EveryBicepFile_ReportsNothing()
    {
        var files = Directory.GetFiles(Repo.PathOf("infra"), "*.bicep", SearchOption.AllDirectories);

        var result = Bicep.LintPattern(Repo.PathOf("infra"), "**/*.bicep");

        Assert.True(files.Length >= 10, $"expected main.bicep and its modules, found {files.Length} files");
        Assert.True(result.ExitCode == 0, $"bicep lint failed (exit {result.ExitCode}):\n{result.StandardOutput}\n{result.StandardError}");
        Assert.Empty(Bicep.Diagnostics(result));
    }

    [Fact]
    public void Lint_MainTemplate_ReportsNothing()
    {
        var result = Bicep.Lint(Repo.PathOf("infra/main.bicep"));

        Assert.Equal(0, result.ExitCode);
        Assert.Empty(Bicep.Diagnostics(result));
    }

    [Fact]
    public void Lint_FileWithUnusedParameter_ReportsIt()
    {
        // The linter must be live for the tests above to mean anything: with infra/bicepconfig.json an unused
        // parameter is an error.
        using var folder = new TempFolder();
        var file = folder.Write("probe.bicep", "param unused string\n");

        var result = Bicep.Lint(file, Repo.PathOf("infra/bicepconfig.json"));

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains(Bicep.Diagnostics(result), line => line.Contains("no-unused-params", StringComparison.Ordinal));
    }

    [Fact]
    public void BicepBinary_FromNuGetPackage_IsVersion0492()
    {
        var path = Bicep.Path;

        Assert.Contains("azure.bicep.commandline.linux-x64", path, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("0.49.2", path, StringComparison.Ordinal);
        Assert.True(File.Exists(path));
    }
}
