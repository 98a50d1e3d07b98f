using BatchScoring.Core.Spec;
using BatchScoring.Tests;

namespace BatchScoring.Core.Tests.Spec;

/// <summary>Every sample spec in the repository stays valid as the spec evolves.</summary>
public class SampleSpecTests
{
    public static TheoryData<string> SampleSpecs()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.EnumerateFiles(Repo.PathOf("samples"), "spec*.json", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetRelativePath(Repo.Root, file).Replace('\\', '/'));
        }

        return data;
    }

    [Fact]
    public void SampleSpecs_Always_AreFound()
    {
        // Act
        var specs = SampleSpecs();

        // Assert
        Assert.NotEmpty(specs);
    }

    [Theory]
    [MemberData(nameof(SampleSpecs))]
    public void TryParse_SampleSpec_ReportsNothing(string relativePath)
    {
        // Arrange
        var json = File.ReadAllText(Repo.PathOf(relativePath));

        // Act
        var (spec, errors) = RunSpecSerializer.TryParse(json);

        // Assert
        Assert.Empty(errors.Select(e => e.ToString()));
        Assert.NotNull(spec);
    }
}
