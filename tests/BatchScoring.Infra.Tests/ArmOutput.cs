using System.Text.Json.Nodes;

namespace BatchScoring.Infra.Tests;

/// <summary>One output of a compiled template (the main one or a module's).</summary>
internal sealed record ArmOutput(string DeploymentPath, string Name, JsonObject Body)
{
    public string Type => Body["type"]!.GetValue<string>();

    /// <summary>The value's expression as written in the template, e.g. <c>[reference('x').outputs.url.value]</c>.</summary>
    public string Value => ArmTemplate.TextOf(Body["value"]);
}
