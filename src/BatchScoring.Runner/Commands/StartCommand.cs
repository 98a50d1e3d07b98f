using System.CommandLine;
using BatchScoring.Core.Runs;
using BatchScoring.Orchestration.Contracts;
using BatchScoring.Orchestration.Orchestrators;
using BatchScoring.Runner.Hosting;
using Microsoft.DurableTask;

namespace BatchScoring.Runner.Commands;

/// <summary>
/// <c>start SPEC</c>: schedules a run on a shared task hub and prints its id. With <c>--containers</c> (the Functions
/// app's, when the hub is the app's) the spec is first held to those containers as the app holds the specs it starts.
/// </summary>
internal static class StartCommand
{
    public static Command Create()
    {
        var spec = new Argument<string>("spec") { Description = "The run spec (JSON)." };
        var hub = CommonOptions.Hub();
        var storage = CommonOptions.Storage();
        var id = new Option<string?>("--id") { Description = "Instance id to use (default: a new one). A running instance with the same id is not started twice." };
        var containers = CommonOptions.Containers();
        var command = new Command("start", "Schedule a run on a shared task hub; workers pick it up. Prints the run's id.\n\nExample:\n  batchscore start samples/digits-tabular/spec.json --hub scoring --storage \"$BATCHSCORE_STORAGE\"\n  batchscore start churn.json --hub batchscoring --storage \"$BATCHSCORE_STORAGE\" --containers inputs,outputs,specs")
        {
            spec, hub, storage, id, containers,
        };
        command.SetAction((result, cancellationToken) => RunAsync(result.GetValue(spec)!, result.GetValue(hub)!, CommonOptions.RequireStorage(result.GetValue(storage)), result.GetValue(id), result.GetValue(containers), cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(string specPath, string hubName, string storage, string? id, string? containers, CancellationToken cancellationToken)
    {
        var spec = CommonOptions.ReadSpec(specPath);
        CommonOptions.CheckContainers(specPath, spec, CommonOptions.ParseContainers(containers));
        using var loggerFactory = CommonOptions.Logging();
        var hub = await TaskHub.ConnectAsync(hubName, storage, $"client-{Environment.ProcessId}", loggerFactory, cancellationToken: cancellationToken);
        var instanceId = await hub.Client.ScheduleNewOrchestrationInstanceAsync(
            nameof(ScoringRun), new ScoringRunInput(spec, DurableEngine.AzureStorage), new StartOrchestrationOptions(id ?? Guid.NewGuid().ToString("N")), cancellationToken);
        Console.WriteLine(instanceId);
        return ExitCodes.Success;
    }
}
