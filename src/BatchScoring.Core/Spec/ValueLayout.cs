namespace BatchScoring.Core.Spec;

/// <summary>How a vector per item is laid out in the result.</summary>
public enum ValueLayout
{
    /// <summary>One column per value.</summary>
    Columns,

    /// <summary>One list column.</summary>
    List,
}
