namespace BatchScoring.Core.Planning;

/// <summary>
/// An input file as it was when planned; its ETag ties reuse to the exact content. <see cref="QuotedLineBreaks"/>: in a
/// CSV file, the line breaks inside quoted fields (records that span lines; a quote left open makes many), null when
/// none.
/// </summary>
public sealed record PlannedFile(string Path, long Size, string ETag)
{
    public long? QuotedLineBreaks { get; init; }
}
