using System.Text.Json.Nodes;

namespace BatchScoring.Infra.Tests;

/// <summary>
/// One resource of a compiled template. <see cref="Conditions"/> holds the conditions of the module deployments it
/// sits in, outermost first, then its own: a resource of the premium-only module carries that module's condition.
/// </summary>
internal sealed record ArmResource(string DeploymentPath, JsonObject Body, IReadOnlyList<string> Conditions)
{
    public string Type => Body["type"]!.GetValue<string>();

    public string Name => Body["name"]!.GetValue<string>();

    public JsonNode? Properties => Body["properties"];
}
