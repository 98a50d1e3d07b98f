using BatchScoring.Benchmarks;
using BatchScoring.Benchmarks.CsvWide;
using BatchScoring.Benchmarks.Text;

// dotnet run -c Release --project tests/BatchScoring.Benchmarks -- tabular [ROWS]
// dotnet run -c Release --project tests/BatchScoring.Benchmarks -- csv-wide [ROWS ...] [--hidden N] [--built] [--defaults-only]   (default 100000 1000000, 384; --built: the JIT build output, not the published runner; --defaults-only: (c) alone, for 10M rows)
// dotnet run -c Release --project tests/BatchScoring.Benchmarks -- startup   (a 10-row run, whole process)
// dotnet run -c Release --project tests/BatchScoring.Benchmarks -- csv-parse [ROWS]   (the CSV reader on one core)
// dotnet run -c Release --project tests/BatchScoring.Benchmarks -- float-format [--all]   (ShortestFloat against float.TryFormat; --all: every bit pattern)
// dotnet run -c Release --project tests/BatchScoring.Benchmarks -- resnet [IMAGES]
// dotnet run -c Release --project tests/BatchScoring.Benchmarks -- text [TEXTS] [--built]   (default 6000; --built: the JIT build output, not the published runner)
// dotnet run -c Release --project tests/BatchScoring.Benchmarks -- plan [FILES] [GB]
// dotnet run -c Release --project tests/BatchScoring.Benchmarks -- storage [MB]
// dotnet run -c Release --project tests/BatchScoring.Benchmarks -- hub [MINIBATCHES]
// dotnet run -c Release --project tests/BatchScoring.Benchmarks -- scale-hub [MINIBATCHES] [--workers W] [--latency-ms MS] [--digits]   (default 100000, 2 workers)
// dotnet run -c Release --project tests/BatchScoring.Benchmarks -- tracing [ROWS] [--times N]   (default 100000 rows, 7 runs each: a run with and without --otlp)
// DOTNET_PROCESSOR_COUNT=64 dotnet run -c Release --project tests/BatchScoring.Benchmarks -- scale [MINIBATCHES] [--direct]
return args.FirstOrDefault() switch
{
    "tabular" => await TabularBenchmark.RunAsync(args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 1_000_000),
    "hub" => await HubBenchmark.RunAsync(args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 400),
    "scale-hub" => await ScaleHubBenchmark.RunAsync(args.Skip(1).ToList()),
    "tracing" => await TracingBenchmark.RunAsync(
        args.Length > 1 && !args[1].StartsWith("--", StringComparison.Ordinal) ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 100_000,
        Array.IndexOf(args, "--times") is var t and > 0 && t + 1 < args.Length ? int.Parse(args[t + 1], System.Globalization.CultureInfo.InvariantCulture) : 7),
    "scale" => await ScaleBenchmark.RunAsync(args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 1000, args.Contains("--direct")),
    "plan" => await PlanningBenchmark.RunAsync(args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 100_000, args.Length > 2 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 10),
    "storage" => await StorageBenchmark.RunAsync(args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 1024),
    "csv-wide" => await CsvWideBenchmark.RunAsync(args.Skip(1).ToList()),
    "startup" => await StartupBenchmark.RunAsync(),
    "float-format" => FloatFormatBenchmark.Run(args.Contains("--all")),
    "csv-parse" => await CsvParseBenchmark.RunAsync(args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 100_000),
    "csv-engine" => await CsvEngineBenchmark.RunAsync(int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture), args.Length > 2 ? args[2] : "64MB", args.Length > 3 ? int.Parse(args[3], System.Globalization.CultureInfo.InvariantCulture) : null),
    "csv-wide-bare" => CsvWidePeers.Bare(args[1], args[2]),
    "csv-wide-naive" => CsvWidePeers.Naive(args[1], args[2], args[3]),
    "text" => await TextBenchmark.RunAsync(args.Length > 1 && args[1] != "--built" ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 6000, args.Contains("--built")),
    "text-bare" => TextPeers.Bare(args[1], args[2], args[3]),
    "text-peer" => TextPeers.Peer(args[1], int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture), args[3]),
    "resnet" => await ResNetBenchmark.RunAsync(args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 64),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: BatchScoring.Benchmarks csv-wide [ROWS ...] [--hidden N] [--built] [--defaults-only] | startup | csv-parse [ROWS] | float-format [--all] | tabular [ROWS] | resnet [IMAGES] | text [TEXTS] [--built] | plan [FILES] [GB] | storage [MB] | scale [MINIBATCHES] [--direct] | hub [MINIBATCHES] | scale-hub [MINIBATCHES] [--workers W] [--latency-ms MS] [--digits] | tracing [ROWS] [--times N]");
    return 2;
}
