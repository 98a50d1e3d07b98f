namespace BatchScoring.Orchestration.Contracts;

/// <summary>
/// What one committed run of a series scored, in the series' ledger: the run (its id, spec name, host), the model's hash,
/// every input with the version scored, the output file and its ETag, the counts, and when it started and finished.
/// </summary>
public sealed record LedgerRecord(
    string Run,
    string Name,
    string Host,
    string ModelHash,
    IReadOnlyList<LedgerRecord.Input> Inputs,
    LedgerRecord.OutputFile Output,
    long ItemsScored,
    long ItemsFailed,
    DateTime StartedUtc,
    DateTime? FinishedUtc)
{
    /// <summary>An input as scored: its path, version (ETag) and size.</summary>
    public sealed record Input(string Path, string ETag, long Size);

    /// <summary>The output the run wrote: its path and, once committed, its ETag and size.</summary>
    public sealed record OutputFile(string Path, string? ETag, long? Bytes);
}
