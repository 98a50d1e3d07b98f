using System.CommandLine;
using BatchScoring.Orchestration.Contracts;
using BatchScoring.Runner.Hosting;
using DurableTask.Core;

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

    internal static T? Read<T>(string? json) => json is null ? default : (T?)TaskHub.DataConverter.Deserialize(json, typeof(T));

    private static async Task<int> RunAsync(string id, string hubName, string storage, bool wait, CancellationToken cancellationToken)
    {
        using var loggerFactory = CommonOptions.Logging();
        var hub = await TaskHub.ConnectAsync(hubName, storage, $"client-{Environment.ProcessId}", loggerFactory, cancellationToken: cancellationToken);
        var progress = ProgressPrinter.ForConsole();
        while (true)
        {
            var state = await hub.Client.GetOrchestrationStateAsync(id)
                ?? throw new CommandLineException(ExitCodes.NotFound, $"no run '{id}' on task hub '{hubName}'.");
            var running = state.OrchestrationStatus is OrchestrationStatus.Pending or OrchestrationStatus.Running or OrchestrationStatus.ContinuedAsNew;
            progress.Show(Read<RunProgress>(state.Status));
            if (!running || !wait)
            {
                var rows = new List<(string, string)> { ("id", id), ("state", state.OrchestrationStatus.ToString().ToLowerInvariant()) };
                if (state.OrchestrationStatus == OrchestrationStatus.Completed && Read<ScoringRunResult>(state.Output) is { } result)
                {
                    rows.AddRange(Results.Rows(state.Name, result, state.CompletedTime - state.CreatedTime, p => p));
                }
                else if (state.FailureDetails?.ErrorMessage is { } reason)
                {
                    rows.Add(("reason", reason));
                }

                progress.Summary(rows);
                return running || state.OrchestrationStatus == OrchestrationStatus.Completed ? ExitCodes.Success : ExitCodes.RunFailed;
            }

            await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
        }
    }
}
