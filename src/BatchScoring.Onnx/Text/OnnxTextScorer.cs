using System.Globalization;
using BatchScoring.Core;
using BatchScoring.Core.Data;
using BatchScoring.Core.Scoring;
using BatchScoring.Core.Spec;

namespace BatchScoring.Onnx.Text;

/// <summary>
/// The built-in text scorer (<c>scorer.type: onnx-text</c>): a text per item (a column in tabular mode, a UTF-8 file in
/// file mode) is tokenized (WordPiece), the chunk's texts are sorted by token count and run through the model in
/// inference batches padded to their longest text, cut where they pad least (<see cref="TextBatches"/>: at most
/// <c>model.inferenceBatchSize</c> texts and <c>model.text.maxBatchTokens</c> tokens each), and each text's token vectors are pooled (mean under the attention
/// mask, or [CLS]) and L2-normalised into one vector, written at the text's own position. Texts longer than
/// <c>model.text.maxSequenceLength</c> tokens are truncated and counted, or refused with <c>onOverflow: error</c>; an
/// empty text is an error record. A chunk is thousands of texts, so that the length sort leaves little padding; its
/// tokenizing (in blocks) and its inference batches (longest first) spread over every core the engine can lend it
/// (<see cref="IChunkCores"/>), and the next chunk is read and tokenized while the last batches of one run. The
/// session, tokenizer and rented buffers are shared by all.
/// </summary>
public sealed class OnnxTextScorer(OnnxSessionPool pool) : IMiniBatchScorer
{
    /// <summary>
    /// Rows per chunk in tabular mode: the scope of the length sort, so a default mini-batch
    /// (<see cref="MiniBatchSpec.DefaultTextRows"/>) is one chunk, and a larger one set by the spec sorts up to 4,096
    /// texts together (over the benchmark's passages: 0.4% padding, against 0.9% over 1,024). Its output
    /// is 6 MB (4,096 x 384 floats).
    /// </summary>
    public const int ChunkRows = 4096;

    /// <summary>Texts tokenized as one part of a chunk's work (a few milliseconds on one core).</summary>
    private const int TokenizeBlock = 64;

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

    /// <summary>The model's identity (the SHA-256 of its content), known after initialisation.</summary>
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
        pooled = pool.Get(modelPath, model, context.ModelHash);
        binding = TextBinding.Resolve(pooled.Session, text);
        batchSize = model.InferenceBatchSize;
        schema = text.Layout == ValueLayout.List
            ? [new ColumnSchema(text.EmbeddingColumn, ColumnType.FloatList)]
            : Enumerable.Range(0, binding.Hidden).Select(k => new ColumnSchema(string.Create(CultureInfo.InvariantCulture, $"{text.EmbeddingColumn}_{k}"), ColumnType.Float)).ToList();
        textInputs = context.Spec.Input.Mode == InputMode.Tabular ? [new TextInput("model.text.column", text.Column!)] : [];
        return ValueTask.CompletedTask;
    }

    public async ValueTask<ScoreResult> ScoreAsync(ScoreRequest request, CancellationToken cancellationToken = default)
    {
        var words = tokenizer ?? throw new InvalidOperationException("The scorer is not initialised.");
        var (texts, errors) = Texts(request);
        var items = texts.Length;
        var tokens = new int[]?[items];
        var truncated = 0;
        await request.Cores.ForEachAsync((items + TokenizeBlock - 1) / TokenizeBlock, block =>
        {
            var cut = 0;
            for (var i = block * TokenizeBlock; i < Math.Min(items, (block + 1) * TokenizeBlock); i++)
            {
                if (errors[i] is null)
                {
                    (tokens[i], errors[i]) = Tokenize(words, texts[i], ref cut);
                }
            }

            Interlocked.Add(ref truncated, cut);
        }, cancellationToken);

        var order = LengthOrder.Of(tokens);
        var lengths = order.Select(i => PaddedLength(tokens[i]!.Length)).ToArray();
        var ends = TextBatches.Cut(lengths, batchSize, text.MaxBatchTokens);

        // Longest first: the cores take the next batch as they finish one, so the batches left for the end are short.
        var results = Allocate(items);
        await request.Cores.ForEachAsync(ends.Length, b =>
        {
            var last = ends.Length - 1 - b;
            var start = last == 0 ? 0 : ends[last - 1];
            Run(order.AsSpan(start, ends[last] - start), tokens, results);
        }, cancellationToken);

        var columns = schema.Select((c, k) => new DataColumn(c.Name, c.Type, results[k], items)).ToList();
        return new ScoreResult(columns, errors) { ItemsTruncated = truncated };
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

    private int PaddedLength(int length) => binding!.FixedLength ?? length;

    /// <summary>Runs one inference batch and writes each text's vector at its own position.</summary>
    private void Run(ReadOnlySpan<int> batch, int[]?[] tokens, Array[] results)
    {
        var bound = binding!;
        var length = PaddedLength(tokens[batch[^1]]!.Length);
        using var inputs = new TokenBatch(bound.Inputs, batch, tokens, length, tokenizer!.PaddingId);
        using var runOptions = new Microsoft.ML.OnnxRuntime.RunOptions();
        using var outputs = Pooled.Run(runOptions, bound.Inputs.Select(i => i.Name).ToArray(), inputs.Values, [bound.Output]);
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
