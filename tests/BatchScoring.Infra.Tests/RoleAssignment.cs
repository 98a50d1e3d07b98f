using System.Text.RegularExpressions;

namespace BatchScoring.Infra.Tests;

/// <summary>
/// A role assignment of the compiled template, reduced to what least privilege is about: which module grants it,
/// which role, on what (resource type and the parameter naming it), to whom.
/// </summary>
internal sealed partial record RoleAssignment(string Module, string RoleId, string Scope, string Principal, string Description, bool Conditional)
{
    public static RoleAssignment From(ArmResource resource)
    {
        ArgumentNullException.ThrowIfNull(resource);
        var properties = resource.Properties!;
        var roleId = RoleGuid().Match(properties["roleDefinitionId"]!.GetValue<string>()).Value;
        var scopeExpression = resource.Body["scope"]?.GetValue<string>() ?? string.Empty;
        var principal = properties["principalId"]!.GetValue<string>();
        return new RoleAssignment(
            resource.DeploymentPath,
            roleId,
            DescribeScope(scopeExpression),
            DescribePrincipal(principal),
            properties["description"]?.GetValue<string>() ?? string.Empty,
            resource.Body["condition"] is not null);
    }

    /// <summary>"containers:inputsContainerName" for a scope of resourceId('…/containers', …, parameters('inputsContainerName')).</summary>
    private static string DescribeScope(string expression)
    {
        var match = ScopeExpression().Match(expression);
        if (!match.Success)
        {
            return $"unrecognised:{expression}";
        }

        var type = match.Groups["type"].Value;
        var lastParameter = ParameterName().Matches(match.Groups["args"].Value).LastOrDefault();
        return $"{type[(type.LastIndexOf('/') + 1)..]}:{lastParameter?.Groups["name"].Value ?? "?"}";
    }

    private static string DescribePrincipal(string expression) => expression switch
    {
        _ when expression.Contains("operatorPrincipalId", StringComparison.Ordinal) => "operator",
        _ when expression.Contains("appPrincipalId", StringComparison.Ordinal) || expression.Contains("identityPrincipalId", StringComparison.Ordinal) => "app",
        _ when expression.Contains("Microsoft.EventGrid/systemTopics", StringComparison.Ordinal) && expression.Contains("identity.principalId", StringComparison.Ordinal) => "eventGridTopic",
        _ => $"unrecognised:{expression}",
    };

    [GeneratedRegex("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")]
    private static partial Regex RoleGuid();

    [GeneratedRegex(@"^\[resourceId\('(?<type>[^']+)',(?<args>.*)\)\]$")]
    private static partial Regex ScopeExpression();

    [GeneratedRegex(@"parameters\('(?<name>[^']+)'\)")]
    private static partial Regex ParameterName();
}
