namespace BatchScoring.Core.Planning;

/// <summary>What a mini-batch size counts.</summary>
public enum MiniBatchUnit
{
    Files,
    Rows,
    Bytes,
}
