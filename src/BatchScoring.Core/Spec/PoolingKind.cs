namespace BatchScoring.Core.Spec;

/// <summary>How a text's token vectors become one vector.</summary>
public enum PoolingKind
{
    /// <summary>The mean of the vectors of its tokens (the attention mask's ones).</summary>
    Mean,

    /// <summary>The vector of its first token ([CLS]).</summary>
    Cls,

    /// <summary>The model output as it is.</summary>
    None,
}
