using BatchScoring.Core.Spec;
using BatchScoring.Onnx.Text;

namespace BatchScoring.Onnx.Tests.Text;

public sealed class TokenPoolingTests
{
    // Two texts of a batch padded to 3 tokens, hidden size 2: text 1 has 2 real tokens, its third row is padding.
    private static readonly float[] Output = [1, 1, 3, 5, 9, 9, /* text 1 */ 2, 0, 4, 4, 100, 100];

    [Theory]
    [InlineData(PoolingKind.Mean, new[] { 3f, 2f })]
    [InlineData(PoolingKind.Cls, new[] { 2f, 0f })]
    [InlineData(PoolingKind.None, new[] { 2f, 0f, 4f, 4f })]
    public void Pool_PaddedText_OnlyItsOwnTokensCount(PoolingKind pooling, float[] expected)
    {
        // Act
        var vector = TokenPooling.Pool(Output, item: 1, tokens: 3, hidden: 2, length: 2, perToken: true, pooling, normalize: false);

        // Assert
        Assert.Equal(expected, vector);
    }

    [Fact]
    public void Pool_Normalised_UnitLengthSameDirection()
    {
        // Act
        var vector = TokenPooling.Pool(Output, item: 1, tokens: 3, hidden: 2, length: 2, perToken: true, PoolingKind.Mean, normalize: true);

        // Assert
        Assert.Equal([3f / MathF.Sqrt(13), 2f / MathF.Sqrt(13)], vector, (a, b) => Math.Abs(a - b) < 1e-6);
    }

    [Fact]
    public void Normalize_ZeroVector_StaysZero()
    {
        // Arrange
        var vector = new float[3];

        // Act
        TokenPooling.Normalize(vector);

        // Assert
        Assert.Equal([0f, 0f, 0f], vector);
    }
}
