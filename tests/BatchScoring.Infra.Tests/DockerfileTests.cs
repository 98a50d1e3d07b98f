using System.Xml.Linq;
using BatchScoring.Tests;

namespace BatchScoring.Infra.Tests;

/// <summary>src/BatchScoring.Functions/Dockerfile: SDK build stage, Functions host runtime, the ONNX Runtime GPU build, CUDA 13.</summary>
public class DockerfileTests
{
    private const string FunctionsHostImage = "mcr.microsoft.com/azure-functions/dotnet-isolated:4-dotnet-isolated10.0";

    private static readonly Dockerfile File = Dockerfile.Read(Repo.PathOf("src/BatchScoring.Functions/Dockerfile"));

    [Fact]
    public void Stages_FromLines_BuildOnTheSdkAndRunOnTheFunctionsHost()
    {
        Assert.Equal(2, File.Stages.Count);
        Assert.Equal("mcr.microsoft.com/dotnet/sdk:10.0", File.Stages[0].BaseImage);
        Assert.Equal("build", File.Stages[0].Alias);
        Assert.Equal(FunctionsHostImage, File.Stages[^1].BaseImage);
    }

    [Fact]
    public void BuildStage_Publish_UsesTheOnnxRuntimeGpuSwitch()
    {
        var publish = File.Stages[0].Instructions.Single(instruction =>
            instruction.Keyword == "RUN" && instruction.Arguments.Contains("dotnet publish", StringComparison.Ordinal));

        Assert.Contains("src/BatchScoring.Functions/BatchScoring.Functions.csproj", publish.Arguments, StringComparison.Ordinal);
        Assert.Contains("-p:OnnxRuntimeGpu=true", publish.Arguments, StringComparison.Ordinal);
        Assert.Contains("--runtime linux-x64", publish.Arguments, StringComparison.Ordinal);
        Assert.Contains("--configuration Release", publish.Arguments, StringComparison.Ordinal);
    }

    [Fact]
    public void RuntimeStage_Packages_AreCuda13RuntimeAndCudnn9()
    {
        var install = string.Join('\n', File.Stages[^1].Instructions.Where(instruction => instruction.Keyword == "RUN").Select(instruction => instruction.Arguments));

        Assert.Contains("developer.download.nvidia.com/compute/cuda/repos/", install, StringComparison.Ordinal);
        Assert.All(
            new[] { "cuda-cudart-13-0", "libcublas-13-0", "libcufft-13-0", "libcurand-13-0", "libcudnn9-cuda-13" },
            package => Assert.Contains(package, install, StringComparison.Ordinal));
    }

    [Fact]
    public void RuntimeStage_Copy_PutsThePublishedAppInTheFunctionsRoot()
    {
        var copy = File.Stages[^1].Instructions.Single(instruction => instruction.Keyword == "COPY");
        var env = string.Join(' ', File.Stages[^1].Instructions.Where(instruction => instruction.Keyword == "ENV").Select(instruction => instruction.Arguments));

        Assert.Equal("--from=build /app/publish /home/site/wwwroot", copy.Arguments);
        Assert.Contains("AzureWebJobsScriptRoot=/home/site/wwwroot", env, StringComparison.Ordinal);
        Assert.Contains("NVIDIA_DRIVER_CAPABILITIES=compute,utility", env, StringComparison.Ordinal);
    }

    [Fact]
    public void GpuSwitch_OnnxProject_ReferencesTheCuda13PackageOnly()
    {
        var onnx = XDocument.Load(Repo.PathOf("src/BatchScoring.Onnx/BatchScoring.Onnx.csproj"));
        var versions = XDocument.Load(Repo.PathOf("Directory.Packages.props"));

        var gpuGroup = onnx.Descendants("ItemGroup").Single(group => (string?)group.Attribute("Condition") == "'$(OnnxRuntimeGpu)' == 'true'");
        var gpuVersion = versions.Descendants("PackageVersion").Single(package => (string?)package.Attribute("Include") == "Microsoft.ML.OnnxRuntime.Gpu.Linux");

        Assert.Equal(["Microsoft.ML.OnnxRuntime.Gpu.Linux"], gpuGroup.Elements("PackageReference").Select(reference => (string?)reference.Attribute("Include")));
        Assert.Equal("1.31.0", (string?)gpuVersion.Attribute("Version"));
    }

    [Fact]
    public void Parse_ContinuationsAndComments_JoinsInstructions()
    {
        var parsed = Dockerfile.Parse("# header\nARG X=1\nFROM a:1 AS one\nRUN echo 1 \\\n    # inner comment\n    && echo 2\n\nFROM b:2\nCOPY --from=one /x /y\n");

        Assert.Equal(["ARG", "FROM", "RUN", "FROM", "COPY"], parsed.Instructions.Select(instruction => instruction.Keyword));
        Assert.Equal("echo 1 && echo 2", parsed.Instructions[2].Arguments);
        Assert.Equal(4, parsed.Instructions[2].Line);
        Assert.Equal(["a:1", "b:2"], parsed.Stages.Select(stage => stage.BaseImage));
        Assert.Equal("one", parsed.Stages[0].Alias);
        Assert.Null(parsed.Stages[1].Alias);
    }

    [Fact]
    public void Parse_DanglingContinuation_Throws()
    {
        Assert.Throws<FormatException>(() => Dockerfile.Parse("FROM a\nRUN echo \\\n"));
    }
}
