namespace BatchScoring.Core.Spec;

/// <summary>What happens to a text of more tokens than the model takes.</summary>
public enum OverflowAction
{
    /// <summary>Keep its first tokens; the run summary counts it.</summary>
    Truncate,

    /// <summary>An error record; the text is not scored.</summary>
    Error,
}
