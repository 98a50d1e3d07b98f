using BatchScoring.Core.Data;

namespace BatchScoring.Storage.Formats.Values;

/// <summary>Text cells: UTF-8 bytes checked and decoded, and the row errors of values that are not text.</summary>
internal static class TextValues
{
    /// <summary>Decodes a cell's UTF-8 bytes; bytes that are not UTF-8 give an error naming the column and the first bad byte.</summary>
    public static ItemError? Decode(ReadOnlySpan<byte> utf8, string column, out string? text)
    {
        if (Utf8Text.TryDecode(utf8, out var decoded, out var bad))
        {
            text = decoded;
            return null;
        }

        text = null;
        return new ItemError(ErrorKind.Read, $"column '{column}' is not valid UTF-8 text ({Utf8Text.DescribeBadByte(utf8, bad)} of the value)");
    }

    /// <summary>The error of a null where a text is needed.</summary>
    public static ItemError Null(string column) => new(ErrorKind.InvalidValue, $"column '{column}' is null; the model needs a text");

    /// <summary>The error of a value of another kind (a number, an object) where a text is needed.</summary>
    public static ItemError NotText(string column, string kind) => new(ErrorKind.InvalidValue, $"column '{column}' is {kind}, not a text");
}
