using static BatchScoring.Infra.Tests.BuiltInRoles;

namespace BatchScoring.Infra.Tests;

/// <summary>
/// Least privilege, read from the compiled template: the exact set of role assignments (module, role, scope,
/// principal), each a known built-in role, none broad, none above the resource it is about.
/// </summary>
public class RoleAssignmentTests
{
    private static readonly IReadOnlyList<RoleAssignment> Assignments =
        ArmTemplate.Main.OfType("Microsoft.Authorization/roleAssignments").Select(RoleAssignment.From).ToList();

    [Fact]
    public void RoleAssignments_AllModules_AreExactlyTheExpectedSet()
    {
        var expected = new[]
        {
            ("monitoring", MonitoringMetricsPublisher, "components:applicationInsightsName", "app"),
            ("host-storage-access", StorageBlobDataOwner, "storageAccounts:accountName", "app"),
            ("host-storage-access", StorageQueueDataContributor, "storageAccounts:accountName", "app"),
            ("host-storage-access", StorageTableDataContributor, "storageAccounts:accountName", "app"),
            ("data-storage-access", StorageBlobDataReader, "containers:inputsContainerName", "app"),
            ("data-storage-access", StorageBlobDataReader, "containers:specsContainerName", "app"),
            ("data-storage-access", StorageBlobDataContributor, "containers:outputsContainerName", "app"),
            ("data-storage-access", StorageQueueDataContributor, "queues:poisonQueueName", "app"),
            ("data-storage-access", StorageBlobDataContributor, "containers:inputsContainerName", "operator"),
            ("data-storage-access", StorageBlobDataContributor, "containers:specsContainerName", "operator"),
            ("data-storage-access", StorageBlobDataReader, "containers:outputsContainerName", "operator"),
            ("eventgrid-system-topic", StorageBlobDataContributor, "containers:deadLetterContainerName", "eventGridTopic"),
            ("gpu-function-app", AcrPull, "registries:registryName", "app"),
            ("gpu-function-app", DurableTaskDataContributor, "taskHubs:taskHubName", "app"),
            ("gpu-function-app", KeyVaultSecretsOfficer, "vaults:vaultName", "app"),
        };

        var actual = Assignments.Select(assignment => (assignment.Module, assignment.RoleId, assignment.Scope, assignment.Principal));

        Assert.Equal(expected.Order(), actual.Order());
    }

    [Fact]
    public void RoleAssignments_Every_IsAKnownBuiltInRoleNamedInItsDescription()
    {
        Assert.All(Assignments, assignment =>
        {
            Assert.True(Names.TryGetValue(assignment.RoleId, out var name), $"unexpected role {assignment.RoleId} in {assignment.Module}");
            Assert.StartsWith(name, assignment.Description, StringComparison.Ordinal);
        });
    }

    [Fact]
    public void RoleAssignments_Every_IsScopedToOneResourceNotTheGroupOrSubscription()
    {
        var resources = ArmTemplate.Main.OfType("Microsoft.Authorization/roleAssignments").ToList();

        Assert.NotEmpty(resources);
        Assert.All(resources, resource => Assert.NotNull(resource.Body["scope"]));
        Assert.All(Assignments, assignment => Assert.DoesNotContain("unrecognised", assignment.Scope, StringComparison.Ordinal));
    }

    [Fact]
    public void RoleAssignments_Every_AvoidsBroadRoles()
    {
        Assert.All(Assignments, assignment => Assert.DoesNotContain(assignment.RoleId, TooBroad));
    }

    [Fact]
    public void RoleAssignments_ToManagedIdentities_DeclareServicePrincipal()
    {
        // principalType lets ARM assign a role to an identity created moments earlier (no replication race).
        var resources = ArmTemplate.Main.OfType("Microsoft.Authorization/roleAssignments")
            .Where(resource => RoleAssignment.From(resource).Principal != "operator")
            .ToList();

        Assert.Equal(12, resources.Count);
        Assert.All(resources, resource => Assert.Equal("ServicePrincipal", resource.Properties!["principalType"]!.GetValue<string>()));
    }

    [Fact]
    public void RoleAssignments_ForTheDeployingUser_OnlyWhenAPrincipalIdIsGiven()
    {
        var operatorAssignments = Assignments.Where(assignment => assignment.Principal == "operator").ToList();

        Assert.Equal(3, operatorAssignments.Count);
        Assert.All(operatorAssignments, assignment => Assert.True(assignment.Conditional));
        Assert.All(Assignments.Where(assignment => assignment.Principal != "operator"), assignment => Assert.False(assignment.Conditional));
    }

    [Fact]
    public void RoleAssignments_OfTheGpuOption_OnlyDeployWithContainerAppsGpu()
    {
        var gpuOnly = ArmTemplate.Main.OfType("Microsoft.Authorization/roleAssignments")
            .Where(resource => resource.DeploymentPath == "gpu-function-app")
            .ToList();

        Assert.Equal(3, gpuOnly.Count);
        Assert.All(gpuOnly, resource => Assert.Equal(["[not(variables('isPremium'))]"], resource.Conditions));
        Assert.Equal("[equals(parameters('hostingPlan'), 'premium')]", ArmTemplate.Main.Root["variables"]!["isPremium"]!.GetValue<string>());
    }
}
