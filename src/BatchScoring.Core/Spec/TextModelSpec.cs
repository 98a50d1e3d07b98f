using System.ComponentModel;
using System.ComponentModel.DataAnnotations;

namespace BatchScoring.Core.Spec;

/// <summary>
/// The <c>onnx-text</c> scorer: where each text comes from, how it becomes tokens, which model inputs take them, and
/// how the model's token vectors become one vector per text (pooling, L2 normalisation) and result columns.
/// </summary>
[Description("The onnx-text scorer: where each text comes from, how it is tokenized, which model inputs take the tokens, and how the token vectors become one vector per text.")]
public sealed record TextModelSpec
{
    public const int DefaultMaxSequenceLength = 512;

    /// <summary>
    /// 2,048 tokens per call: on CPU, calls of 512 to 2,048 tokens cost about a quarter less per text than calls of 16,384
    /// (the activations stay in cache); on a GPU raise it (README, "Text and embeddings").
    /// </summary>
    public const int DefaultMaxBatchTokens = 2_048;

    public const string DefaultEmbeddingColumn = "embedding";

    [Description("Tabular mode: the column holding the text (required). Not used in file mode, where each file's content (UTF-8) is one text.")]
    public string? Column { get; init; }

    [Description("wordPiece (BERT's tokenizer: basic tokenization, then WordPiece with '##' continuations).")]
    public TokenizerKind Tokenizer { get; init; } = TokenizerKind.WordPiece;

    [Description("Path of the tokenizer's vocabulary in the store (vocab.txt: one token per line, its id the line number). Required.")]
    public string Vocabulary { get; init; } = "";

    [Description("Lower-case the text before tokenizing (uncased models).")]
    public bool LowerCase { get; init; } = true;

    [Description("Remove accents (café -> cafe) before tokenizing. Default: as lowerCase, as BERT's uncased tokenizer does.")]
    public bool? StripAccents { get; init; }

    [Description("Most tokens fed per text, [CLS] and [SEP] included (default 512, the position limit of BERT-family models).")]
    [Range(3, 65_536)]
    public int MaxSequenceLength { get; init; } = DefaultMaxSequenceLength;

    [Description("A text of more tokens than maxSequenceLength: truncate (keep the first tokens; counted as itemsTruncated in the run summary) or error (an error record).")]
    public OverflowAction OnOverflow { get; init; } = OverflowAction.Truncate;

    [Description("Name of the model input taking the token ids.")]
    public string InputIds { get; init; } = "input_ids";

    [Description("Name of the model input taking the attention mask (1 for a token, 0 for padding).")]
    public string AttentionMask { get; init; } = "attention_mask";

    [Description("Name of the model input taking the token type (segment) ids, all 0. Default: token_type_ids when the model has such an input, none otherwise.")]
    public string? TokenTypeIds { get; init; }

    [Description("Element type of the token inputs: int64 or int32. Default: as the model declares; given, it must match the model.")]
    public TokenElementType? ElementType { get; init; }

    [Description("Model output to read: token vectors [N, T, H] (pooled), or one vector per text [N, H]. Default: the model's first output.")]
    public string? Output { get; init; }

    [Description("mean: average of the token vectors under the attention mask; cls: the first token's vector; none: the output as it is (a [N, T, H] output gives each text's own tokens' vectors, flattened).")]
    public PoolingKind Pooling { get; init; } = PoolingKind.Mean;

    [Description("Scale each text's vector to unit length (L2), as embeddings for cosine similarity are.")]
    public bool Normalize { get; init; } = true;

    [Description("Result column of the vector (with layout columns, the prefix of '<column>_<i>').")]
    public string EmbeddingColumn { get; init; } = DefaultEmbeddingColumn;

    [Description("list: one list column (Parquet list<float>, a JSON Lines array, a JSON array string in CSV); columns: one float column per dimension.")]
    public ValueLayout Layout { get; init; } = ValueLayout.List;

    [Description("Most tokens (texts x padded length) in one ONNX Runtime Run call (default 2048, best on CPU; raise it on a GPU); texts are sorted by length and padded per call. model.inferenceBatchSize bounds the texts per call too.")]
    [Range(1, 16_777_216)]
    public int MaxBatchTokens { get; init; } = DefaultMaxBatchTokens;
}
