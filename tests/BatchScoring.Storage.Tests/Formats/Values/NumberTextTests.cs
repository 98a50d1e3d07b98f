using System.Runtime.CompilerServices;
using System.Text;
using BatchScoring.Core.Data;
using BatchScoring.Storage.Formats.Values;

namespace BatchScoring.Storage.Tests.Formats.Values;

/// <summary>Every conversion of a cell's text into a model input's element type, and every refusal.</summary>
public sealed class NumberTextTests
{
    [Theory]
    [InlineData("0", 0)]
    [InlineData("255", 255)]
    [InlineData("+7", 7)]
    [InlineData(" 7 ", 7)]
    [InlineData("\t12", 12)]
    [InlineData("7.0", 7)]
    [InlineData("1e2", 100)]
    [InlineData("2.5E1", 25)]
    [InlineData("000255", 255)]
    public void Parse_UInt8_WholeNumbersInRange(string text, byte expected)
    {
        Assert.Equal((ValueStatus.Ok, expected), Parse<byte>(text, FeatureElementType.UInt8));
    }

    [Theory]
    [InlineData("256", ValueStatus.OutOfRange)]
    [InlineData("-1", ValueStatus.OutOfRange)]
    [InlineData("2.56e2", ValueStatus.OutOfRange)]
    [InlineData("1e309", ValueStatus.OutOfRange)]
    [InlineData("inf", ValueStatus.OutOfRange)]
    [InlineData("-Infinity", ValueStatus.OutOfRange)]
    [InlineData("7.5", ValueStatus.NotWhole)]
    [InlineData("1e-1", ValueStatus.NotWhole)]
    [InlineData("NaN", ValueStatus.NotWhole)]
    [InlineData("", ValueStatus.Empty)]
    [InlineData("   ", ValueStatus.Empty)]
    [InlineData("abc", ValueStatus.NotANumber)]
    [InlineData("0x10", ValueStatus.NotANumber)]
    [InlineData("1 2", ValueStatus.NotANumber)]
    [InlineData("1,5", ValueStatus.NotANumber)]
    [InlineData("--1", ValueStatus.NotANumber)]
    public void Parse_UInt8_RefusedWithTheReason(string text, ValueStatus expected)
    {
        Assert.Equal(expected, Parse<byte>(text, FeatureElementType.UInt8).Status);
    }

    [Theory]
    [InlineData(FeatureElementType.Int8, "-128", "127", "-129", "128")]
    [InlineData(FeatureElementType.Int16, "-32768", "32767", "-32769", "32768")]
    [InlineData(FeatureElementType.UInt16, "0", "65535", "-1", "65536")]
    [InlineData(FeatureElementType.Int32, "-2147483648", "2147483647", "-2147483649", "2147483648")]
    [InlineData(FeatureElementType.Int64, "-9223372036854775808", "9223372036854775807", "-9223372036854775809", "9223372036854775808")]
    public void Parse_IntegerTypes_BoundsInAndOneBeyondOut(FeatureElementType type, string min, string max, string belowMin, string aboveMax)
    {
        var (minValue, maxValue) = type.IntegerRange();
        Assert.Equal((ValueStatus.Ok, minValue), ParseAsLong(min, type));
        Assert.Equal((ValueStatus.Ok, maxValue), ParseAsLong(max, type));
        Assert.Equal(ValueStatus.OutOfRange, ParseAsLong(belowMin, type).Status);
        Assert.Equal(ValueStatus.OutOfRange, ParseAsLong(aboveMax, type).Status);
    }

    [Theory]
    [InlineData("1.5", 1.5f)]
    [InlineData("-2", -2f)]
    [InlineData("3.4028235e38", float.MaxValue)]
    [InlineData("1e-50", 0f)]
    [InlineData(" 0.1 ", 0.1f)]
    public void Parse_Float_Numbers(string text, float expected)
    {
        Assert.Equal((ValueStatus.Ok, expected), Parse<float>(text, FeatureElementType.Float));
    }

    [Theory]
    [InlineData("1e309", ValueStatus.OutOfRange)]
    [InlineData("3.5e38", ValueStatus.OutOfRange)]
    [InlineData("1.5e300", ValueStatus.OutOfRange)]
    [InlineData("-1.5e300", ValueStatus.OutOfRange)]
    [InlineData("NaN", ValueStatus.NonFinite)]
    [InlineData("nan", ValueStatus.NonFinite)]
    [InlineData("inf", ValueStatus.NonFinite)]
    [InlineData("-inf", ValueStatus.NonFinite)]
    [InlineData("Infinity", ValueStatus.NonFinite)]
    [InlineData("-Infinity", ValueStatus.NonFinite)]
    [InlineData("1.2.3", ValueStatus.NotANumber)]
    public void Parse_Float_RefusedWithTheReason(string text, ValueStatus expected)
    {
        Assert.Equal(expected, Parse<float>(text, FeatureElementType.Float).Status);
    }

    [Theory]
    [InlineData("NaN", float.NaN)]
    [InlineData("-inf", float.NegativeInfinity)]
    [InlineData("Infinity", float.PositiveInfinity)]
    public void Parse_NonFiniteAllowed_Stored(string text, float expected)
    {
        Assert.Equal((ValueStatus.Ok, expected), Parse<float>(text, FeatureElementType.Float, allowNonFinite: true));
    }

    [Fact]
    public void Parse_OverflowStaysOutOfRangeEvenWhenNonFiniteIsAllowed()
    {
        Assert.Equal(ValueStatus.OutOfRange, Parse<float>("1e309", FeatureElementType.Float, allowNonFinite: true).Status);
    }

    [Theory]
    [InlineData("1.7976931348623157e308", double.MaxValue)]
    [InlineData("0.1", 0.1)]
    [InlineData("-3", -3.0)]
    public void Parse_Double_Numbers(string text, double expected)
    {
        Assert.Equal((ValueStatus.Ok, expected), Parse<double>(text, FeatureElementType.Double));
    }

    [Theory]
    [InlineData("1e309", ValueStatus.OutOfRange)]
    [InlineData("-Infinity", ValueStatus.NonFinite)]
    public void Parse_Double_Refused(string text, ValueStatus expected)
    {
        Assert.Equal(expected, Parse<double>(text, FeatureElementType.Double).Status);
    }

    [Fact]
    public void Describe_OutOfRange_NamesColumnValueAndWhatTheTypeTakes()
    {
        Assert.Equal(
            new ItemError(ErrorKind.InvalidValue, "column 'pixel_3' is 256, out of range for the model input: it takes uint8 (whole numbers 0 to 255)"),
            ValueErrors.Describe(ValueStatus.OutOfRange, "pixel_3", "256"u8, FeatureElementType.UInt8));
        Assert.Equal(
            new ItemError(ErrorKind.InvalidValue, "column 'x' is 1e309, out of range for the model input: it takes float (numbers from -3.4028235E+38 to 3.4028235E+38)"),
            ValueErrors.Describe(ValueStatus.OutOfRange, "x", "1e309"u8, FeatureElementType.Float));
    }

    private static (ValueStatus Status, T Value) Parse<T>(string text, FeatureElementType type, bool allowNonFinite = false)
        where T : unmanaged
    {
        var value = default(T);
        var status = NumberText.Parse(Encoding.UTF8.GetBytes(text), type, allowNonFinite, ref Unsafe.As<T, byte>(ref value));
        return (status, value);
    }

    private static (ValueStatus Status, long Value) ParseAsLong(string text, FeatureElementType type) => type switch
    {
        FeatureElementType.Int8 => Widen(Parse<sbyte>(text, type)),
        FeatureElementType.Int16 => Widen(Parse<short>(text, type)),
        FeatureElementType.UInt16 => Widen(Parse<ushort>(text, type)),
        FeatureElementType.Int32 => Widen(Parse<int>(text, type)),
        _ => Parse<long>(text, type),
    };

    private static (ValueStatus, long) Widen<T>((ValueStatus Status, T Value) parsed)
        where T : System.Numerics.IBinaryInteger<T> => (parsed.Status, long.CreateTruncating(parsed.Value));
}
