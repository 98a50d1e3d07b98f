using BatchScoring.Benchmarks;

// dotnet run -c Release --project tests/BatchScoring.Benchmarks -- tabular [ROWS]
// dotnet run -c Release --project tests/BatchScoring.Benchmarks -- resnet [IMAGES]
return args.FirstOrDefault() switch
{
    "tabular" => await TabularBenchmark.RunAsync(args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 1_000_000),
    "resnet" => await ResNetBenchmark.RunAsync(args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 64),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: BatchScoring.Benchmarks tabular [ROWS] | resnet [IMAGES]");
    return 2;
}
