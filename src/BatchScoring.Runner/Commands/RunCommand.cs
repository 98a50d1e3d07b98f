using System.CommandLine;
using System.Diagnostics;
using BatchScoring.Core.Spec;
using BatchScoring.Orchestration;
using BatchScoring.Orchestration.Contracts;
using BatchScoring.Orchestration.Orchestrators;
using BatchScoring.Runner.Hosting;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace BatchScoring.Runner.Commands;

/// <summary><c>run SPEC</c>: the whole run in this process, on the in-memory Durable engine.</summary>
internal static class RunCommand
{
    public static Command Create()
    {
        var spec = new Argument<string>("spec") { Description = "The run spec (JSON)." };
        var root = CommonOptions.Root();
        var dataStorage = CommonOptions.DataStorage();
        var command = new Command("run", "Run a spec to completion in this process on the in-memory Durable engine.\n\nExample:\n  batchscore run samples/digits-tabular/spec.json") { spec, root, dataStorage };
        command.SetAction((result, cancellationToken) => RunAsync(result.GetValue(spec)!, result.GetValue(root)!, result.GetValue(dataStorage), cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(string specPath, string root, string? dataStorage, CancellationToken cancellationToken)
    {
        var spec = CommonOptions.ReadSpec(specPath);

        // The in-memory engine's gRPC sidecar logs through its own host, which reads logging levels from the environment.
        Environment.SetEnvironmentVariable("Logging__LogLevel__Default", Environment.GetEnvironmentVariable("Logging__LogLevel__Default") ?? "Warning");
        using var loggerFactory = CommonOptions.Logging();
        var (engine, owner) = CommonOptions.Engine(CommonOptions.DataStore(root, dataStorage), loggerFactory);
        using (owner)
        {
            await using var host = await DurableTaskTestHost.StartAsync(r => r.AddScoringRun(), new DurableTaskTestHostOptions { ConfigureServices = s => s.AddSingleton(engine), LoggerFactory = loggerFactory }, cancellationToken);
            var watch = Stopwatch.StartNew();
            var id = await host.Client.ScheduleNewOrchestrationInstanceAsync(nameof(ScoringRun), new ScoringRunInput(RunSpecSerializer.Serialize(spec), "in-memory"), cancellationToken);
            var progress = ProgressPrinter.ForConsole();
            OrchestrationMetadata? run = null;
            while (run is null)
            {
                using var poll = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                poll.CancelAfter(TimeSpan.FromSeconds(1));
                try
                {
                    run = await host.Client.WaitForInstanceCompletionAsync(id, getInputsAndOutputs: true, poll.Token);
                }
                catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                {
                    progress.Show((await host.Client.GetInstanceAsync(id, getInputsAndOutputs: true, cancellationToken))?.ReadCustomStatusAs<RunProgress>());
                }
            }

            progress.Show(run.ReadCustomStatusAs<RunProgress>());
            if (run.RuntimeStatus != OrchestrationRuntimeStatus.Completed)
            {
                progress.Summary([("run", $"{run.RuntimeStatus.ToString().ToLowerInvariant()}")]);
                Console.Error.WriteLine($"error: {run.FailureDetails?.ErrorMessage}");
                return ExitCodes.RunFailed;
            }

            var result = run.ReadOutputAs<ScoringRunResult>()!;
            progress.Summary(Results.Rows(spec.Name, result, watch.Elapsed, p => Path.Combine(root, p)));
            return ExitCodes.Success;
        }
    }
}
