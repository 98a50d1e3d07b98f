using System.Text.RegularExpressions;

namespace BatchScoring.Infra.Tests;

/// <summary>No output of any template (the main one or a module's) carries a key, a connection string or a secret.</summary>
public partial class OutputSecretTests
{
    [Fact]
    public void Outputs_AllTemplates_ExistAtEveryLevel()
    {
        var outputs = ArmTemplate.Main.Outputs;

        Assert.Contains(outputs, output => output.DeploymentPath.Length == 0 && output.Name == "FUNCTION_APP_URL");
        Assert.Contains(outputs, output => output.DeploymentPath == "identity" && output.Name == "clientId");
    }

    [Fact]
    public void Outputs_Values_CallNoListFunction()
    {
        Assert.All(ArmTemplate.Main.Outputs, output =>
            Assert.False(ListFunction().IsMatch(output.Value), $"{output.DeploymentPath}:{output.Name} = {output.Value}"));
    }

    [Fact]
    public void Outputs_NamesAndValues_MentionNoKeySecretOrConnectionString()
    {
        string[] forbidden = ["key", "secret", "password", "connectionstring", "sas", "token"];

        Assert.All(ArmTemplate.Main.Outputs, output => Assert.All(forbidden, word =>
        {
            Assert.DoesNotContain(word, output.Name, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain(word, output.Value, StringComparison.OrdinalIgnoreCase);
        }));
    }

    [Fact]
    public void Outputs_Types_AreNotSecure()
    {
        // A secure output is still a secret leaving the deployment; none is needed.
        Assert.All(ArmTemplate.Main.Outputs, output => Assert.DoesNotContain("secure", output.Type, StringComparison.OrdinalIgnoreCase));
    }

    [GeneratedRegex(@"\blist[A-Za-z]*\(", RegexOptions.IgnoreCase)]
    private static partial Regex ListFunction();
}
