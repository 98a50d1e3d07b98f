using System.Text.Json.Nodes;

namespace BatchScoring.Infra.Tests;

/// <summary>The function app on either plan: HTTPS only, TLS 1.2, no FTP or basic auth, identity-based connections.</summary>
public class FunctionAppSecurityTests
{
    private static readonly ArmResource Site = ArmTemplate.Main.Single("Microsoft.Web/sites", "premium-function-app");

    private static readonly ArmResource ContainerApp = ArmTemplate.Main.Single("Microsoft.App/containerApps", "gpu-function-app");

    /// <summary>The settings main.bicep hands both app modules (Bicep inlines the variable at each use).</summary>
    private static JsonObject SharedSettings => SettingsPassedTo("premium-function-app");

    private static JsonObject SettingsPassedTo(string module) =>
        ArmTemplate.Main.Deployment(module).Properties!["parameters"]!["settings"]!["value"]!.AsObject();

    [Fact]
    public void PremiumSite_Config_IsHttpsOnlyWithTls12AndFtpDisabled()
    {
        var config = Site.Properties!["siteConfig"]!;

        Assert.True(Site.Properties!["httpsOnly"]!.GetValue<bool>());
        Assert.Equal("Disabled", config["ftpsState"]!.GetValue<string>());
        Assert.Equal("1.2", config["minTlsVersion"]!.GetValue<string>());
        Assert.Equal("1.2", config["scmMinTlsVersion"]!.GetValue<string>());
        Assert.False(config["remoteDebuggingEnabled"]!.GetValue<bool>());
    }

    [Fact]
    public void PremiumSite_BasicPublishingCredentials_AreDisabledForFtpAndScm()
    {
        var policies = ArmTemplate.Main.OfType("Microsoft.Web/sites/basicPublishingCredentialsPolicies").ToList();

        Assert.Equal(2, policies.Count);
        Assert.All(policies, policy => Assert.False(policy.Properties!["allow"]!.GetValue<bool>()));
    }

    [Fact]
    public void PremiumSite_Plan_IsLinuxElasticPremiumWithTheSkuParameter()
    {
        var plan = ArmTemplate.Main.Single("Microsoft.Web/serverfarms", "premium-function-app");
        var sku = ArmTemplate.Main.TemplateOf("premium-function-app")["parameters"]!["sku"]!;

        Assert.Equal("ElasticPremium", plan.Body["sku"]!["tier"]!.GetValue<string>());
        Assert.Equal("[parameters('sku')]", plan.Body["sku"]!["name"]!.GetValue<string>());
        Assert.True(plan.Properties!["reserved"]!.GetValue<bool>());
        Assert.Equal(["EP1", "EP2", "EP3"], sku["allowedValues"]!.AsArray().Select(value => value!.GetValue<string>()));
        Assert.Equal("DOTNET-ISOLATED|10.0", Site.Properties!["siteConfig"]!["linuxFxVersion"]!.GetValue<string>());
    }

    [Fact]
    public void FunctionApps_BothPlans_RunAsTheUserAssignedIdentity()
    {
        Assert.Equal("UserAssigned", Site.Body["identity"]!["type"]!.GetValue<string>());
        Assert.Equal("UserAssigned", ContainerApp.Body["identity"]!["type"]!.GetValue<string>());
    }

    [Fact]
    public void SharedSettings_AzureWebJobsStorage_IsIdentityBased()
    {
        var settings = SharedSettings;

        Assert.False(settings.ContainsKey("AzureWebJobsStorage"));
        Assert.Equal("[variables('hostAccountName')]", settings["AzureWebJobsStorage__accountName"]!.GetValue<string>());
        Assert.Equal("managedidentity", settings["AzureWebJobsStorage__credential"]!.GetValue<string>());
        Assert.Contains("clientId", settings["AzureWebJobsStorage__clientId"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal("managedidentity", settings["ScoringStorage__credential"]!.GetValue<string>());
        Assert.True(settings.ContainsKey("ScoringStorage__blobServiceUri"));
        Assert.True(settings.ContainsKey("ScoringStorage__queueServiceUri"));
    }

    [Fact]
    public void SharedSettings_BothPlans_AreTheSame()
    {
        Assert.Equal(ArmTemplate.TextOf(SharedSettings), ArmTemplate.TextOf(SettingsPassedTo("gpu-function-app")));
    }

    [Fact]
    public void SharedSettings_Values_CarryNoSecret()
    {
        Assert.All(SharedSettings, setting =>
        {
            var value = ArmTemplate.TextOf(setting.Value);
            Assert.DoesNotContain("AccountKey", value, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("SharedAccessSignature", value, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("listKeys", value, StringComparison.OrdinalIgnoreCase);
        });
    }

    [Fact]
    public void ApplicationInsights_LocalAuth_IsOffAndTelemetryUsesTheIdentity()
    {
        var component = ArmTemplate.Main.Single("Microsoft.Insights/components", "monitoring");

        Assert.True(component.Properties!["DisableLocalAuth"]!.GetValue<bool>());
        Assert.NotNull(component.Properties!["WorkspaceResourceId"]);
        Assert.Contains("Authorization=AAD", SharedSettings["APPLICATIONINSIGHTS_AUTHENTICATION_STRING"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public void ContainerApp_Ingress_RefusesPlainHttp()
    {
        var ingress = ContainerApp.Properties!["configuration"]!["ingress"]!;

        Assert.False(ingress["allowInsecure"]!.GetValue<bool>());
        Assert.Equal(80, ingress["targetPort"]!.GetValue<int>());
    }

    [Fact]
    public void ContainerApp_Registry_IsPulledWithTheIdentityNotAPassword()
    {
        var configuration = ContainerApp.Properties!["configuration"]!.AsObject();
        var registry = configuration["registries"]!.AsArray().Single()!;
        var acr = ArmTemplate.Main.Single("Microsoft.ContainerRegistry/registries", "gpu-function-app");

        Assert.Equal("[parameters('identityId')]", registry["identity"]!.GetValue<string>());
        Assert.Null(registry["passwordSecretRef"]);
        Assert.False(configuration.ContainsKey("secrets"));
        Assert.False(acr.Properties!["adminUserEnabled"]!.GetValue<bool>());
    }

    [Fact]
    public void HostKeyVault_Access_IsRbacOnly()
    {
        var vault = ArmTemplate.Main.Single("Microsoft.KeyVault/vaults", "gpu-function-app");

        Assert.True(vault.Properties!["enableRbacAuthorization"]!.GetValue<bool>());
        Assert.True(vault.Properties!["enabledForTemplateDeployment"]!.GetValue<bool>());
        Assert.Null(vault.Properties!["accessPolicies"]);
    }
}
