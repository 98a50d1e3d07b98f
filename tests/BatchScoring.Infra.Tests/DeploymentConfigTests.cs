using System.Text.Json.Nodes;
using BatchScoring.Tests;

namespace BatchScoring.Infra.Tests;

/// <summary>azure.yaml (Premium, repository root), infra/gpu/azure.yaml (GPU) and main.parameters.json fit the template.</summary>
public class DeploymentConfigTests
{
    private static readonly IReadOnlyDictionary<string, string> Root = YamlScalars.Read(Repo.PathOf("azure.yaml"));

    private static readonly IReadOnlyDictionary<string, string> Gpu = YamlScalars.Read(Repo.PathOf("infra/gpu/azure.yaml"));

    [Fact]
    public void RootAzureYaml_Service_IsTheFunctionsProjectOnAFunctionHost()
    {
        Assert.Equal("./src/BatchScoring.Functions", Root["services.functions.project"]);
        Assert.Equal("dotnet", Root["services.functions.language"]);
        Assert.Equal("function", Root["services.functions.host"]);
        Assert.Equal("bicep", Root["infra.provider"]);
        Assert.True(File.Exists(Path.Combine(Repo.PathOf(Root["infra.path"]), Root["infra.module"] + ".bicep")));
    }

    [Fact]
    public void GpuAzureYaml_Service_BuildsTheDockerfileForAContainerApp()
    {
        var folder = Repo.PathOf("infra/gpu");
        var project = Path.GetFullPath(Path.Combine(folder, Gpu["services.functions.project"]));
        var context = Path.GetFullPath(Path.Combine(project, Gpu["services.functions.docker.context"]));

        Assert.Equal(Repo.PathOf("src/BatchScoring.Functions"), project);
        Assert.Equal("containerapp", Gpu["services.functions.host"]);
        Assert.True(File.Exists(Path.Combine(project, Gpu["services.functions.docker.path"])));
        Assert.Equal(Path.TrimEndingDirectorySeparator(Repo.Root), Path.TrimEndingDirectorySeparator(context));
        Assert.True(File.Exists(Path.Combine(Path.GetFullPath(Path.Combine(folder, Gpu["infra.path"])), Gpu["infra.module"] + ".bicep")));
    }

    [Fact]
    public void AzureYamls_Hooks_GuardTheHostingPlanAndEnableTheSubscriptionAfterDeploy()
    {
        Assert.Contains("premium", Root["hooks.preprovision.posix.run"], StringComparison.Ordinal);
        Assert.Contains("containerAppsGpu", Gpu["hooks.preprovision.posix.run"], StringComparison.Ordinal);
        Assert.All(new[] { Root, Gpu }, yaml =>
        {
            Assert.Contains("azd env set BLOB_EVENT_SUBSCRIPTION_ENABLED true", yaml["hooks.postdeploy.posix.run"], StringComparison.Ordinal);
            Assert.Contains("azd provision", yaml["hooks.postdeploy.posix.run"], StringComparison.Ordinal);
            Assert.Contains("BLOB_EVENT_SUBSCRIPTION_ENABLED true", yaml["hooks.postdeploy.windows.run"], StringComparison.Ordinal);
            Assert.Equal("azd env set BLOB_EVENT_SUBSCRIPTION_ENABLED false", yaml["hooks.postdown.posix.run"]);
        });
    }

    [Fact]
    public void ParametersFile_Every_NamesAParameterOfMain()
    {
        var declared = ArmTemplate.Main.Root["parameters"]!.AsObject();
        var file = ParametersFile();

        Assert.All(file, parameter => Assert.True(declared.ContainsKey(parameter.Key), $"main.bicep has no parameter '{parameter.Key}'"));
    }

    [Fact]
    public void ParametersFile_RequiredParameters_AreAllGiven()
    {
        var required = ArmTemplate.Main.Root["parameters"]!.AsObject()
            .Where(parameter => parameter.Value!["defaultValue"] is null)
            .Select(parameter => parameter.Key);

        Assert.All(required, name => Assert.True(ParametersFile().ContainsKey(name), $"main.parameters.json lacks '{name}'"));
    }

    [Fact]
    public void ParametersFile_Switches_ComeFromTheAzdEnvironment()
    {
        var file = ParametersFile();

        Assert.Equal("${AZURE_HOSTING_PLAN=premium}", file["hostingPlan"]!["value"]!.GetValue<string>());
        Assert.Equal("${BLOB_EVENT_SUBSCRIPTION_ENABLED=false}", file["enableBlobEventSubscription"]!["value"]!.GetValue<string>());
        Assert.Equal("${SERVICE_FUNCTIONS_IMAGE_NAME=}", file["gpuImageName"]!["value"]!.GetValue<string>());
    }

    private static JsonObject ParametersFile() =>
        JsonNode.Parse(File.ReadAllText(Repo.PathOf("infra/main.parameters.json")))!["parameters"]!.AsObject();
}
