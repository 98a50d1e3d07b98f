using System.Globalization;
using BatchScoring.Core.Runs;
using BatchScoring.Orchestration.Contracts;
using BatchScoring.Orchestration.Progress;
using Microsoft.DurableTask.Client;

namespace BatchScoring.Runner.Commands;

/// <summary>The summary tables of runs.</summary>
internal static class Results
{
    /// <summary>A committed run: counts and where its files are.</summary>
    public static IEnumerable<(string, string)> Rows(string name, ScoringRunResult result, TimeSpan? elapsed, Func<string, string> locate)
    {
        yield return ("run", name + (result.Reused ? " (an identical committed run, reused)" : ""));
        yield return ("mini-batches", string.Create(CultureInfo.InvariantCulture, $"{result.MiniBatches} ({result.FailedMiniBatches} failed)"));
        yield return ("items scored", result.ItemsScored.ToString("N0", CultureInfo.InvariantCulture));
        yield return ("items failed", result.ItemsFailed.ToString("N0", CultureInfo.InvariantCulture));
        if (elapsed is { } time)
        {
            yield return ("time", string.Create(CultureInfo.InvariantCulture, $"{time.TotalSeconds:F1} s"));
        }

        if (result.Series is { } series)
        {
            yield return ("series", string.Create(CultureInfo.InvariantCulture, $"{series.Name}: {series.InputsSeen:N0} input(s) listed, {series.InputsScored:N0} scored, {series.InputsSkipped:N0} skipped (scored by an earlier run); ledger {locate(series.Ledger)}"));
        }

        yield return ("output", result.OutputPath is not null ? locate(result.OutputPath) : result.Series is { InputsScored: 0 } ? "(nothing new to score: no output)" : "(summary only)");
        yield return ("errors", locate(result.ErrorsPath));
        yield return ("summary", locate(result.SummaryPath));
        if (RunLayout.OutputOfSummary(result.SummaryPath) is { } output)
        {
            yield return ("report", locate(RunLayout.ReportBeside(output)));
        }
    }

    /// <summary>A run on a task hub, in whatever state: its id, name, state, and its result or failure reason.</summary>
    public static List<(string, string)> Status(OrchestrationMetadata run)
    {
        var rows = new List<(string, string)> { ("id", run.InstanceId), ("state", run.RuntimeStatus.ToString().ToLowerInvariant()) };
        var name = RunOutcome.SpecOf(run)?.Name ?? run.Name;
        if (RunOutcome.ResultOf(run) is { } result)
        {
            rows.AddRange(Rows(name, result, run.LastUpdatedAt - run.CreatedAt, p => p));
        }
        else
        {
            rows.Add(("run", name));
            rows.AddRange(Unfinished(run, p => p));
        }

        return rows;
    }

    /// <summary>
    /// A run without a result: why it failed, and, when an earlier run's output is at its output path, that the file is
    /// not this run's (a failed run writes none).
    /// </summary>
    public static IEnumerable<(string, string)> Unfinished(OrchestrationMetadata run, Func<string, string> locate)
    {
        if (RunOutcome.ReasonOf(run) is { } reason)
        {
            yield return ("reason", reason);
        }

        var progress = RunProgressView.Read<RunProgress>(run);
        if (progress?.EarlierOutput is { } earlier)
        {
            yield return ("output", $"{locate(earlier)} is an earlier run's; this run wrote no output");
        }

        if (run.RuntimeStatus == OrchestrationRuntimeStatus.Failed)
        {
            // Only a summary the run wrote is named: one it could not write (a full disk) is not there to read.
            yield return ("summary", progress?.Summary is { } summary ? locate(summary) : "not written (see the reason)");
        }
    }
}
