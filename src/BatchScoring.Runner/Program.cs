using System.Diagnostics;
using BatchScoring.Core;
using BatchScoring.Core.Spec;
using BatchScoring.Engine;
using BatchScoring.Onnx;
using BatchScoring.Storage.Local;
using Microsoft.Extensions.Logging;

// batchscore run SPEC [--root DIR]
// Exit codes: 0 success, 1 the run failed, 2 bad usage or an invalid spec.
const string Usage = """
    Usage: batchscore run SPEC [--root DIR]

      Scores SPEC (a run spec JSON file) in this process with the local file store rooted at DIR
      (default: the current folder); every path in the spec is relative to DIR.

    Example:
      dotnet run --project src/BatchScoring.Runner -- run samples/digits-tabular/spec.json

    Exit codes: 0 success, 1 the run failed, 2 bad usage or an invalid spec.
    """;

if (args.Length < 2 || args[0] != "run" || args.Contains("--help") || args.Contains("-h"))
{
    Console.Error.WriteLine(Usage);
    return args.Contains("--help") || args.Contains("-h") ? 0 : 2;
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

using var loggerFactory = LoggerFactory.Create(b => b.AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(LogLevel.Warning));
using var pool = new OnnxSessionPool(loggerFactory);
using var scorers = new ScorerProvider(pool, loggerFactory);
var engine = new ScoringEngine(new LocalBlobStore(root), scorers, loggerFactory);
var watch = Stopwatch.StartNew();
try
{
    var result = await DirectRun.RunAsync(engine, spec, $"{spec.Name}-{DateTime.UtcNow:yyyyMMddHHmmss}");
    Console.WriteLine($"{spec.Name}: {result.ItemsScored} items scored, {result.ItemsFailed} failed, {result.MiniBatches} mini-batches in {watch.Elapsed.TotalSeconds:F1} s");
    Console.WriteLine($"output: {(result.Commit.OutputPath is null ? "(summary only)" : Path.Combine(root, result.Commit.OutputPath))}");
    Console.WriteLine($"errors: {Path.Combine(root, result.Commit.ErrorsPath)}");
    return 0;
}
catch (BatchScoringException e)
{
    Console.Error.WriteLine($"error: {e.Message}");
    return 1;
}
