using System.Diagnostics;
using System.Text.Json;

namespace BatchScoring.Tests;

/// <summary>
/// An independent Parquet reader: DuckDB from npm (tools/duckdb). Installs the pinned package with <c>npm ci</c>
/// when it is missing, and fails loudly when node or npm is not there.
/// </summary>
internal static class DuckDb
{
    private static readonly Lock InstallLock = new();

    /// <summary>DuckDB's summary of a Parquet file: rows, columns and types, first and last row.</summary>
    public static JsonElement Summarise(string parquetPath)
    {
        var tools = Repo.PathOf("tools/duckdb");
        lock (InstallLock)
        {
            if (!Directory.Exists(Path.Combine(tools, "node_modules", "@duckdb")))
            {
                Run("npm", $"ci --prefix \"{tools}\" --no-audit --no-fund", "install the DuckDB npm package");
            }
        }

        return JsonDocument.Parse(Run("node", $"\"{Path.Combine(tools, "parquet-summary.mjs")}\" \"{parquetPath}\"", "read Parquet with DuckDB")).RootElement.Clone();
    }

    private static string Run(string tool, string arguments, string purpose)
    {
        Process process;
        try
        {
            process = Process.Start(new ProcessStartInfo(tool, arguments) { RedirectStandardOutput = true, RedirectStandardError = true })!;
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InvalidOperationException($"'{tool}' is needed to {purpose} but could not be started ({e.Message}); install Node.js and npm (apt-get install nodejs npm).", e);
        }

        using (process)
        {
            var output = process.StandardOutput.ReadToEndAsync();
            var error = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(180_000))
            {
                process.Kill(entireProcessTree: true);
                throw new TimeoutException($"'{tool} {arguments}' did not finish in 180 s.");
            }

            if (process.ExitCode != 0)
            {
                throw new InvalidOperationException($"'{tool} {arguments}' failed to {purpose} (exit {process.ExitCode}): {error.Result}");
            }

            return output.Result;
        }
    }
}
