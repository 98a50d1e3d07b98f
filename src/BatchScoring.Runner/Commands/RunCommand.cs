using System.CommandLine;
using System.Diagnostics;
using System.Runtime.InteropServices;
using BatchScoring.Backends.InMemory;
using BatchScoring.Core.Runs;
using BatchScoring.Orchestration.Contracts;
using BatchScoring.Orchestration.Orchestrators;
using BatchScoring.Orchestration.Progress;
using BatchScoring.Orchestration.Runs;
using BatchScoring.Runner.Hosting;

namespace BatchScoring.Runner.Commands;

/// <summary>
/// <c>run SPEC</c>: the whole run in this process, on the in-memory Durable engine. The first Ctrl+C (or SIGTERM)
/// stops scheduling, lets the mini-batches in flight finish for a few seconds, says how to resume and exits with 130;
/// a second one exits at once.
/// </summary>
internal static class RunCommand
{
    /// <summary>How long the mini-batches in flight may take to finish after Ctrl+C.</summary>
    private static readonly TimeSpan StopGrace = TimeSpan.FromSeconds(5);

    public static Command Create()
    {
        var spec = new Argument<string>("spec") { Description = "The run spec (JSON)." };
        var root = CommonOptions.Root();
        var dataStorage = CommonOptions.DataStorage();
        var command = new Command("run", "Run a spec to completion in this process on the in-memory Durable engine. Ctrl+C stops it; the same command resumes it.\n\nExample:\n  batchscore run samples/digits-tabular/spec.json") { spec, root, dataStorage };
        command.SetAction((result, cancellationToken) => RunAsync(result.GetValue(spec)!, result.GetValue(root)!, result.GetValue(dataStorage), cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(string specPath, string root, string? dataStorage, CancellationToken cancellationToken)
    {
        var spec = CommonOptions.ReadSpec(specPath);
        using var loggerFactory = CommonOptions.Logging();
        var store = CommonOptions.DataStore(root, dataStorage);
        if (string.IsNullOrWhiteSpace(dataStorage))
        {
            await CommonOptions.CheckSpecNotWrittenAsync(specPath, spec, store, cancellationToken);
        }
        await using var services = CommonOptions.Services(store, loggerFactory);
        await using var engine = await InMemoryEngine.StartAsync(services, loggerFactory, activitySlots: spec.Execution.MaxParallelMiniBatches + 2);
        using var interrupt = new Interrupt(cancellationToken);
        var watch = Stopwatch.StartNew();
        var id = await engine.Client.ScheduleNewOrchestrationInstanceAsync(nameof(ScoringRun), new ScoringRunInput(spec, DurableEngine.InMemory), cancellationToken);
        var progress = ProgressPrinter.ForConsole();
        var completion = engine.Client.WaitForInstanceCompletionAsync(id, getInputsAndOutputs: true, interrupt.Token);
        while (!completion.IsCompleted)
        {
            await Task.WhenAny(completion, Task.Delay(TimeSpan.FromMilliseconds(250), CancellationToken.None));
            if (interrupt.Token.IsCancellationRequested)
            {
                return await StopAsync(engine, id, spec.Execution.Reuse, progress);
            }

            if (!completion.IsCompleted && await engine.Client.GetInstanceAsync(id, getInputsAndOutputs: true, CancellationToken.None) is { } running)
            {
                progress.Show(await RunProgressView.ReadAsync(engine.Client, running, CancellationToken.None));
            }
        }

        var run = await completion;
        progress.Show(RunProgressView.Read<RunProgress>(run));
        if (RunOutcome.ResultOf(run) is not { } result)
        {
            progress.Summary([("run", spec.Name), ("state", run.RuntimeStatus.ToString().ToLowerInvariant()), .. Results.Unfinished(run, store.Locate).Where(r => r.Item1 != "reason")]);
            Console.Error.WriteLine($"error: {RunOutcome.ReasonOf(run) ?? "the run ended without a result"}");
            return ExitCodes.RunFailed;
        }

        progress.Summary(Results.Rows(spec.Name, result, watch.Elapsed, store.Locate));
        return ExitCodes.Success;
    }

    /// <summary>After the first signal: nothing new is scheduled, the mini-batches in flight get a few seconds, then the process says how to resume.</summary>
    private static async Task<int> StopAsync(InMemoryEngine engine, string id, bool reuse, ProgressPrinter progress)
    {
        Console.Error.WriteLine();
        Console.Error.WriteLine($"stopping: no new mini-batches; those in flight get {StopGrace.TotalSeconds:F0} s to finish (Ctrl+C again to quit now)");
        var run = await engine.Client.GetInstanceAsync(id, getInputsAndOutputs: true, CancellationToken.None);
        var last = run is null ? null : await RunProgressView.ReadAsync(engine.Client, run, CancellationToken.None);
        await RunCancellation.TerminateAsync(engine.Client, id, "interrupted", CancellationToken.None);
        await engine.StopAsync(StopGrace);
        progress.Show(last);
        Console.Error.WriteLine(reuse
            ? $"interrupted: {(last is null ? "the mini-batches scored before the signal" : $"{last.Done} of {last.Total} mini-batches scored before the signal")}, and those in flight that finished since, are staged; run the same command again to resume from them."
            : "interrupted: execution.reuse is false, so a rerun starts over.");
        return ExitCodes.Interrupted;
    }

    /// <summary>SIGINT and SIGTERM: the first one asks the run to stop; the second ends the process at once.</summary>
    private sealed class Interrupt : IDisposable
    {
        private readonly CancellationTokenSource stop;
        private readonly PosixSignalRegistration sigint;
        private readonly PosixSignalRegistration sigterm;
        private int signals;

        public Interrupt(CancellationToken cancellationToken)
        {
            stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, Handle);
            sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Handle);
        }

        public CancellationToken Token => stop.Token;

        public void Dispose()
        {
            sigint.Dispose();
            sigterm.Dispose();
            stop.Dispose();
        }

        private void Handle(PosixSignalContext context)
        {
            context.Cancel = true;
            if (Interlocked.Increment(ref signals) > 1)
            {
                Console.Error.WriteLine("interrupted again: quitting now; staged mini-batches are kept");
                Environment.Exit(ExitCodes.Interrupted);
            }

            stop.Cancel();
        }
    }
}
