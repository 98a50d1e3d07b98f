using BatchScoring.Core.Data;

namespace BatchScoring.Core.Tests.Data;

public sealed class Utf8TextTests
{
    [Fact]
    public void TryDecode_Utf8WithByteOrderMark_TextWithoutIt()
    {
        // Act
        var ok = Utf8Text.TryDecode([0xEF, 0xBB, 0xBF, .. "naïve"u8], out var text, out var bad);

        // Assert
        Assert.True(ok);
        Assert.Equal("naïve", text);
        Assert.Equal(-1, bad);
    }

    [Theory]
    [InlineData(new byte[] { 0x61, 0xFF, 0x62 }, 1, "byte 0xFF at byte 2")]
    [InlineData(new byte[] { 0x61, 0x62, 0xC3 }, 2, "byte 0xC3 at byte 3")]
    [InlineData(new byte[] { 0xED, 0xA0, 0x80 }, 0, "byte 0xED at byte 1")]
    public void TryDecode_NotUtf8_FirstBadByte(byte[] bytes, int expected, string described)
    {
        // Act
        var ok = Utf8Text.TryDecode(bytes, out _, out var bad);

        // Assert
        Assert.False(ok);
        Assert.Equal(expected, bad);
        Assert.Equal(described, Utf8Text.DescribeBadByte(bytes, bad));
    }
}
