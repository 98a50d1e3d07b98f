using System.Diagnostics;
using BatchScoring.Core;
using BatchScoring.Core.Spec;
using BatchScoring.Engine;
using BatchScoring.Onnx;
using BatchScoring.Orchestration;
using BatchScoring.Orchestration.Contracts;
using BatchScoring.Orchestration.Orchestrators;
using BatchScoring.Storage.Local;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

// batchscore run SPEC [--root DIR]
// Exit codes: 0 success, 1 the run failed, 2 bad usage or an invalid spec.
const string Usage = """
    Usage: batchscore run SPEC [--root DIR]

      Runs SPEC (a run spec JSON file) to completion with the ScoringRun orchestration on the in-memory
      Durable Task engine, over the local file store rooted at DIR (default: the current folder); every
      path in the spec is relative to DIR.

    Example:
      dotnet run --project src/BatchScoring.Runner -- run samples/digits-tabular/spec.json

    Exit codes: 0 success, 1 the run failed (the reason is printed), 2 bad usage or an invalid spec.
    """;

if (args.Contains("--help") || args.Contains("-h"))
{
    Console.WriteLine(Usage);
    return 0;
}

if (args.Length < 2 || args[0] != "run")
{
    Console.Error.WriteLine(Usage);
    return 2;
}

var specPath = args[1];
var rootIndex = Array.IndexOf(args, "--root");
var root = rootIndex > 0 && rootIndex + 1 < args.Length ? args[rootIndex + 1] : Directory.GetCurrentDirectory();
RunSpec spec;
try
{
    spec = RunSpecSerializer.Parse(await File.ReadAllTextAsync(specPath), specPath);
}
catch (Exception e) when (e is IOException or UnauthorizedAccessException)
{
    Console.Error.WriteLine($"error: cannot read spec '{specPath}': {e.Message}");
    return 2;
}
catch (BatchScoringException e)
{
    Console.Error.WriteLine($"error: {e.Message}");
    return 2;
}

// The in-memory engine's gRPC sidecar logs through its own host, which reads logging levels from the environment.
Environment.SetEnvironmentVariable("Logging__LogLevel__Default", Environment.GetEnvironmentVariable("Logging__LogLevel__Default") ?? "Warning");
using var loggerFactory = LoggerFactory.Create(b => b.AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(LogLevel.Warning));
using var pool = new OnnxSessionPool(loggerFactory);
using var scorers = new ScorerProvider(pool, loggerFactory);
var engine = new ScoringEngine(new LocalBlobStore(root), scorers, loggerFactory);
await using var host = await DurableTaskTestHost.StartAsync(r => r.AddScoringRun(), new DurableTaskTestHostOptions { ConfigureServices = s => s.AddSingleton(engine), LoggerFactory = loggerFactory });
var watch = Stopwatch.StartNew();
var id = await host.Client.ScheduleNewOrchestrationInstanceAsync(nameof(ScoringRun), new ScoringRunInput(RunSpecSerializer.Serialize(spec), "in-memory"));
OrchestrationMetadata? run;
do
{
    run = await host.Client.WaitForInstanceCompletionAsync(id, getInputsAndOutputs: true, new CancellationTokenSource(TimeSpan.FromSeconds(2)).Token)
        .ContinueWith(t => t.IsCompletedSuccessfully ? t.Result : null, TaskScheduler.Default);
    if (run is null && await host.Client.GetInstanceAsync(id) is { SerializedCustomStatus: { } status })
    {
        Console.WriteLine($"{DateTime.UtcNow:HH:mm:ss} {status}");
    }
}
while (run is null);

if (run.RuntimeStatus != OrchestrationRuntimeStatus.Completed)
{
    Console.Error.WriteLine($"error: run {run.RuntimeStatus.ToString().ToLowerInvariant()}: {run.FailureDetails?.ErrorMessage}");
    return 1;
}

var result = run.ReadOutputAs<ScoringRunResult>()!;
Console.WriteLine($"{spec.Name}: {result.ItemsScored} items scored, {result.ItemsFailed} failed, {result.MiniBatches} mini-batches in {watch.Elapsed.TotalSeconds:F1} s{(result.Reused ? " (an identical committed run, reused)" : "")}");
Console.WriteLine($"output:  {(result.OutputPath is null ? "(summary only)" : Path.Combine(root, result.OutputPath))}");
Console.WriteLine($"errors:  {Path.Combine(root, result.ErrorsPath)}");
Console.WriteLine($"summary: {Path.Combine(root, result.SummaryPath)}");
return 0;
