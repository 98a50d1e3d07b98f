namespace BatchScoring.Core;

/// <summary>
/// The one domain exception: bad input or configuration that a user must fix. The message names what is
/// wrong and where (file, row, setting). <see cref="Errors"/> lists every problem when there are several. One kind has
/// a type of its own, because hosts must tell it apart across processes (Durable Task carries only the type's name):
/// <see cref="InputChangedException"/>, which no retry can mend.
/// </summary>
public class BatchScoringException : Exception
{
    public BatchScoringException(string message)
        : base(message)
    {
        Errors = [message];
    }

    public BatchScoringException(string message, Exception innerException)
        : base(message, innerException)
    {
        Errors = [message];
    }

    public BatchScoringException(string message, IReadOnlyList<string> errors)
        : base(errors.Count == 0 ? message : message + Environment.NewLine + string.Join(Environment.NewLine, errors.Select(e => "  " + e)))
    {
        Errors = errors;
    }

    public BatchScoringException()
        : this("BatchScoring failed.")
    {
    }

    /// <summary>Every problem found, one line each.</summary>
    public IReadOnlyList<string> Errors { get; }
}
