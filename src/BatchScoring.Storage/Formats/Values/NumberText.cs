using System.Globalization;
using System.Text;
using BatchScoring.Core.Data;
using csFastFloat;

namespace BatchScoring.Storage.Formats.Values;

/// <summary>
/// Parses a number written as UTF-8 text (a CSV cell, a JSON number) straight into an element type. Surrounding
/// spaces are ignored. Whole numbers (<c>-12</c>, <c>+7</c>) take a fast path without floating point; anything else
/// (<c>2.0</c>, <c>1e2</c>, <c>inf</c>, <c>NaN</c>) is read as a double (float for float elements, so nothing is
/// rounded twice) and then checked against the element type.
/// </summary>
internal static class NumberText
{
    public static ValueStatus Parse(ReadOnlySpan<byte> text, FeatureElementType type, bool allowNonFinite, ref byte destination)
    {
        text = Trim(text);
        if (text.IsEmpty)
        {
            return ValueStatus.Empty;
        }

        if (TryParseWhole(text, out var whole))
        {
            return ElementStore.StoreInteger(type, whole, ref destination);
        }

        if (type.IsInteger() && IsDigits(text))
        {
            // Digits beyond long's range: out of every integer type's range (as a double it would round into range).
            return ValueStatus.OutOfRange;
        }

        if (NonFinite(text) is { } special)
        {
            return ElementStore.StoreDouble(type, special, allowNonFinite, ref destination);
        }

        if (type == FeatureElementType.Float)
        {
            if (!FastFloatParser.TryParseFloat(text, out var consumed, out var single, NumberStyles.Float, (byte)'.', (byte)'e') || consumed != text.Length)
            {
                return ValueStatus.NotANumber;
            }

            // A finite number that overflows float reads as an infinity: out of range (literals were handled above).
            return float.IsInfinity(single) ? ValueStatus.OutOfRange : ElementStore.StoreSingle(type, single, allowNonFinite, ref destination);
        }

        if (!FastDoubleParser.TryParseDouble(text, out var used, out var value, NumberStyles.Float, (byte)'.', (byte)'e') || used != text.Length)
        {
            return ValueStatus.NotANumber;
        }

        return double.IsInfinity(value) ? ValueStatus.OutOfRange : ElementStore.StoreDouble(type, value, allowNonFinite, ref destination);
    }

    /// <summary>A whole number within <c>long</c>, with an optional sign: no spaces, no fraction, no exponent.</summary>
    public static bool TryParseWhole(ReadOnlySpan<byte> text, out long value)
    {
        value = 0;
        var i = 0;
        var negative = false;
        if (text.Length > 0 && (text[0] == (byte)'-' || text[0] == (byte)'+'))
        {
            negative = text[0] == (byte)'-';
            i = 1;
        }

        var digits = text.Length - i;
        if (digits is < 1 or > 19)
        {
            return false;
        }

        ulong result = 0;
        for (; i < text.Length; i++)
        {
            var d = (uint)(text[i] - '0');
            if (d > 9)
            {
                return false;
            }

            result = (result * 10) + d;
        }

        // 19 digits fit a ulong; the sign then decides what fits a long.
        if (negative ? result > (ulong)long.MaxValue + 1 : result > long.MaxValue)
        {
            return false;
        }

        value = negative ? (long)(0 - result) : (long)result;
        return true;
    }

    private static bool IsDigits(ReadOnlySpan<byte> text)
    {
        var body = text[0] is (byte)'-' or (byte)'+' ? text[1..] : text;
        return !body.IsEmpty && !body.ContainsAnyExceptInRange((byte)'0', (byte)'9');
    }

    public static ReadOnlySpan<byte> Trim(ReadOnlySpan<byte> text)
    {
        var start = 0;
        var end = text.Length;
        while (start < end && text[start] is (byte)' ' or (byte)'\t')
        {
            start++;
        }

        while (end > start && text[end - 1] is (byte)' ' or (byte)'\t')
        {
            end--;
        }

        return text[start..end];
    }

    /// <summary>NaN or an infinity written out (<c>NaN</c>, <c>nan</c>, <c>inf</c>, <c>-Infinity</c>, <c>+INF</c>), or null.</summary>
    private static double? NonFinite(ReadOnlySpan<byte> text)
    {
        var negative = text[0] == (byte)'-';
        var body = text[0] is (byte)'-' or (byte)'+' ? text[1..] : text;
        if (body.Length == 3 && Ascii.EqualsIgnoreCase(body, "nan"u8))
        {
            return double.NaN;
        }

        return Ascii.EqualsIgnoreCase(body, "inf"u8) || Ascii.EqualsIgnoreCase(body, "infinity"u8)
            ? negative ? double.NegativeInfinity : double.PositiveInfinity
            : null;
    }
}
