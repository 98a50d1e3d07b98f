namespace BatchScoring.Core.Spec;

/// <summary>Element types of token id, mask and type inputs.</summary>
public enum TokenElementType
{
    Int64,
    Int32,
}
