using System.Buffers;
using System.Text;
using Traits = BatchScoring.Onnx.Text.BertUnicodeData.Traits;

namespace BatchScoring.Onnx.Text;

/// <summary>
/// BERT's text normalization, as Hugging Face's <c>BertNormalizer</c> does it, in its order: clean the text (remove
/// NUL, U+FFFD, control, format and private-use characters such as U+200B and U+00AD, but tab, newline and carriage
/// return; every white space becomes a space), put spaces around CJK ideographs, strip accents (canonical decomposition,
/// NFD, then remove the nonspacing marks: <c>café</c> -> <c>cafe</c>, <c>й</c> -> <c>и</c>, a Hangul syllable -> its
/// jamo), lower-case. Every property comes from <see cref="BertUnicodeData"/>, never from the process's globalization
/// support: with invariant globalization (as the runner is built), <see cref="string.Normalize()"/> leaves non-ASCII text
/// as it is. Pure ASCII text takes a vectorised path.
/// </summary>
internal static class BertNormalization
{
    /// <summary>ASCII characters that change: controls (removed, or a space for tab, newline, carriage return) and, lower-casing, capitals.</summary>
    private static readonly SearchValues<char> AsciiChangesLowerCasing = SearchValues.Create(AsciiControls() + "ABCDEFGHIJKLMNOPQRSTUVWXYZ");

    private static readonly SearchValues<char> AsciiControlChars = SearchValues.Create(AsciiControls());

    /// <summary><paramref name="text"/> as BERT's normalizer leaves it; the same string when nothing changes.</summary>
    public static string Normalize(string text, bool lowerCase, bool stripAccents)
    {
        var span = text.AsSpan();
        return Ascii.IsValid(span) ? NormalizeAscii(text, lowerCase) : NormalizeUnicode(span, lowerCase, stripAccents);
    }

    private static string NormalizeAscii(string text, bool lowerCase)
    {
        var span = text.AsSpan();
        if (span.IndexOfAny(lowerCase ? AsciiChangesLowerCasing : AsciiControlChars) < 0)
        {
            return text;
        }

        if (!span.ContainsAny(AsciiControlChars))
        {
            return string.Create(text.Length, text, static (chars, source) => Ascii.ToLower(source, chars, out _));
        }

        var buffer = ArrayPool<char>.Shared.Rent(text.Length);
        try
        {
            var n = 0;
            foreach (var c in span)
            {
                if (c is '\t' or '\n' or '\r')
                {
                    buffer[n++] = ' ';
                }
                else if (c >= ' ' && c != '\x7F')
                {
                    buffer[n++] = lowerCase && char.IsAsciiLetterUpper(c) ? (char)(c | 0x20) : c;
                }
            }

            return new string(buffer, 0, n);
        }
        finally
        {
            ArrayPool<char>.Shared.Return(buffer);
        }
    }

    private static string NormalizeUnicode(ReadOnlySpan<char> text, bool lowerCase, bool stripAccents)
    {
        var codePoints = new PooledList<int>(text.Length + 16);
        var chars = new PooledList<char>(text.Length + 16);
        try
        {
            Clean(text, stripAccents, ref codePoints);
            if (stripAccents)
            {
                OrderCanonically(codePoints.Span);
            }

            foreach (var codePoint in codePoints.Span)
            {
                var traits = BertUnicodeData.Of(codePoint);
                if (stripAccents && (traits & Traits.NonspacingMark) != 0)
                {
                    continue;
                }

                if (lowerCase && (traits & Traits.Lower) != 0)
                {
                    foreach (var lower in BertUnicodeData.LowerCase(codePoint))
                    {
                        Append(ref chars, lower);
                    }
                }
                else
                {
                    Append(ref chars, codePoint);
                }
            }

            return new string(chars.Span);
        }
        finally
        {
            codePoints.Dispose();
            chars.Dispose();
        }
    }

    /// <summary>
    /// The code points of <paramref name="text"/> cleaned (removed, or a space), CJK ideographs between spaces and, to strip
    /// accents, each fully decomposed (not yet in canonical order). A lone surrogate, which UTF-8 text never holds, is removed
    /// as the U+FFFD that decoding would make of it.
    /// </summary>
    private static void Clean(ReadOnlySpan<char> text, bool decompose, ref PooledList<int> codePoints)
    {
        for (var i = 0; i < text.Length;)
        {
            if (Rune.DecodeFromUtf16(text[i..], out var rune, out var consumed) != OperationStatus.Done)
            {
                i += consumed;
                continue;
            }

            i += consumed;
            var codePoint = rune.Value;
            var traits = BertUnicodeData.Of(codePoint);
            if ((traits & Traits.Drop) != 0)
            {
                continue;
            }

            if ((traits & Traits.Space) != 0)
            {
                codePoints.Add(' ');
            }
            else if (IsCjkIdeograph(codePoint))
            {
                codePoints.Add(' ');
                if (decompose && (traits & Traits.Decomposes) != 0)
                {
                    codePoints.AddRange(BertUnicodeData.Decomposition(codePoint));
                }
                else
                {
                    codePoints.Add(codePoint);
                }

                codePoints.Add(' ');
            }
            else if (decompose && (traits & Traits.Decomposes) != 0)
            {
                codePoints.AddRange(BertUnicodeData.Decomposition(codePoint));
            }
            else if (decompose && codePoint - HangulFirst is >= 0 and < HangulCount)
            {
                var s = codePoint - HangulFirst;
                codePoints.Add(JamoLeadFirst + (s / JamoTrailCount / JamoVowelCount));
                codePoints.Add(JamoVowelFirst + (s / JamoTrailCount % JamoVowelCount));
                if (s % JamoTrailCount != 0)
                {
                    codePoints.Add(JamoTrailBase + (s % JamoTrailCount));
                }
            }
            else
            {
                codePoints.Add(codePoint);
            }
        }
    }

    private const int HangulFirst = 0xAC00;
    private const int JamoLeadFirst = 0x1100;
    private const int JamoVowelFirst = 0x1161;
    private const int JamoTrailBase = 0x11A7;
    private const int JamoVowelCount = 21;
    private const int JamoTrailCount = 28;
    private const int HangulCount = 19 * JamoVowelCount * JamoTrailCount;

    /// <summary>Sorts each run of combining characters (combining class above 0) by class, stably: the canonical ordering that makes a full decomposition NFD.</summary>
    private static void OrderCanonically(Span<int> codePoints)
    {
        for (var i = 1; i < codePoints.Length; i++)
        {
            var codePoint = codePoints[i];
            var combiningClass = BertUnicodeData.CombiningClass(codePoint);
            if (combiningClass == 0)
            {
                continue;
            }

            var j = i;
            while (j > 0 && BertUnicodeData.CombiningClass(codePoints[j - 1]) > combiningClass)
            {
                codePoints[j] = codePoints[j - 1];
                j--;
            }

            codePoints[j] = codePoint;
        }
    }

    /// <summary>
    /// A CJK ideograph as BERT's basic tokenizer defines it (the CJK Unified Ideographs blocks and extensions A to E, the
    /// compatibility ideographs); Hangul, Hiragana and Katakana are not.
    /// </summary>
    private static bool IsCjkIdeograph(int c) =>
        c >= 0x3400 && (c is (>= 0x4E00 and <= 0x9FFF) or (>= 0x3400 and <= 0x4DBF) or (>= 0x20000 and <= 0x2A6DF) or (>= 0x2A700 and <= 0x2B73F)
            or (>= 0x2B740 and <= 0x2B81F) or (>= 0x2B920 and <= 0x2CEAF) or (>= 0xF900 and <= 0xFAFF) or (>= 0x2F800 and <= 0x2FA1F));

    private static void Append(ref PooledList<char> chars, int codePoint)
    {
        if (codePoint < 0x10000)
        {
            chars.Add((char)codePoint);
        }
        else
        {
            chars.Add((char)(0xD800 + ((codePoint - 0x10000) >> 10)));
            chars.Add((char)(0xDC00 + ((codePoint - 0x10000) & 0x3FF)));
        }
    }

    private static string AsciiControls() => string.Concat(Enumerable.Range(0, 0x20).Select(c => (char)c)) + "\x7F";

    /// <summary>A list on a rented array, returned by <see cref="Dispose"/>.</summary>
    private struct PooledList<T>(int capacity) : IDisposable
    {
        private T[] items = ArrayPool<T>.Shared.Rent(capacity);
        private int count;

        public readonly Span<T> Span => items.AsSpan(0, count);

        public void Add(T item)
        {
            if (count == items.Length)
            {
                Grow(1);
            }

            items[count++] = item;
        }

        public void AddRange(ReadOnlySpan<T> values)
        {
            if (count + values.Length > items.Length)
            {
                Grow(values.Length);
            }

            values.CopyTo(items.AsSpan(count));
            count += values.Length;
        }

        public void Dispose() => ArrayPool<T>.Shared.Return(items);

        private void Grow(int needed)
        {
            var larger = ArrayPool<T>.Shared.Rent(Math.Max(items.Length * 2, count + needed));
            Span.CopyTo(larger);
            ArrayPool<T>.Shared.Return(items);
            items = larger;
        }
    }
}
