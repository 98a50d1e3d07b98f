using System.CommandLine;
using BatchScoring.Core.Runs;
using BatchScoring.Orchestration.Contracts;
using BatchScoring.Orchestration.Orchestrators;
using BatchScoring.Orchestration.Progress;
using BatchScoring.Runner.Hosting;
using Microsoft.DurableTask.Client;

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
        var runs = new List<OrchestrationMetadata>();
        await foreach (var run in hub.Client.GetAllInstancesAsync(new OrchestrationQuery { FetchInputsAndOutputs = true, PageSize = 100 }).WithCancellation(cancellationToken))
        {
            if (run.Name == nameof(ScoringRun) && !RunLayout.IsShardId(run.InstanceId))
            {
                runs.Add(run);
            }
        }

        Console.WriteLine($"{"id",-34} {"name",-20} {"state",-11} {"created (UTC)",-20} progress");
        foreach (var run in runs.OrderByDescending(r => r.CreatedAt).Take(top))
        {
            var progress = RunProgressView.Read<RunProgress>(run);
            var done = progress is null ? "" : $"{progress.Done + progress.Failed}/{progress.Total} mini-batches, {progress.Failed} failed";
            Console.WriteLine($"{run.InstanceId,-34} {RunOutcome.SpecOf(run)?.Name ?? "",-20} {run.RuntimeStatus.ToString().ToLowerInvariant(),-11} {run.CreatedAt.UtcDateTime:yyyy-MM-dd HH:mm:ss}  {done}");
        }

        return ExitCodes.Success;
    }
}
