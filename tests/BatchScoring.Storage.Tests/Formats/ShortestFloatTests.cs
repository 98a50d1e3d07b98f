using System.Globalization;
using System.Text;
using BatchScoring.Storage.Formats;

namespace BatchScoring.Storage.Tests.Formats;

/// <summary>The fast float formatter writes every float byte for byte as .NET's default formatting does.</summary>
public sealed class ShortestFloatTests
{
    [Theory]
    [InlineData(0f)]
    [InlineData(1f)]
    [InlineData(-1f)]
    [InlineData(0.1f)]
    [InlineData(0.12408889f)]
    [InlineData(100f)]
    [InlineData(123456789f)]
    [InlineData(987654300f)]
    [InlineData(1e9f)]
    [InlineData(1e10f)]
    [InlineData(0.0001f)]
    [InlineData(0.00001f)]
    [InlineData(0.000099999f)]
    [InlineData(float.Epsilon)]
    [InlineData(float.MaxValue)]
    [InlineData(float.MinValue)]
    [InlineData(1.17549435E-38f)]
    [InlineData(float.NaN)]
    [InlineData(float.PositiveInfinity)]
    [InlineData(float.NegativeInfinity)]
    [InlineData(16777216f)]
    [InlineData(16777218f)]
    [InlineData(2.5f)]
    [InlineData(0.3f)]
    [InlineData(1.0000001f)]
    [InlineData(0.99999994f)]
    public void Format_EdgeValues_AsDotNetWritesThem(float value) => AssertSame(value);

    [Fact]
    public void Format_NegativeZero_MinusZeroAsDotNetWritesIt() => AssertSame(-0f);

    [Fact]
    public void Format_EveryFloatOfSomeBinades_AsDotNetWritesThem()
    {
        // Every float in [0.5, 1), [1024, 2048) and a run of subnormals and of the largest ones: every bit pattern of
        // the mantissa, so every rounding case of those exponents
        foreach (var first in new[] { 0.5f, 1024f, float.Epsilon, 1.5e38f })
        {
            var start = BitConverter.SingleToUInt32Bits(first);
            for (var bits = start; bits < start + (1u << 21); bits++)
            {
                AssertSame(BitConverter.UInt32BitsToSingle(bits));
            }
        }
    }

    [Fact]
    public void Format_RandomBitPatternsAndProbabilities_AsDotNetWritesThem()
    {
        var random = new Random(20261127);
        for (var i = 0; i < 2_000_000; i++)
        {
            AssertSame(BitConverter.UInt32BitsToSingle((uint)random.NextInt64(0, 1L << 32)));
            AssertSame(random.NextSingle());
            AssertSame((float)Math.Exp(-random.NextDouble() * 30));
        }
    }

    private static void AssertSame(float value)
    {
        Span<byte> ours = stackalloc byte[32];
        var written = ShortestFloat.Format(value, ours);
        var expected = value.ToString(CultureInfo.InvariantCulture);
        var actual = Encoding.ASCII.GetString(ours[..written]);
        if (actual != expected)
        {
            Assert.Fail($"{BitConverter.SingleToUInt32Bits(value):X8}: .NET writes {expected}, ShortestFloat {actual}");
        }
    }
}
