using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using BatchScoring.Core;
using BatchScoring.Core.Runs;
using BatchScoring.Orchestration;
using BatchScoring.Orchestration.Ledger;
using BatchScoring.Runner.Hosting;

namespace BatchScoring.Runner.Commands;

/// <summary>
/// <c>history SERIES|SPEC [--input PATH]</c>: the committed runs of an incremental series, from its ledger; for an
/// input, every version scored, when, by which model, into which output.
/// </summary>
internal static class HistoryCommand
{
    public static Command Create()
    {
        var series = new Argument<string>("series") { Description = "The series' name, or the spec file of an incremental run (its series and output folder are used)." };
        var outputs = new Option<string?>("--outputs") { Description = "With a series' name: the first folder of the runs' output.path (on Azure, the container) that holds its ledger, '<outputs>/_ledger/<series>'." };
        var input = new Option<string?>("--input") { Description = "List every version of this input (a path as the runs list it, e.g. in/a.csv) the series scored." };
        var json = new Option<bool>("--json") { Description = "Print the ledger's records (or the input's versions) as JSON." };
        var root = CommonOptions.Root();
        var dataStorage = CommonOptions.DataStorage();
        var command = new Command("history", "List the runs of an incremental series (execution.incremental) and what each scored, from the series' ledger.\n\nExamples:\n  batchscore history nightly --outputs out\n  batchscore history nightly.json --input in/2026-12-01.csv")
        {
            series, outputs, input, json, root, dataStorage,
        };
        command.SetAction((result, cancellationToken) => RunAsync(
            result.GetValue(series)!, result.GetValue(outputs), result.GetValue(input), result.GetValue(json), CommonOptions.DataStore(result.GetValue(root)!, result.GetValue(dataStorage)), cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(string seriesOrSpec, string? outputs, string? input, bool json, Storage.IBlobStore store, CancellationToken cancellationToken)
    {
        var (series, folder) = LedgerOf(seriesOrSpec, outputs);
        var history = await SeriesHistory.ReadAsync(new SeriesLedger(store), series, folder, cancellationToken);
        if (history.Runs.Count == 0)
        {
            throw new CommandLineException(ExitCodes.NotFound, $"series '{series}' has no committed runs: nothing in its ledger '{folder}'. Check the series' name and --outputs (the first folder of its output.path).");
        }

        if (input is not null)
        {
            var versions = history.VersionsOf(input);
            if (versions.Count == 0)
            {
                throw new CommandLineException(ExitCodes.NotFound, $"series '{series}' never scored '{StorePath.Canonical(input)}' (its {history.Runs.Count} run(s) scored {history.Runs.Sum(r => r.Inputs.Count)} input version(s); paths are listed as the runs list them, e.g. '{history.Runs[0].Inputs.FirstOrDefault()?.Path}').");
            }

            if (json)
            {
                Console.WriteLine(JsonSerializer.Serialize(versions, RunFiles.Json));
                return ExitCodes.Success;
            }

            Console.WriteLine($"{versions[0].Input}: scored {versions.Count} time(s) by series '{series}'");
            Console.WriteLine($"{"version (ETag)",-36} {"bytes",12} {"scored (UTC)",-20} {"model",-14} {"run",-40} output");
            foreach (var v in versions)
            {
                Console.WriteLine($"{v.ETag,-36} {v.Size,12:N0} {Time(v.ScoredUtc),-20} {Short(v.ModelHash),-14} {v.Run,-40} {v.Output}");
            }

            return ExitCodes.Success;
        }

        if (json)
        {
            Console.WriteLine(JsonSerializer.Serialize(history, RunFiles.Json));
            return ExitCodes.Success;
        }

        Console.WriteLine($"series '{series}': {history.Runs.Count} committed run(s), ledger '{folder}'");
        Console.WriteLine($"{"run",-40} {"started (UTC)",-20} {"finished (UTC)",-20} {"model",-14} {"inputs",7} {"scored",12} {"failed",8} output");
        foreach (var run in history.Runs)
        {
            Console.WriteLine($"{run.Run,-40} {Time(run.StartedUtc),-20} {(run.FinishedUtc is { } f ? Time(f) : ""),-20} {Short(run.ModelHash),-14} {run.Inputs.Count,7:N0} {run.ItemsScored,12:N0} {run.ItemsFailed,8:N0} {run.Output.Path}");
        }

        return ExitCodes.Success;
    }

    /// <summary>The series and its ledger folder: from a spec file, or from a series' name and <c>--outputs</c>.</summary>
    private static (string Series, string Folder) LedgerOf(string seriesOrSpec, string? outputs)
    {
        if (seriesOrSpec.EndsWith(".json", StringComparison.OrdinalIgnoreCase) || File.Exists(seriesOrSpec))
        {
            var spec = CommonOptions.ReadSpec(seriesOrSpec);
            var name = spec.Execution.SeriesOf(spec.Name);
            return (name, RunLayout.LedgerFolder(spec.Output.Path, name));
        }

        if (string.IsNullOrWhiteSpace(outputs))
        {
            throw new CommandLineException(ExitCodes.InvalidInput, $"--outputs is required with a series' name ('{seriesOrSpec}'): the first folder of the runs' output.path, where the ledger '<outputs>/_ledger/{seriesOrSpec}' is. Or give the spec file.");
        }

        return (seriesOrSpec, RunLayout.LedgerFolderIn(StorePath.Canonical(outputs).Split('/')[0], seriesOrSpec));
    }

    private static string Time(DateTime utc) => utc.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);

    private static string Short(string hash) => hash.Length == 0 ? "(no model)" : hash.Length > 12 ? hash[..12] : hash;
}
