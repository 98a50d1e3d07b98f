using System.Buffers;
using System.Text;
using System.Text.Unicode;
using BatchScoring.Core.Data;

namespace BatchScoring.Storage.Formats.Values;

/// <summary>Text cells: UTF-8 bytes checked and decoded, and the row errors of values that are not text.</summary>
internal static class TextValues
{
    /// <summary>Decodes a cell's UTF-8 bytes; bytes that are not UTF-8 give an error naming the column and the first bad byte.</summary>
    public static ItemError? Decode(ReadOnlySpan<byte> utf8, string column, out string? text)
    {
        if (Utf8.IsValid(utf8))
        {
            text = Encoding.UTF8.GetString(utf8);
            return null;
        }

        text = null;
        return NotUtf8(utf8, column);
    }

    /// <summary>The error of a value that is not UTF-8 (<paramref name="utf8"/> must hold an invalid sequence): the first byte that breaks it and where it is.</summary>
    public static ItemError NotUtf8(ReadOnlySpan<byte> utf8, string column)
    {
        var offset = 0;
        while (offset < utf8.Length && Rune.DecodeFromUtf8(utf8[offset..], out _, out var consumed) == OperationStatus.Done)
        {
            offset += consumed;
        }

        return new ItemError(ErrorKind.Read, $"column '{column}' is not valid UTF-8 text (byte 0x{utf8[offset]:X2} at byte {offset + 1} of the value)");
    }

    /// <summary>The error of a null where a text is needed.</summary>
    public static ItemError Null(string column) => new(ErrorKind.InvalidValue, $"column '{column}' is null; the model needs a text");

    /// <summary>The error of a value of another kind (a number, an object) where a text is needed.</summary>
    public static ItemError NotText(string column, string kind) => new(ErrorKind.InvalidValue, $"column '{column}' is {kind}, not a text");
}
