using System.Globalization;
using BatchScoring.Core;
using BatchScoring.Core.Data;
using BatchScoring.Core.Scoring;
using BatchScoring.Core.Spec;

namespace BatchScoring.Onnx.Text;

/// <summary>
/// The built-in text scorer (<c>scorer.type: onnx-text</c>): a text per item (a column in tabular mode, a UTF-8 file in
/// file mode) is tokenized (WordPiece), the chunk's texts are sorted by token count and run through the model in
/// inference batches padded to their longest text (at most <c>model.inferenceBatchSize</c> texts and
/// <c>model.text.maxBatchTokens</c> tokens each), and each text's token vectors are pooled (mean under the attention
/// mask, or [CLS]) and L2-normalised into one vector, written at the text's own position. Texts longer than
/// <c>model.text.maxSequenceLength</c> tokens are truncated and counted, or refused with <c>onOverflow: error</c>; an
/// empty text is an error record. One chunk runs on one core: the engine scores a chunk per core at once, so one
/// chunk's tokenizing overlaps another's inference, and the session, tokenizer and rented buffers are shared.
/// </summary>
public sealed class OnnxTextScorer(OnnxSessionPool pool) : IMiniBatchScorer
{
    /// <summary>
    /// Rows per chunk in tabular mode: a few seconds of a small transformer on one core, so that every core gets chunks
    /// of a mini-batch and enough texts share a chunk for length sorting to leave little padding.
    /// </summary>
    public const int ChunkRows = 128;

    /// <summary>
    /// Most padding an inference batch may carry, as a share of its real tokens: a longer text starts the next batch.
    /// Run calls cost little next to the tokens they compute, so short batches of like lengths beat long padded ones.
    /// </summary>
    private const double MaxPadding = 0.2;

    /// <summary>Tokens an inference batch may take whatever its padding, so that no batch is too small to compute well.</summary>
    private const int MinBatchTokens = 256;

    private PooledSession? pooled;
    private TextTokenizer? tokenizer;
    private TextBinding? binding;
    private TextModelSpec text = new();
    private int batchSize = ModelSpec.DefaultInferenceBatchSize;
    private IReadOnlyList<ColumnSchema> schema = [];
    private IReadOnlyList<TextInput> textInputs = [];

    public IReadOnlyList<FeatureInput> FeatureInputs => [];

    public IReadOnlyList<TextInput> TextInputs => textInputs;

    public int? MaxChunkRows => ChunkRows;

    public IReadOnlyList<ColumnSchema> OutputSchema => schema;

    /// <summary>The SHA-256 of the model, known after initialisation.</summary>
    public string ModelHash => Pooled.ModelHash;

    /// <summary>The provider the session runs on ("CPU", "CUDA:0", "CPU (CUDA fallback)").</summary>
    public string Provider => Pooled.Provider;

    private PooledSession Pooled => pooled ?? throw new InvalidOperationException("The scorer is not initialised.");

    public ValueTask InitializeAsync(ScorerContext context, CancellationToken cancellationToken = default)
    {
        var model = context.Spec.Model;
        text = model.Text ?? throw new BatchScoringException("model.text is required by scorer.type onnx-text.");
        var modelPath = context.ModelPath ?? throw new BatchScoringException("model.location is required by the ONNX scorers.");
        var vocabulary = context.VocabularyPath ?? throw new BatchScoringException("model.text.vocabulary is required by scorer.type onnx-text.");
        tokenizer = TextTokenizer.Create(vocabulary, text);
        pooled = pool.Get(modelPath, model);
        binding = TextBinding.Resolve(pooled.Session, text);
        batchSize = model.InferenceBatchSize;
        schema = text.Layout == ValueLayout.List
            ? [new ColumnSchema(text.EmbeddingColumn, ColumnType.FloatList)]
            : Enumerable.Range(0, binding.Hidden).Select(k => new ColumnSchema(string.Create(CultureInfo.InvariantCulture, $"{text.EmbeddingColumn}_{k}"), ColumnType.Float)).ToList();
        textInputs = context.Spec.Input.Mode == InputMode.Tabular ? [new TextInput("model.text.column", text.Column!)] : [];
        return ValueTask.CompletedTask;
    }

    public ValueTask<ScoreResult> ScoreAsync(ScoreRequest request, CancellationToken cancellationToken = default)
    {
        var words = tokenizer ?? throw new InvalidOperationException("The scorer is not initialised.");
        var (texts, errors) = Texts(request);
        var items = texts.Length;
        var tokens = new int[]?[items];
        var truncated = 0;
        for (var i = 0; i < items; i++)
        {
            if (errors[i] is null)
            {
                (tokens[i], errors[i]) = Tokenize(words, texts[i], ref truncated);
            }
        }

        var order = LengthOrder.Of(tokens);
        var results = Allocate(items);
        var start = 0;
        while (start < order.Length)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var count = BatchCount(order, start, tokens);
            Run(order.AsSpan(start, count), tokens, results);
            start += count;
        }

        var columns = schema.Select((c, k) => new DataColumn(c.Name, c.Type, results[k], items)).ToList();
        return ValueTask.FromResult(new ScoreResult(columns, errors) { ItemsTruncated = truncated });
    }

    /// <summary>The texts of the chunk and the errors found reading them (a file that is not UTF-8, say).</summary>
    private (string?[] Texts, ItemError?[] Errors) Texts(ScoreRequest request)
    {
        if (request.Table is { } table)
        {
            if (table.Texts.Count != 1)
            {
                throw new BatchScoringException($"The reader gave {table.Texts.Count} text columns; the text scorer reads one (model.text.column).");
            }

            return ((string?[])table.Texts[0].Values, table.RowErrors);
        }

        var files = request.Files ?? [];
        var texts = new string?[files.Count];
        var errors = new ItemError?[files.Count];
        for (var i = 0; i < files.Count; i++)
        {
            var bytes = files[i].Content.Span;
            if (Utf8Text.TryDecode(bytes, out var decoded, out var bad))
            {
                texts[i] = decoded;
            }
            else
            {
                errors[i] = new ItemError(ErrorKind.Read, $"is not valid UTF-8 text ({Utf8Text.DescribeBadByte(bytes, bad)})");
            }
        }

        return (texts, errors);
    }

    private (int[]? Tokens, ItemError? Error) Tokenize(TextTokenizer words, string? value, ref int truncated)
    {
        if (value is null)
        {
            return (null, new ItemError(ErrorKind.InvalidValue, "the text is null"));
        }

        if (value.Length == 0)
        {
            return (null, new ItemError(ErrorKind.Empty, "the text is empty"));
        }

        var ids = words.Encode(value, out var cut);
        if (ids.Length == 2)
        {
            return (null, new ItemError(ErrorKind.Empty, "the text has no tokens (only spaces, or characters the tokenizer drops)"));
        }

        if (cut && text.OnOverflow == OverflowAction.Error)
        {
            return (null, new ItemError(ErrorKind.TooLong, $"the text has more than model.text.maxSequenceLength ({text.MaxSequenceLength}) tokens, [CLS] and [SEP] included, and onOverflow is error"));
        }

        truncated += cut ? 1 : 0;
        return (ids, null);
    }

    /// <summary>
    /// How many texts from <paramref name="start"/> of the length order share an inference batch: at most
    /// model.inferenceBatchSize, at most model.text.maxBatchTokens tokens once padded to the longest (the last), and no
    /// more padding than <see cref="MaxPadding"/> of its real tokens once it holds <see cref="MinBatchTokens"/>.
    /// </summary>
    private int BatchCount(int[] order, int start, int[]?[] tokens)
    {
        var count = 1;
        long real = tokens[order[start]]!.Length;
        while (start + count < order.Length && count < batchSize)
        {
            var length = tokens[order[start + count]]!.Length;
            var padded = (long)(count + 1) * PaddedLength(length);
            var wasteful = binding!.FixedLength is null && padded > MinBatchTokens && padded > (real + length) * (1 + MaxPadding);
            if (padded > text.MaxBatchTokens || wasteful)
            {
                break;
            }

            real += length;
            count++;
        }

        return count;
    }

    private int PaddedLength(int length) => binding!.FixedLength ?? length;

    /// <summary>Runs one inference batch and writes each text's vector at its own position.</summary>
    private void Run(ReadOnlySpan<int> batch, int[]?[] tokens, Array[] results)
    {
        var bound = binding!;
        var length = PaddedLength(tokens[batch[^1]]!.Length);
        using var inputs = new TokenBatch(bound.Inputs, batch, tokens, length, tokenizer!.PaddingId);
        using var runOptions = new Microsoft.ML.OnnxRuntime.RunOptions();
        using var outputs = Pooled.Session.Run(runOptions, bound.Inputs.Select(i => i.Name).ToArray(), inputs.Values, [bound.Output]);
        var output = outputs[0];
        var data = output.GetTensorDataAsSpan<float>();
        var shape = output.GetTensorTypeAndShape().Shape;
        var hidden = (int)shape[^1];
        if (schema.Count > 1 && hidden != schema.Count)
        {
            throw new BatchScoringException($"model.text.output: output '{bound.Output}' gave {hidden} values per vector, its metadata says {schema.Count}.");
        }

        for (var b = 0; b < batch.Length; b++)
        {
            var item = batch[b];
            var vector = TokenPooling.Pool(data, b, length, hidden, tokens[item]!.Length, bound.PerToken, text.Pooling, text.Normalize);
            if (text.Layout == ValueLayout.List)
            {
                ((float[][])results[0])[item] = vector;
            }
            else
            {
                for (var k = 0; k < vector.Length; k++)
                {
                    ((float[])results[k])[item] = vector[k];
                }
            }
        }
    }

    private Array[] Allocate(int items) => schema.Select(c => DataColumn.CreateArray(c.Type, items)).ToArray();
}
