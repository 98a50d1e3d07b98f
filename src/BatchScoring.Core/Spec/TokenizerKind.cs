namespace BatchScoring.Core.Spec;

/// <summary>Text tokenizers.</summary>
public enum TokenizerKind
{
    /// <summary>BERT's: basic tokenization (whitespace, punctuation, CJK), then greedy longest-match WordPiece.</summary>
    WordPiece,
}
