using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json;
using BatchScoring.Core;
using BatchScoring.Core.Runs;
using BatchScoring.Core.Spec;
using BatchScoring.Orchestration.Contracts;
using BatchScoring.Orchestration.Reports;
using BatchScoring.Runner.Hosting;
using BatchScoring.Storage;

namespace BatchScoring.Runner.Commands;

/// <summary>
/// <c>report SUMMARY|OUTPUT</c>: (re)writes a run's HTML report beside its output, from the summary, the timeline and the
/// error records there (<see cref="RunLayout.ReportBeside"/>), in the same data store.
/// </summary>
internal static class ReportCommand
{
    public static Command Create()
    {
        var path = new Argument<string>("summary-or-output") { Description = "A run's summary (out/results.csv.summary.json) or its output (out/results.csv), in the data store." };
        var root = CommonOptions.Root();
        var dataStorage = CommonOptions.DataStorage();
        var command = new Command("report", "Write a run's HTML report (outcome, throughput, workers, mini-batch durations, error records) beside its output, from the summary, timeline and error records there.\n\nExamples:\n  batchscore report out/results.csv\n  batchscore report results/scored.parquet.summary.json --data-storage \"$CONN\"")
        {
            path, root, dataStorage,
        };
        command.SetAction((result, cancellationToken) =>
        {
            var rootFolder = result.GetValue(root)!;
            var blobs = result.GetValue(dataStorage);
            return RunAsync(StorePathOf(result.GetValue(path)!, rootFolder, blobs), CommonOptions.DataStore(rootFolder, blobs), cancellationToken);
        });
        return command;
    }

    private static async Task<int> RunAsync(string path, IBlobStore store, CancellationToken cancellationToken)
    {
        var output = RunLayout.OutputOfSummary(path) ?? path;
        var summaryPath = RunLayout.SummaryBeside(output);
        var summary = ParseSummary(
            await store.TryReadAllBytesAsync(summaryPath, cancellationToken)
                ?? throw new CommandLineException(ExitCodes.NotFound, path == summaryPath
                    ? $"no run summary '{summaryPath}' in {store.Description}."
                    : $"no run summary beside '{output}': '{summaryPath}' is not in {store.Description}. Give a run's output or its summary (*{RunLayout.SummaryBeside("")})."),
            summaryPath);

        var timelinePath = RunLayout.TimelineBeside(output);
        TimelineHeader? header = null;
        List<TimelineEntry> timeline = [];
        if (await store.GetInfoAsync(timelinePath, cancellationToken) is not null)
        {
            await using var stream = await store.OpenReadAsync(timelinePath, cancellationToken);
            try
            {
                (header, timeline) = await TimelineFile.ReadAsync(stream, timelinePath, cancellationToken);
            }
            catch (BatchScoringException e)
            {
                throw new CommandLineException(ExitCodes.InvalidInput, e.Message);
            }
        }

        var errorsPath = RunLayout.ErrorsBeside(output);
        ErrorDigest errors;
        if (await store.GetInfoAsync(errorsPath, cancellationToken) is not null)
        {
            await using var stream = await store.OpenReadAsync(errorsPath, cancellationToken);
            errors = await ErrorDigest.ReadAsync(stream, store.Locate(errorsPath), cancellationToken);
        }
        else
        {
            errors = await ErrorDigest.ReadAsync(null, store.Locate(errorsPath), cancellationToken);
        }

        var reportPath = RunLayout.ReportBeside(output);
        await store.WriteAllBytesAsync(reportPath, Encoding.UTF8.GetBytes(RunReport.Render(summary, header, timeline, errors)), cancellationToken: cancellationToken);
        var mini = header is null ? "no timeline (" + timelinePath + " is not there)" : string.Create(CultureInfo.InvariantCulture, $"{timeline.Count:N0} mini-batch(es) in the timeline");
        Console.WriteLine($"run {summary.Run}: {(summary.Status == RunStatus.Succeeded ? "succeeded" : "failed")}; {mini}; {errors.Total.ToString("N0", CultureInfo.InvariantCulture)} error record(s)");
        Console.WriteLine($"  report  {store.Locate(reportPath)}");
        return ExitCodes.Success;
    }

    /// <summary>A run summary, as the run wrote it; anything else is bad input.</summary>
    private static RunSummary ParseSummary(byte[] json, string path)
    {
        RunSummary? summary;
        try
        {
            summary = JsonSerializer.Deserialize<RunSummary>(json, RunSpecSerializer.Options);
        }
        catch (JsonException e)
        {
            throw new CommandLineException(ExitCodes.InvalidInput, $"'{path}' is not a run summary: {e.Message}");
        }

        return summary is { Run: not null, Spec: not null, MiniBatches: not null, Items: not null, MiniBatchSeconds: not null, FailureBudget: not null, ModelHash: not null }
            ? summary
            : throw new CommandLineException(ExitCodes.InvalidInput, $"'{path}' is not a run summary: it lacks run, spec, miniBatches, items, miniBatchSeconds, failureBudget or modelHash.");
    }

    /// <summary>
    /// The path in the data store: as given, or, for a local folder, a full path made relative to <c>--root</c> (one
    /// outside the root is refused).
    /// </summary>
    private static string StorePathOf(string path, string root, string? dataStorage)
    {
        if (string.IsNullOrWhiteSpace(dataStorage) && Path.IsPathRooted(path))
        {
            var relative = Path.GetRelativePath(Path.GetFullPath(root), path).Replace('\\', '/');
            if (relative == ".." || relative.StartsWith("../", StringComparison.Ordinal) || Path.IsPathRooted(relative))
            {
                throw new CommandLineException(ExitCodes.InvalidInput, $"'{path}' is not under --root '{root}'; give --root the folder the run's paths are relative to.");
            }

            return relative;
        }

        return StorePath.Canonical(path);
    }
}
