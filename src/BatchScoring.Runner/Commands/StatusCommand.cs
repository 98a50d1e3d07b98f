using System.CommandLine;
using BatchScoring.Orchestration.Progress;
using BatchScoring.Runner.Hosting;
using Microsoft.DurableTask.Client;

namespace BatchScoring.Runner.Commands;

/// <summary><c>status ID</c>: a run's state and progress; with <c>--wait</c>, follows it to the end.</summary>
internal static class StatusCommand
{
    public static Command Create()
    {
        var id = new Argument<string>("id") { Description = "The run's id (printed by start)." };
        var hub = CommonOptions.Hub();
        var storage = CommonOptions.Storage();
        var wait = new Option<bool>("--wait") { Description = "Follow the run's progress until it ends; exit code 0 only if it completed." };
        var command = new Command("status", "Show a run's state, progress, failure reason and outputs.\n\nExample:\n  batchscore status 3f2a... --hub scoring --wait") { id, hub, storage, wait };
        command.SetAction((result, cancellationToken) => RunAsync(result.GetValue(id)!, result.GetValue(hub)!, CommonOptions.RequireStorage(result.GetValue(storage)), result.GetValue(wait), cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(string id, string hubName, string storage, bool wait, CancellationToken cancellationToken)
    {
        using var loggerFactory = CommonOptions.Logging();
        var hub = await TaskHub.ConnectAsync(hubName, storage, $"client-{Environment.ProcessId}", loggerFactory, cancellationToken: cancellationToken);
        var progress = ProgressPrinter.ForConsole();
        while (true)
        {
            var run = await hub.Client.GetInstanceAsync(id, getInputsAndOutputs: true, cancellationToken)
                ?? throw new CommandLineException(ExitCodes.NotFound, $"no run '{id}' on task hub '{hubName}'.");
            progress.Show(await RunProgressView.ReadAsync(hub.Client, run, cancellationToken));
            if (!run.IsRunning && run.RuntimeStatus != OrchestrationRuntimeStatus.Pending || !wait)
            {
                progress.Summary(Results.Status(run));
                return run.RuntimeStatus is OrchestrationRuntimeStatus.Completed || (!wait && run.IsRunning) || run.RuntimeStatus == OrchestrationRuntimeStatus.Pending
                    ? ExitCodes.Success
                    : ExitCodes.RunFailed;
            }

            await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
        }
    }
}
