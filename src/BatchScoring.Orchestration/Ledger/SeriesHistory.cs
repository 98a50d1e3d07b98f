using BatchScoring.Core;
using BatchScoring.Orchestration.Contracts;

namespace BatchScoring.Orchestration.Ledger;

/// <summary>
/// What a series' ledger says, for people: its committed runs in order, and for one input every version scored, when,
/// by which model and into which output. The runner's <c>history</c> command and the app's <c>GET /api/series/{name}</c>
/// show it.
/// </summary>
public sealed record SeriesHistory(string Series, string Ledger, IReadOnlyList<LedgerRecord> Runs)
{
    /// <summary>Every time the series scored <paramref name="input"/> (a store path, any spelling), oldest first.</summary>
    public IReadOnlyList<ScoredVersion> VersionsOf(string input)
    {
        var path = StorePath.Canonical(input);
        return Runs
            .SelectMany(run => run.Inputs.Where(i => i.Path == path).Select(i => new ScoredVersion(i.Path, i.ETag, i.Size, run.Run, run.FinishedUtc ?? run.StartedUtc, run.ModelHash, run.Output.Path)))
            .ToList();
    }

    /// <summary>The series' history read from its ledger folder.</summary>
    public static async Task<SeriesHistory> ReadAsync(SeriesLedger ledger, string series, string folder, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(ledger);
        return new SeriesHistory(series, folder, await ledger.ReadAsync(folder, cancellationToken));
    }

    /// <summary>One version of an input as a run scored it.</summary>
    public sealed record ScoredVersion(string Input, string ETag, long Size, string Run, DateTime ScoredUtc, string ModelHash, string Output);
}
