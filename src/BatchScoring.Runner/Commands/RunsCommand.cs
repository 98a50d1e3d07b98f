using System.CommandLine;
using BatchScoring.Orchestration.Contracts;
using BatchScoring.Orchestration.Orchestrators;
using BatchScoring.Runner.Hosting;
using DurableTask.AzureStorage.Tracking;

namespace BatchScoring.Runner.Commands;

/// <summary><c>runs</c>: the recent runs on a task hub, newest first.</summary>
internal static class RunsCommand
{
    public static Command Create()
    {
        var hub = CommonOptions.Hub();
        var storage = CommonOptions.Storage();
        var top = new Option<int>("--top") { Description = "How many runs to list.", DefaultValueFactory = _ => 20 };
        var command = new Command("runs", "List the recent runs on a task hub, newest first.\n\nExample:\n  batchscore runs --hub scoring --top 10") { hub, storage, top };
        command.SetAction((result, cancellationToken) => RunAsync(result.GetValue(hub)!, CommonOptions.RequireStorage(result.GetValue(storage)), result.GetValue(top), cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(string hubName, string storage, int top, CancellationToken cancellationToken)
    {
        using var loggerFactory = CommonOptions.Logging();
        var hub = await TaskHub.ConnectAsync(hubName, storage, $"client-{Environment.ProcessId}", loggerFactory, cancellationToken: cancellationToken);
        var states = new List<DurableTask.Core.OrchestrationState>();
        string? token = null;
        do
        {
            var page = await hub.Service.GetOrchestrationStateAsync(new OrchestrationInstanceStatusQueryCondition(), 100, token, cancellationToken);
            states.AddRange(page.OrchestrationState.Where(s => s.Name == nameof(ScoringRun)));
            token = page.ContinuationToken;
        }
        while (token is not null);

        Console.WriteLine($"{"id",-34} {"state",-11} {"created (UTC)",-20} progress");
        foreach (var state in states.OrderByDescending(s => s.CreatedTime).Take(top))
        {
            var progress = StatusCommand.Read<RunProgress>(state.Status);
            var done = progress is null ? "" : $"{progress.Done + progress.Failed}/{progress.Total} mini-batches, {progress.Failed} failed";
            Console.WriteLine($"{state.OrchestrationInstance.InstanceId,-34} {state.OrchestrationStatus.ToString().ToLowerInvariant(),-11} {state.CreatedTime:yyyy-MM-dd HH:mm:ss}  {done}");
        }

        return ExitCodes.Success;
    }
}
