using BatchScoring.Onnx.Text;

namespace BatchScoring.Onnx.Tests.Text;

/// <summary>The cut of sorted texts into inference batches is the cheapest one within the limits.</summary>
public sealed class TextBatchesTests
{
    [Fact]
    public void Cut_EqualLengths_AsFewBatchesAsTheLimitsAllow()
    {
        // Act: 100 texts of 10 tokens, at most 32 texts or 200 tokens a call
        var ends = TextBatches.Cut(Enumerable.Repeat(10, 100).ToArray(), maxTexts: 32, maxTokens: 200);

        // Assert: 20 a call (the token bound), 5 calls
        Assert.Equal([20, 40, 60, 80, 100], ends);
    }

    [Fact]
    public void Cut_ShortAndLongTexts_NoBatchPadsTheShortToTheLong()
    {
        // Act: 8 texts of 5 tokens, then 2 of 100
        var ends = TextBatches.Cut([5, 5, 5, 5, 5, 5, 5, 5, 100, 100], maxTexts: 64, maxTokens: 2048);

        // Assert
        Assert.Equal([8, 10], ends);
    }

    [Fact]
    public void Cut_TextLongerThanMaxTokens_GoesAlone()
    {
        // Act
        var ends = TextBatches.Cut([3, 3, 300, 300], maxTexts: 64, maxTokens: 256);

        // Assert
        Assert.Equal([2, 3, 4], ends);
    }

    [Fact]
    public void Cut_EmptyInput_NoBatches() => Assert.Empty(TextBatches.Cut([], 8, 64));

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    public void Cut_RandomLengths_WithinTheLimitsAndNoCheaperCutExists(int seed)
    {
        // Arrange: 11 sorted lengths; every one of the 2^10 cuts is tried
        var random = new Random(seed);
        var lengths = Enumerable.Range(0, 11).Select(_ => random.Next(3, 60)).Order().ToArray();
        const int maxTexts = 4;
        const int maxTokens = 128;

        // Act
        var ends = TextBatches.Cut(lengths, maxTexts, maxTokens);

        // Assert
        Assert.NotNull(Cost(lengths, ends, maxTexts, maxTokens));
        var cheapest = Enumerable.Range(0, 1 << 10)
            .Select(mask => Enumerable.Range(1, 10).Where(k => (mask & (1 << (k - 1))) != 0).Append(11).ToArray())
            .Select(cut => Cost(lengths, cut, maxTexts, maxTokens))
            .Where(c => c is not null)
            .Min();
        Assert.Equal(cheapest, Cost(lengths, ends, maxTexts, maxTokens));
    }

    /// <summary>Padded tokens plus the call cost of each batch, or null when a batch breaks a limit.</summary>
    private static long? Cost(int[] lengths, int[] ends, int maxTexts, int maxTokens)
    {
        long total = 0;
        var start = 0;
        foreach (var end in ends)
        {
            var padded = (long)(end - start) * lengths[end - 1];
            if (end - start > maxTexts || (padded > maxTokens && end - start > 1))
            {
                return null;
            }

            total += padded + TextBatches.CallCost;
            start = end;
        }

        return start == lengths.Length ? total : null;
    }
}
