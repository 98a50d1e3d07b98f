namespace BatchScoring.Infra.Tests;

/// <summary>hostingPlan selects Elastic Premium or Container Apps with a serverless GPU and the Durable Task Scheduler.</summary>
public class HostingOptionTests
{
    private static ArmResource ModuleDeployment(string name) => ArmTemplate.Main.Deployment(name);

    [Fact]
    public void HostingPlan_Parameter_OffersPremiumAndContainerAppsGpu()
    {
        var parameter = ArmTemplate.Main.Root["parameters"]!["hostingPlan"]!;

        Assert.Equal(["premium", "containerAppsGpu"], parameter["allowedValues"]!.AsArray().Select(value => value!.GetValue<string>()));
        Assert.Equal("premium", parameter["defaultValue"]!.GetValue<string>());
    }

    [Fact]
    public void Modules_PerHostingPlan_AreConditionedOnIt()
    {
        Assert.Equal("[variables('isPremium')]", ModuleDeployment("premium-function-app").Body["condition"]!.GetValue<string>());
        Assert.Equal("[not(variables('isPremium'))]", ModuleDeployment("gpu-function-app").Body["condition"]!.GetValue<string>());
        Assert.Equal("[and(variables('isPremium'), parameters('enableBlobEventSubscription'))]", ModuleDeployment("premium-blob-events").Body["condition"]!.GetValue<string>());
        Assert.Equal("[and(not(variables('isPremium')), parameters('enableBlobEventSubscription'))]", ModuleDeployment("gpu-blob-events").Body["condition"]!.GetValue<string>());
    }

    [Fact]
    public void GpuEnvironment_WorkloadProfiles_AreTheServerlessGpuTypes()
    {
        var profiles = ArmTemplate.Main.TemplateOf("gpu-function-app")["variables"]!["gpuProfiles"]!;
        var environment = ArmTemplate.Main.Single("Microsoft.App/managedEnvironments", "gpu-function-app");
        var workloadProfiles = ArmTemplate.TextOf(environment.Properties!["workloadProfiles"]);

        Assert.Equal("Consumption-GPU-NC8as-T4", profiles["T4"]!["type"]!.GetValue<string>());
        Assert.Equal("Consumption-GPU-NC24-A100", profiles["A100"]!["type"]!.GetValue<string>());
        Assert.Contains("\"workloadProfileType\":\"Consumption\"", workloadProfiles, StringComparison.Ordinal);
        Assert.Contains("variables('gpuProfiles')[parameters('gpuType')].type", workloadProfiles, StringComparison.Ordinal);
    }

    [Fact]
    public void GpuApp_ContainerApp_IsAFunctionAppOnTheGpuProfileScalingToZero()
    {
        var app = ArmTemplate.Main.Single("Microsoft.App/containerApps", "gpu-function-app");

        Assert.Equal("functionapp", app.Body["kind"]!.GetValue<string>());
        Assert.Equal("[variables('gpuProfileName')]", app.Properties!["workloadProfileName"]!.GetValue<string>());
        Assert.Equal(0, app.Properties!["template"]!["scale"]!["minReplicas"]!.GetValue<int>());
    }

    [Fact]
    public void GpuApp_DurableBackend_IsTheDurableTaskSchedulerWithIdentity()
    {
        var env = ArmTemplate.TextOf(ArmTemplate.Main.Single("Microsoft.App/containerApps", "gpu-function-app").Properties!["template"]!["containers"]);

        Assert.Single(ArmTemplate.Main.OfType("Microsoft.DurableTask/schedulers"));
        Assert.Single(ArmTemplate.Main.OfType("Microsoft.DurableTask/schedulers/taskHubs"));
        Assert.Contains("Authentication=ManagedIdentity", env, StringComparison.Ordinal);
        Assert.Contains("AzureFunctionsJobHost__extensions__durableTask__storageProvider__type", env, StringComparison.Ordinal);
        Assert.Contains("azureManaged", env, StringComparison.Ordinal);
        Assert.Contains("AzureWebJobsSecretStorageType", env, StringComparison.Ordinal);
    }

    [Fact]
    public void PremiumApp_DurableBackend_IsTheAzureStorageProviderOnHostStorage()
    {
        var site = ArmTemplate.Main.Single("Microsoft.Web/sites", "premium-function-app");
        var settings = ArmTemplate.TextOf(site.Properties!["siteConfig"]!["appSettings"]);

        Assert.DoesNotContain("storageProvider", settings, StringComparison.Ordinal);
        Assert.Contains("WEBSITE_CONTENTSHARE", settings, StringComparison.Ordinal);
        Assert.DoesNotContain(ArmTemplate.Main.OfType("Microsoft.DurableTask/schedulers"), resource => resource.DeploymentPath != "gpu-function-app");
    }

    [Fact]
    public void FunctionApps_BothPlans_CarryTheAzdServiceTag()
    {
        var site = ArmTemplate.Main.Single("Microsoft.Web/sites", "premium-function-app");
        var app = ArmTemplate.Main.Single("Microsoft.App/containerApps", "gpu-function-app");

        Assert.Contains("'azd-service-name', 'functions'", ArmTemplate.TextOf(site.Body["tags"]), StringComparison.Ordinal);
        Assert.Contains("'azd-service-name', 'functions'", ArmTemplate.TextOf(app.Body["tags"]), StringComparison.Ordinal);
    }
}
