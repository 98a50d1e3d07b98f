using System.Globalization;
using System.Text.Json.Nodes;
using BatchScoring.Runner.Hosting;
using BatchScoring.Tests;

namespace BatchScoring.Runner.Tests;

/// <summary>
/// A runner worker can join the Functions app's task hub only if both hand out the same partitions, and a run goes on
/// without a stall when partitions move only if both hide a taken control-queue message for the same short time.
/// </summary>
public sealed class HostJsonAgreementTests
{
    private static readonly JsonNode Provider = JsonNode.Parse(File.ReadAllText(Repo.PathOf("host.json")))!["extensions"]!["durableTask"]!["storageProvider"]!;

    [Fact]
    public void PartitionCount_OfTheAppsHub_IsTheRunners()
    {
        Assert.Equal(TaskHub.PartitionCount, (int)Provider["partitionCount"]!);
    }

    [Fact]
    public void ControlQueueVisibilityTimeout_OfTheAppsHub_IsTheLeastDurableFunctionsAcceptsNotFiveMinutes()
    {
        var app = TimeSpan.Parse((string)Provider["controlQueueVisibilityTimeout"]!, CultureInfo.InvariantCulture);

        // The extension refuses less than a minute at start-up; the runner, on DurableTask.AzureStorage directly, takes less.
        Assert.Equal(TimeSpan.FromMinutes(1), app);
        Assert.True(TaskHub.ControlQueueVisibilityTimeout <= app, $"the runner hides a taken control-queue message {TaskHub.ControlQueueVisibilityTimeout}, longer than the app's {app}");
    }
}
