using BatchScoring.Storage.Formats.ParquetFiles;

namespace BatchScoring.Storage.Tests.Formats.ParquetFiles;

public sealed class FloatTransposeTests
{
    [Fact]
    public void Store_RandomShapes_SameAsValueByValueAndNothingElseWritten()
    {
        Assert.True(FloatTranspose.IsAccelerated, "this machine has AVX; without it the vector path is not tested here");
        var random = new Random(3);
        for (var trial = 0; trial < 300; trial++)
        {
            // Arrange: rows from 0 to 40 (whole eights and a tail), read from any row, written at any row and position.
            var rows = random.Next(41);
            var from = random.Next(20);
            var to = random.Next(5);
            var width = 8 + random.Next(20);
            var position = random.Next(width - 7);
            var columns = Enumerable.Range(0, 8).Select(_ => Enumerable.Range(0, from + rows).Select(_ => (float)random.NextDouble()).ToArray()).ToArray();
            var bad = rows > 0 && random.Next(3) == 0;
            if (bad)
            {
                columns[random.Next(8)][from + random.Next(rows)] = random.Next(3) switch { 0 => float.NaN, 1 => float.PositiveInfinity, _ => float.NegativeInfinity };
            }

            var destination = Enumerable.Repeat(-1f, (to + rows + 1) * width).ToArray();
            var expected = (float[])destination.Clone();
            for (var r = 0; r < rows; r++)
            {
                for (var c = 0; c < 8; c++)
                {
                    expected[((to + r) * width) + position + c] = columns[c][from + r];
                }
            }

            // Act
            var finite = FloatTranspose.Store(columns, from, rows, destination, width, to, position);

            // Assert
            Assert.Equal(!bad, finite);
            Assert.Equal(expected, destination);
        }
    }
}
