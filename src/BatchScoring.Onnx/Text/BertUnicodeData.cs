namespace BatchScoring.Onnx.Text;

/// <summary>
/// The Unicode properties BERT's normalization and pre-tokenization read, per code point, from tables compiled into the
/// assembly (<c>BertUnicodeData.g.cs</c>, written by <c>make_bert_unicode_data.py</c>): the same in every globalization
/// mode, and as Hugging Face's tokenizers has them (the Unicode versions it reads are the script's to explain).
/// </summary>
internal static partial class BertUnicodeData
{
    /// <summary>What a code point is to BERT's normalizer and pre-tokenizer.</summary>
    [Flags]
    public enum Traits : byte
    {
        None = 0,

        /// <summary>Removed by clean_text: a control (but tab, newline, carriage return), format or private-use character, NUL, U+FFFD.</summary>
        Drop = 1,

        /// <summary>White space: a space to clean_text, a word boundary to the pre-tokenizer.</summary>
        Space = 2,

        /// <summary>A nonspacing mark (Mn): removed by strip_accents after the decomposition.</summary>
        NonspacingMark = 4,

        /// <summary>Punctuation (P*, or any ASCII symbol): a word of its own to the pre-tokenizer.</summary>
        Punctuation = 8,

        /// <summary>Has a lower case other than itself (<see cref="LowerCase"/>).</summary>
        Lower = 16,

        /// <summary>Has a canonical decomposition (<see cref="Decomposition"/>); Hangul syllables decompose by arithmetic instead.</summary>
        Decomposes = 32,
    }

    private const int BlockMask = (1 << BlockShift) - 1;

    /// <summary>The traits of <paramref name="codePoint"/> (0 to 0x10FFFF) and its canonical combining class.</summary>
    public static Traits Of(int codePoint, out int combiningClass)
    {
        var value = Properties[Blocks[(BlockIndex[codePoint >> BlockShift] << BlockShift) | (codePoint & BlockMask)]];
        combiningClass = value >> 8;
        return (Traits)(value & 0xFF);
    }

    /// <summary>The traits of <paramref name="codePoint"/>.</summary>
    public static Traits Of(int codePoint) => Of(codePoint, out _);

    /// <summary>The canonical combining class of <paramref name="codePoint"/> (0 for a starter).</summary>
    public static int CombiningClass(int codePoint)
    {
        Of(codePoint, out var combiningClass);
        return combiningClass;
    }

    /// <summary>The full canonical decomposition of a code point with <see cref="Traits.Decomposes"/>.</summary>
    public static ReadOnlySpan<int> Decomposition(int codePoint) => Lookup(DecompositionKeys, DecompositionStarts, DecompositionValues, codePoint);

    /// <summary>The lower case of a code point with <see cref="Traits.Lower"/> (one code point, or U+0130's two).</summary>
    public static ReadOnlySpan<int> LowerCase(int codePoint) => Lookup(LowerKeys, LowerStarts, LowerValues, codePoint);

    private static ReadOnlySpan<int> Lookup(ReadOnlySpan<int> keys, ReadOnlySpan<int> starts, ReadOnlySpan<int> values, int codePoint)
    {
        var i = keys.BinarySearch(codePoint);
        if (i < 0)
        {
            throw new InvalidOperationException($"U+{codePoint:X4} has no entry; its traits say it has.");
        }

        return values[starts[i]..starts[i + 1]];
    }
}
