using System.Globalization;
using BatchScoring.Orchestration.Contracts;

namespace BatchScoring.Runner.Commands;

/// <summary>The summary table of a finished run.</summary>
internal static class Results
{
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

        yield return ("output", result.OutputPath is null ? "(summary only)" : locate(result.OutputPath));
        yield return ("errors", locate(result.ErrorsPath));
        yield return ("summary", locate(result.SummaryPath));
    }
}
