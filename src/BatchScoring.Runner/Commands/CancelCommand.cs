using System.CommandLine;
using BatchScoring.Orchestration.Runs;
using BatchScoring.Runner.Hosting;
using Microsoft.DurableTask.Client;

namespace BatchScoring.Runner.Commands;

/// <summary><c>cancel ID</c>: terminates a run and its shards; no output file appears.</summary>
internal static class CancelCommand
{
    public static Command Create()
    {
        var id = new Argument<string>("id") { Description = "The run's id." };
        var hub = CommonOptions.Hub();
        var storage = CommonOptions.Storage();
        var command = new Command("cancel", "Terminate a run and its shards. Mini-batches already running finish; nothing is committed.\n\nExample:\n  batchscore cancel 3f2a... --hub scoring") { id, hub, storage };
        command.SetAction((result, cancellationToken) => RunAsync(result.GetValue(id)!, result.GetValue(hub)!, CommonOptions.RequireStorage(result.GetValue(storage)), cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(string id, string hubName, string storage, CancellationToken cancellationToken)
    {
        using var loggerFactory = CommonOptions.Logging();
        var hub = await TaskHub.ConnectAsync(hubName, storage, $"client-{Environment.ProcessId}", loggerFactory, cancellationToken: cancellationToken);
        var run = await hub.Client.GetInstanceAsync(id, getInputsAndOutputs: false, cancellationToken)
            ?? throw new CommandLineException(ExitCodes.NotFound, $"no run '{id}' on task hub '{hubName}'.");
        if (!run.IsRunning && run.RuntimeStatus != OrchestrationRuntimeStatus.Pending)
        {
            Console.WriteLine($"run '{id}' has already ended ({run.RuntimeStatus.ToString().ToLowerInvariant()}); nothing to cancel");
            return ExitCodes.Success;
        }

        await RunCancellation.TerminateAsync(hub.Client, id, "cancelled with batchscore cancel", cancellationToken);
        Console.WriteLine($"run '{id}' cancelled");
        return ExitCodes.Success;
    }
}
