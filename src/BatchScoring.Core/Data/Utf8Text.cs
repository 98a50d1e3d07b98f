using System.Buffers;
using System.Text;
using System.Text.Unicode;

namespace BatchScoring.Core.Data;

/// <summary>Bytes that must be UTF-8 text (a text cell, a file scored as a text): checked, then decoded.</summary>
internal static class Utf8Text
{
    /// <summary>
    /// Decodes <paramref name="utf8"/> when it is valid UTF-8 (a leading byte order mark is dropped); otherwise
    /// returns false with the 0-based offset of the first byte that breaks it.
    /// </summary>
    public static bool TryDecode(ReadOnlySpan<byte> utf8, out string text, out int badByte)
    {
        if (Utf8.IsValid(utf8))
        {
            text = Encoding.UTF8.GetString(utf8.StartsWith("\uFEFF"u8) ? utf8[3..] : utf8);
            badByte = -1;
            return true;
        }

        badByte = 0;
        while (badByte < utf8.Length && Rune.DecodeFromUtf8(utf8[badByte..], out _, out var consumed) == OperationStatus.Done)
        {
            badByte += consumed;
        }

        text = "";
        return false;
    }

    /// <summary>How an error message shows the first bad byte: <c>byte 0xFF at byte 12</c> (1-based).</summary>
    public static string DescribeBadByte(ReadOnlySpan<byte> utf8, int badByte) => $"byte 0x{utf8[badByte]:X2} at byte {badByte + 1}";
}
