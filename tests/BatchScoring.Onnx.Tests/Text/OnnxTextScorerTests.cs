using System.Text;
using BatchScoring.Core;
using BatchScoring.Core.Data;
using BatchScoring.Core.Scoring;
using BatchScoring.Core.Spec;

namespace BatchScoring.Onnx.Tests.Text;

public sealed class OnnxTextScorerTests
{
    // Token ids in the fixture vocabulary: [CLS] 2, [SEP] 3, the 5, cat 6, sat 7, on 8, mat 9, dog 10, ran 11, a 12, fast 13, '.' 19.
    [Fact]
    public async Task Score_Text_MeanOfTokenVectorsUnitLength()
    {
        // Arrange
        using var pool = new OnnxSessionPool();
        var scorer = await TextScorers.InitialiseAsync(pool, TextScorers.Spec());
        using var table = await TextScorers.TableAsync(scorer, TextScorers.Jsonl("The cat sat."));

        // Act
        var result = await scorer.ScoreAsync(ScoreRequest.ForTable(0, table));

        // Assert
        Assert.Equal([new ColumnSchema("embedding", ColumnType.FloatList)], scorer.OutputSchema);
        var vector = ((float[][])result.Columns.Single().Values)[0];
        Assert.Equal(TextScorers.Expected(2, 5, 6, 7, 19, 3), vector, (a, b) => Math.Abs(a - b) < 1e-6);
        Assert.Equal(1.0, Math.Sqrt(vector.Sum(v => (double)v * v)), 1e-6);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(4)]
    public async Task Score_ShuffledLengthsInSmallBatches_VectorsInInputOrder(int cores)
    {
        // Arrange: lengths 1..8 words in shuffled order; batches of at most 3 texts and 24 tokens, so several calls of
        // several lengths, each padded to its longest.
        string[] words = ["the", "cat", "sat", "on", "a", "mat", "dog", "ran"];
        int[] ids = [5, 6, 7, 8, 12, 9, 10, 11];
        int[] lengths = [5, 1, 8, 3, 7, 2, 6, 4, 5, 1];
        var texts = lengths.Select(n => string.Join(' ', words.Take(n))).ToArray();
        using var pool = new OnnxSessionPool();
        var scorer = await TextScorers.InitialiseAsync(pool, TextScorers.Spec() with { MaxBatchTokens = 24 }, inferenceBatchSize: 3);
        using var table = await TextScorers.TableAsync(scorer, TextScorers.Jsonl(texts));

        // Act: the batches on one core, or spread over several at once
        var result = await scorer.ScoreAsync(ScoreRequest.ForTable(0, table) with { Cores = new TextScorers.ManyCores(cores) });

        // Assert
        var vectors = (float[][])result.Columns.Single().Values;
        for (var i = 0; i < lengths.Length; i++)
        {
            var expected = TextScorers.Expected([2, .. ids.Take(lengths[i]), 3]);
            Assert.Equal(expected, vectors[i], (a, b) => Math.Abs(a - b) < 1e-6);
        }

        Assert.All(result.Errors, Assert.Null);
    }

    [Fact]
    public async Task Score_ShuffledChunk_SameVectorsAsEachTextAlone()
    {
        // Arrange
        string[] texts = ["a fast dog ran on the mat.", "cat", "the cat sat on a mat", "dog ran", "the dog sat. the cat ran. a dog sat on the mat."];
        using var pool = new OnnxSessionPool();
        var scorer = await TextScorers.InitialiseAsync(pool, TextScorers.Spec() with { MaxBatchTokens = 16 });
        using var table = await TextScorers.TableAsync(scorer, TextScorers.Jsonl(texts));
        var alone = new List<float[]>();
        foreach (var text in texts)
        {
            using var one = await TextScorers.TableAsync(scorer, TextScorers.Jsonl(text));
            alone.Add(((float[][])(await scorer.ScoreAsync(ScoreRequest.ForTable(0, one))).Columns[0].Values)[0]);
        }

        // Act
        var result = await scorer.ScoreAsync(ScoreRequest.ForTable(0, table));

        // Assert
        Assert.Equal(alone, (float[][])result.Columns[0].Values);
    }

    [Fact]
    public async Task Score_BadInputs_ErrorRecordsNamingTheCaseOthersScored()
    {
        // Arrange: fine, empty, only spaces, null, not UTF-8, a number, missing, fine.
        var jsonl = new List<byte[]>
        {
            TextScorers.Jsonl("the cat"),
            TextScorers.Jsonl(""),
            TextScorers.Jsonl(" \n\t "),
            "{\"text\":null}\n"u8.ToArray(),
            "{\"text\":\"the "u8.ToArray().Concat(new byte[] { 0xE9 }).Concat("\"}\n"u8.ToArray()).ToArray(),
            "{\"text\":7}\n"u8.ToArray(),
            "{\"other\":\"x\"}\n"u8.ToArray(),
            TextScorers.Jsonl("a dog"),
        };
        using var pool = new OnnxSessionPool();
        var scorer = await TextScorers.InitialiseAsync(pool, TextScorers.Spec());
        using var table = await TextScorers.TableAsync(scorer, jsonl.SelectMany(b => b).ToArray());

        // Act
        var result = await scorer.ScoreAsync(ScoreRequest.ForTable(0, table));

        // Assert
        Assert.Equal(
            [
                null,
                new ItemError(ErrorKind.Empty, "the text is empty"),
                new ItemError(ErrorKind.Empty, "the text has no tokens (only spaces, or characters the tokenizer drops)"),
                new ItemError(ErrorKind.InvalidValue, "column 'text' is null; the model needs a text"),
                new ItemError(ErrorKind.Read, "column 'text' is not valid UTF-8 text (byte 0xE9 at byte 5 of the value)"),
                new ItemError(ErrorKind.InvalidValue, "column 'text' is a JSON number, not a text"),
                new ItemError(ErrorKind.InvalidValue, "has no 'text'; the model needs a text"),
                null,
            ],
            result.Errors.AsEnumerable());
        var vectors = (float[][])result.Columns[0].Values;
        Assert.Equal(TextScorers.Expected(2, 5, 6, 3), vectors[0], (a, b) => Math.Abs(a - b) < 1e-6);
        Assert.Equal(TextScorers.Expected(2, 12, 10, 3), vectors[7], (a, b) => Math.Abs(a - b) < 1e-6);
        Assert.Equal(0, result.ItemsTruncated);
    }

    [Fact]
    public async Task Score_OverLongTextByDefault_TruncatedScoredAndCounted()
    {
        // Arrange
        using var pool = new OnnxSessionPool();
        var scorer = await TextScorers.InitialiseAsync(pool, TextScorers.Spec() with { MaxSequenceLength = 4 });
        using var table = await TextScorers.TableAsync(scorer, TextScorers.Jsonl("the cat sat on the mat", "the cat"));

        // Act
        var result = await scorer.ScoreAsync(ScoreRequest.ForTable(0, table));

        // Assert
        Assert.All(result.Errors, Assert.Null);
        Assert.Equal(1, result.ItemsTruncated);
        var vectors = (float[][])result.Columns[0].Values;
        Assert.Equal(TextScorers.Expected(2, 5, 6, 3), vectors[0], (a, b) => Math.Abs(a - b) < 1e-6);
        Assert.Equal(vectors[1], vectors[0]);
    }

    [Fact]
    public async Task Score_ManyTextsTokenizedOnSeveralCores_EveryTruncationCountedEveryVectorInPlace()
    {
        // Arrange: 300 texts (several tokenizing blocks), every third over-long, with an empty one among them
        using var pool = new OnnxSessionPool();
        var scorer = await TextScorers.InitialiseAsync(pool, TextScorers.Spec() with { MaxSequenceLength = 4, MaxBatchTokens = 64 });
        var texts = Enumerable.Range(0, 300).Select(i => i == 150 ? "" : i % 3 == 0 ? "the cat sat on the mat" : i % 3 == 1 ? "dog" : "the cat").ToArray();
        using var table = await TextScorers.TableAsync(scorer, TextScorers.Jsonl(texts));

        // Act
        var result = await scorer.ScoreAsync(ScoreRequest.ForTable(0, table) with { Cores = new TextScorers.ManyCores(4) });

        // Assert
        Assert.Equal(99, result.ItemsTruncated); // i % 3 == 0, less the empty 150th
        Assert.Equal([150], result.Errors.Select((e, i) => (e, i)).Where(x => x.e is not null).Select(x => x.i));
        var vectors = (float[][])result.Columns[0].Values;
        float[][] expected = [TextScorers.Expected(2, 5, 6, 3), TextScorers.Expected(2, 10, 3), TextScorers.Expected(2, 5, 6, 3)];
        for (var i = 0; i < texts.Length; i++)
        {
            if (i != 150)
            {
                Assert.Equal(expected[i % 3], vectors[i], (a, b) => Math.Abs(a - b) < 1e-6);
            }
        }
    }

    [Fact]
    public async Task Score_OverLongTextWithOnOverflowError_ErrorRecordOthersScored()
    {
        // Arrange
        using var pool = new OnnxSessionPool();
        var scorer = await TextScorers.InitialiseAsync(pool, TextScorers.Spec() with { MaxSequenceLength = 4, OnOverflow = OverflowAction.Error });
        using var table = await TextScorers.TableAsync(scorer, TextScorers.Jsonl("the cat sat on the mat", "the cat"));

        // Act
        var result = await scorer.ScoreAsync(ScoreRequest.ForTable(0, table));

        // Assert
        Assert.Equal(new ItemError(ErrorKind.TooLong, "the text has more than model.text.maxSequenceLength (4) tokens, [CLS] and [SEP] included, and onOverflow is error"), result.Errors[0]);
        Assert.Null(result.Errors[1]);
        Assert.Equal(0, result.ItemsTruncated);
    }

    [Fact]
    public async Task Score_FileMode_EachFileATextWithNonUtf8AsErrorRecord()
    {
        // Arrange
        using var pool = new OnnxSessionPool();
        var scorer = await TextScorers.InitialiseAsync(pool, TextScorers.Spec(column: null), mode: InputMode.File);
        FileItem[] files =
        [
            new("a.txt", Encoding.UTF8.GetPreamble().Concat("the cat\nsat."u8.ToArray()).ToArray()),
            new("b.txt", new byte[] { 0x74, 0x68, 0x65, 0xFF }),
            new("c.txt", Array.Empty<byte>()),
        ];

        // Act
        var result = await scorer.ScoreAsync(ScoreRequest.ForFiles(0, files));

        // Assert
        Assert.Empty(scorer.TextInputs);
        Assert.Equal(TextScorers.Expected(2, 5, 6, 7, 19, 3), ((float[][])result.Columns[0].Values)[0], (a, b) => Math.Abs(a - b) < 1e-6);
        Assert.Equal(new ItemError(ErrorKind.Read, "is not valid UTF-8 text (byte 0xFF at byte 4)"), result.Errors[1]);
        Assert.Equal(new ItemError(ErrorKind.Empty, "the text is empty"), result.Errors[2]);
    }

    [Fact]
    public async Task Score_Int32ModelWithoutTokenTypesInColumns_OneFloatColumnPerDimension()
    {
        // Arrange
        using var pool = new OnnxSessionPool();
        var scorer = await TextScorers.InitialiseAsync(pool, TextScorers.Spec() with { Layout = ValueLayout.Columns, EmbeddingColumn = "e", ElementType = TokenElementType.Int32 }, "text-embed-int32.onnx");
        using var table = await TextScorers.TableAsync(scorer, TextScorers.Jsonl("the cat"));

        // Act
        var result = await scorer.ScoreAsync(ScoreRequest.ForTable(0, table));

        // Assert
        Assert.Equal(["e_0", "e_1", "e_2", "e_3"], scorer.OutputSchema.Select(c => c.Name));
        Assert.All(scorer.OutputSchema, c => Assert.Equal(ColumnType.Float, c.Type));
        Assert.Equal(TextScorers.Expected(2, 5, 6, 3), result.Columns.Select(c => ((float[])c.Values)[0]), (a, b) => Math.Abs(a - b) < 1e-6);
    }

    [Fact]
    public async Task Score_ClsPoolingWithoutNormalising_FirstTokenVector()
    {
        // Arrange
        using var pool = new OnnxSessionPool();
        var scorer = await TextScorers.InitialiseAsync(pool, TextScorers.Spec() with { Pooling = PoolingKind.Cls, Normalize = false });
        using var table = await TextScorers.TableAsync(scorer, TextScorers.Jsonl("the cat", "a dog ran"));

        // Act
        var result = await scorer.ScoreAsync(ScoreRequest.ForTable(0, table));

        // Assert
        var cls = new[] { 2f, 1f, 2f, 1f / 3 };
        Assert.All((float[][])result.Columns[0].Values, v => Assert.Equal(cls, v, (a, b) => Math.Abs(a - b) < 1e-6));
    }

    [Fact]
    public async Task Score_NoPoolingOnTokenOutput_EachTextsOwnTokenVectors()
    {
        // Arrange
        using var pool = new OnnxSessionPool();
        var scorer = await TextScorers.InitialiseAsync(pool, TextScorers.Spec() with { Pooling = PoolingKind.None, Normalize = false });
        using var table = await TextScorers.TableAsync(scorer, TextScorers.Jsonl("cat", "the cat sat"));

        // Act
        var result = await scorer.ScoreAsync(ScoreRequest.ForTable(0, table));

        // Assert: [CLS] cat [SEP] is 3 x 4 values, not padded to the other text's 5 tokens.
        var vectors = (float[][])result.Columns[0].Values;
        Assert.Equal([2f, 1f, 2f, 1f / 3, 6f, 1f, 6f, 1f / 7, 3f, 1f, 3f, 1f / 4], vectors[0], (a, b) => Math.Abs(a - b) < 1e-6);
        Assert.Equal(20, vectors[1].Length);
    }

    [Fact]
    public async Task Score_NoPoolingOnTextOutput_TheOutputAsItIs()
    {
        // Arrange
        using var pool = new OnnxSessionPool();
        var scorer = await TextScorers.InitialiseAsync(pool, TextScorers.Spec() with { Pooling = PoolingKind.None, Normalize = false, Output = "summed" });
        using var table = await TextScorers.TableAsync(scorer, TextScorers.Jsonl("cat", "the cat sat"));

        // Act
        var result = await scorer.ScoreAsync(ScoreRequest.ForTable(0, table));

        // Assert: the sum over the tokens of each text; padding adds nothing.
        Assert.Equal([11f, 3f, 11f, (1f / 3) + (1f / 7) + (1f / 4)], ((float[][])result.Columns[0].Values)[0], (a, b) => Math.Abs(a - b) < 1e-5);
    }

    [Theory]
    [InlineData("{\"inputIds\":\"ids\"}", "model.text.inputIds: the model has no input 'ids' (its inputs: input_ids, attention_mask, token_type_ids).")]
    [InlineData("{\"elementType\":\"int32\"}", "model.text.elementType: is int32, but the model's input 'input_ids' takes int64.")]
    [InlineData("{\"output\":\"pooled\"}", "model.text.output: the model has no output 'pooled' (its outputs: last_hidden_state, summed).")]
    [InlineData("{\"output\":\"summed\"}", "model.text.pooling: output 'summed' has shape [N,4], one vector per text already; use pooling none.")]
    [InlineData("{\"pooling\":\"none\",\"layout\":\"columns\"}", "model.text.layout: output 'last_hidden_state' gives a vector whose size is known only at run time (shape [N,N,4], pooling none); use layout list.")]
    public async Task Initialise_SpecDisagreesWithModel_ThrowsNamingTheSetting(string patch, string expected)
    {
        // Arrange
        var spec = System.Text.Json.JsonSerializer.Deserialize<TextModelSpec>(patch, RunSpecSerializer.Options)! with { Column = "text", Vocabulary = "vocab.txt" };
        using var pool = new OnnxSessionPool();

        // Act
        var e = await Assert.ThrowsAsync<BatchScoringException>(() => TextScorers.InitialiseAsync(pool, spec));

        // Assert
        Assert.Equal(expected, e.Message);
    }

    [Fact]
    public async Task Initialise_ModelInputNotNamed_ThrowsNamingIt()
    {
        // Arrange
        using var pool = new OnnxSessionPool();

        // Act: the int32 fixture has no token_type_ids, so naming one that is not there fails, and the int64 one's is fed by default.
        var e = await Assert.ThrowsAsync<BatchScoringException>(() => TextScorers.InitialiseAsync(pool, TextScorers.Spec() with { TokenTypeIds = "token_type_ids" }, "text-embed-int32.onnx"));

        // Assert
        Assert.Equal("model.text.tokenTypeIds: the model has no input 'token_type_ids' (its inputs: input_ids, attention_mask).", e.Message);
    }
}
