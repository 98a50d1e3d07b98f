using BatchScoring.Onnx.Text;

namespace BatchScoring.Onnx.Tests.Text;

public sealed class LengthOrderTests
{
    [Fact]
    public void Of_ShuffledLengths_ShortestFirstTiesInInputOrderFailedLeftOut()
    {
        // Arrange: token counts 5, -, 2, 5, 3, -, 2 (null: an item that failed before tokenizing).
        int[]?[] tokens = [new int[5], null, new int[2], new int[5], new int[3], null, new int[2]];

        // Act
        var order = LengthOrder.Of(tokens);

        // Assert
        Assert.Equal([2, 6, 4, 0, 3], order);
    }
}
