namespace BatchScoring.Core.Data;

/// <summary>
/// One failed item: the mini-batch it was in, which item (a file name, or file and 1-based data row), the
/// kind of error and its message.
/// </summary>
public sealed record ErrorRecord(int MiniBatch, string Item, ErrorKind Kind, string Message);
