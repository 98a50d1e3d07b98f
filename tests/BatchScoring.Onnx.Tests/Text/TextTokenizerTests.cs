using BatchScoring.Core;
using BatchScoring.Core.Spec;
using BatchScoring.Onnx.Text;
using BatchScoring.Tests;

namespace BatchScoring.Onnx.Tests.Text;

public sealed class TextTokenizerTests
{
    // The fixture vocabulary: [PAD] 0, [UNK] 1, [CLS] 2, [SEP] 3, the 5, cat 6, sat 7, on 8, mat 9, bird 15, ##s 16, ##ing 17, fly 18, '.' 19, cafe 22.
    [Theory]
    [InlineData("the cat sat.", new[] { 2, 5, 6, 7, 19, 3 })]
    [InlineData("The  CATS\non\tthe mat", new[] { 2, 5, 6, 16, 8, 5, 9, 3 })]
    [InlineData("birds flying", new[] { 2, 15, 16, 18, 17, 3 })]
    [InlineData("Café", new[] { 2, 22, 3 })]
    [InlineData("the xyz", new[] { 2, 5, 1, 3 })]
    [InlineData("   ", new[] { 2, 3 })]
    [InlineData("cat=dog <the>", new[] { 2, 6, 1, 10, 1, 5, 1, 3 })]
    [InlineData("fly_ing", new[] { 2, 18, 1, 1, 3 })]
    public void Encode_Text_WordPieceIdsBetweenClsAndSep(string text, int[] expected)
    {
        // Arrange
        var tokenizer = TextTokenizer.Create(TextScorers.Vocabulary, new TextModelSpec());

        // Act
        var ids = tokenizer.Encode(text, out var truncated);

        // Assert
        Assert.Equal(expected, ids);
        Assert.False(truncated);
    }

    [Fact]
    public void Encode_CasedWithoutAccentStripping_KeepsWhatTheVocabularyLacksUnknown()
    {
        // Arrange
        var tokenizer = TextTokenizer.Create(TextScorers.Vocabulary, new TextModelSpec { LowerCase = false });

        // Act
        var ids = tokenizer.Encode("The Café the", out _);

        // Assert
        Assert.Equal([2, 1, 1, 5, 3], ids);
    }

    [Fact]
    public void Encode_MoreTokensThanMaxLength_KeepsTheFirstAndSaysSo()
    {
        // Arrange
        var tokenizer = TextTokenizer.Create(TextScorers.Vocabulary, new TextModelSpec { MaxSequenceLength = 5 });

        // Act
        var ids = tokenizer.Encode("the cat sat on the mat", out var truncated);

        // Assert
        Assert.Equal([2, 5, 6, 7, 3], ids);
        Assert.True(truncated);
    }

    [Fact]
    public void Encode_HugeText_TokenizesAPrefixWithTheSameFirstTokens()
    {
        // Arrange
        var tokenizer = TextTokenizer.Create(TextScorers.Vocabulary, new TextModelSpec { MaxSequenceLength = 6 });
        var huge = string.Concat(Enumerable.Repeat("birds sat on the mat. ", 100_000));

        // Act
        var ids = tokenizer.Encode(huge, out var truncated);

        // Assert
        Assert.Equal([2, 15, 16, 7, 8, 3], ids);
        Assert.True(truncated);
    }

    [Fact]
    public void Encode_LongTextOfFewTokens_TokenizedWholeNotCut()
    {
        // Arrange: more characters than the prefix reads, but mostly spaces: all its tokens fit.
        var tokenizer = TextTokenizer.Create(TextScorers.Vocabulary, new TextModelSpec { MaxSequenceLength = 6 });
        var sparse = "the" + new string(' ', 1000) + "cat" + new string(' ', 1000) + "sat";

        // Act
        var ids = tokenizer.Encode(sparse, out var truncated);

        // Assert
        Assert.Equal([2, 5, 6, 7, 3], ids);
        Assert.False(truncated);
    }

    [Fact]
    public void Create_NotAVocabulary_ThrowsNamingTheSetting()
    {
        // Arrange
        using var temp = new TempFolder();
        var path = temp.Write("vocab.txt", "hello\nworld\n");

        // Act
        var e = Assert.Throws<BatchScoringException>(() => TextTokenizer.Create(path, new TextModelSpec()));

        // Assert
        Assert.StartsWith($"model.text.vocabulary: '{path}' is not a WordPiece vocabulary with [CLS], [SEP], [PAD] and [UNK]", e.Message);
    }
}
