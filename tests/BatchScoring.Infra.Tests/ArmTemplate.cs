using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using BatchScoring.Tests;

namespace BatchScoring.Infra.Tests;

/// <summary>
/// A compiled ARM template with its nested deployments (Bicep modules) flattened: every resource and every output,
/// each with the path of module deployments it sits in ("premium-function-app/content-share-storage").
/// Handles both the classic (resources array) and the symbolic-name (resources object) forms Bicep emits.
/// </summary>
internal sealed class ArmTemplate
{
    private static readonly JsonSerializerOptions Relaxed = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private ArmTemplate(string text, JsonObject root)
    {
        Text = text;
        Root = root;
        var resources = new List<ArmResource>();
        var outputs = new List<ArmOutput>();
        Collect(root, string.Empty, [], resources, outputs);
        Resources = resources;
        Outputs = outputs;
    }

    /// <summary>The compiled JSON as bicep printed it.</summary>
    public string Text { get; }

    public JsonObject Root { get; }

    /// <summary>Every deployed (not <c>existing</c>) resource, nested deployments included.</summary>
    public IReadOnlyList<ArmResource> Resources { get; }

    /// <summary>The outputs of the template and of every nested template.</summary>
    public IReadOnlyList<ArmOutput> Outputs { get; }

    /// <summary>The compiled template of <c>infra/main.bicep</c>.</summary>
    public static ArmTemplate Main { get; } = Compile("infra/main.bicep");

    public static ArmTemplate Compile(string repoRelativeBicepFile)
    {
        var result = Bicep.Build(Repo.PathOf(repoRelativeBicepFile));
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException($"bicep build {repoRelativeBicepFile} failed (exit {result.ExitCode}):\n{result.StandardError}");
        }

        return new ArmTemplate(result.StandardOutput, JsonNode.Parse(result.StandardOutput)!.AsObject());
    }

    /// <summary>JSON text of a node with ARM expressions readable (quotes not escaped).</summary>
    public static string TextOf(JsonNode? node) => node?.ToJsonString(Relaxed) ?? string.Empty;

    public IEnumerable<ArmResource> OfType(string type) =>
        Resources.Where(resource => string.Equals(resource.Type, type, StringComparison.OrdinalIgnoreCase));

    /// <summary>The one resource of <paramref name="type"/> inside the deployment at <paramref name="deploymentPath"/>.</summary>
    public ArmResource Single(string type, string deploymentPath) =>
        OfType(type).Single(resource => resource.DeploymentPath == deploymentPath);

    /// <summary>The nested template of the deployment at <paramref name="deploymentPath"/>.</summary>
    public JsonObject TemplateOf(string deploymentPath) =>
        Deployment(deploymentPath).Body["properties"]!["template"]!.AsObject();

    /// <summary>The module deployment resource at <paramref name="deploymentPath"/>.</summary>
    public ArmResource Deployment(string deploymentPath)
    {
        var parent = deploymentPath.Contains('/', StringComparison.Ordinal) ? deploymentPath[..deploymentPath.LastIndexOf('/')] : string.Empty;
        var name = deploymentPath[(deploymentPath.LastIndexOf('/') + 1)..];
        return OfType("Microsoft.Resources/deployments").Single(resource => resource.DeploymentPath == parent && resource.Name == name);
    }

    private static void Collect(JsonObject template, string path, IReadOnlyList<string> inheritedConditions, List<ArmResource> resources, List<ArmOutput> outputs)
    {
        foreach (var (name, output) in template["outputs"]?.AsObject() ?? [])
        {
            outputs.Add(new ArmOutput(path, name, output!.AsObject()));
        }

        foreach (var node in Items(template["resources"]))
        {
            var resource = node.AsObject();
            if (resource["existing"]?.GetValue<bool>() == true)
            {
                continue;
            }

            var own = resource["condition"]?.ToString();
            IReadOnlyList<string> conditions = own is null ? inheritedConditions : [.. inheritedConditions, own];
            var armResource = new ArmResource(path, resource, conditions);
            resources.Add(armResource);
            if (armResource.Type == "Microsoft.Resources/deployments")
            {
                var childPath = path.Length == 0 ? armResource.Name : $"{path}/{armResource.Name}";
                Collect(resource["properties"]!["template"]!.AsObject(), childPath, conditions, resources, outputs);
            }
        }
    }

    private static IEnumerable<JsonNode> Items(JsonNode? resources) => resources switch
    {
        JsonArray array => array.Select(item => item!),
        JsonObject symbolic => symbolic.Select(pair => pair.Value!),
        _ => [],
    };
}
