namespace BatchScoring.Infra.Tests;

/// <summary>Every storage account: HTTPS only, TLS 1.2, no anonymous blobs, shared key off except the content share's.</summary>
public class StorageSecurityTests
{
    private const string ContentShareModule = "premium-function-app/content-share-storage";

    private static readonly IReadOnlyList<ArmResource> Accounts =
        ArmTemplate.Main.OfType("Microsoft.Storage/storageAccounts").ToList();

    [Fact]
    public void StorageAccounts_Declared_AreDataHostAndContentShare()
    {
        Assert.Equal(["data-storage", "host-storage", ContentShareModule], Accounts.Select(account => account.DeploymentPath).Order());
    }

    [Fact]
    public void StorageAccounts_Every_AllowsHttpsOnlyWithTls12()
    {
        Assert.All(Accounts, account =>
        {
            Assert.True(account.Properties!["supportsHttpsTrafficOnly"]!.GetValue<bool>(), account.DeploymentPath);
            Assert.Equal("TLS1_2", account.Properties!["minimumTlsVersion"]!.GetValue<string>());
        });
    }

    [Fact]
    public void StorageAccounts_Every_RefusesAnonymousBlobAccess()
    {
        Assert.All(Accounts, account => Assert.False(account.Properties!["allowBlobPublicAccess"]!.GetValue<bool>(), account.DeploymentPath));
    }

    [Fact]
    public void StorageAccounts_ReachedWithIdentity_HaveSharedKeyOff()
    {
        var identityAccounts = Accounts.Where(account => account.DeploymentPath != ContentShareModule).ToList();

        Assert.Equal(2, identityAccounts.Count);
        Assert.All(identityAccounts, account => Assert.False(account.Properties!["allowSharedKeyAccess"]!.GetValue<bool>(), account.DeploymentPath));
        Assert.All(identityAccounts, account => Assert.True(account.Properties!["defaultToOAuthAuthentication"]!.GetValue<bool>()));
    }

    [Fact]
    public void ContentShareAccount_KeyBased_HoldsOnlyTheFileShareAndOnlyOnPremium()
    {
        // Azure Files content shares take only a key; that account holds the app package and nothing else.
        var account = Accounts.Single(candidate => candidate.DeploymentPath == ContentShareModule);
        var inModule = ArmTemplate.Main.Resources.Where(resource => resource.DeploymentPath == ContentShareModule).Select(resource => resource.Type);

        Assert.True(account.Properties!["allowSharedKeyAccess"]!.GetValue<bool>());
        Assert.Equal(["[variables('isPremium')]"], account.Conditions);
        Assert.Equal(
            ["Microsoft.Storage/storageAccounts", "Microsoft.Storage/storageAccounts/fileServices", "Microsoft.Storage/storageAccounts/fileServices/shares"],
            inModule.Order());
    }

    [Fact]
    public void ListKeys_InAllTemplates_OnlyForTheContentShareAndTheWebhookKey()
    {
        var json = ArmTemplate.Main.Text;
        var calls = System.Text.RegularExpressions.Regex.Matches(json, @"list[A-Za-z]*\((?<target>[^,]+),").Select(match => match.Groups["target"].Value).ToList();

        Assert.Equal(2, calls.Count);
        Assert.Contains(calls, target => target.Contains("'contentAccount'", StringComparison.Ordinal));
        Assert.Contains(calls, target => target.Contains("/host/default", StringComparison.Ordinal));
    }
}
