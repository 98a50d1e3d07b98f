using System.Globalization;
using System.Text;
using BatchScoring.Onnx.Text;
using BatchScoring.Tests;
using Xunit.Abstractions;

namespace BatchScoring.Onnx.Tests.Text;

public sealed class BertNormalizationTests(ITestOutputHelper log)
{
    // Uncased (lower-case, strip accents), as all-MiniLM-L6-v2 and bert-base-uncased.
    [Theory]
    [Trait(Behaviours.Trait, Behaviours.TokenizerParity)]
    [InlineData("Café", "cafe")]
    [InlineData("cafe\u0301", "cafe")]
    [InlineData("Ñandú", "nandu")]
    [InlineData("Straße", "straße")]
    [InlineData("Ёлка и йогурт", "елка и иогурт")]
    [InlineData("ΟΔΥΣΣΕΥΣ ἀρχή", "οδυσσευσ αρχη")]
    [InlineData("İstanbul ılık", "istanbul ılık")]
    [InlineData("한국", "\u1112\u1161\u11ab\u1100\u116e\u11a8")]
    [InlineData("中文字", " 中  文  字 ")]
    [InlineData("豈", " \u8c48 ")]
    [InlineData("日本語のテキスト", " 日  本  語 のテキスト")]
    [InlineData("I 😀 it 👍🏽", "i 😀 it 👍🏽")]
    [InlineData("👨\u200d👩\u200d👧", "👨👩👧")]
    [InlineData("zero\u200bwidth", "zerowidth")]
    [InlineData("soft\u00adhyphen", "softhyphen")]
    [InlineData("\ufeffbom \u2060joiner \u200eleft \u202emarks\u202c", "bom joiner left marks")]
    [InlineData("tab\tnew\nline\rend", "tab new line end")]
    [InlineData("a\u00a0b\u3000c\u2028d\u2009e", "a b c d e")]
    [InlineData("vertical\vtab form\ffeed nel\u0085x esc\u001b", "verticaltab formfeed nelx esc")]
    [InlineData("nul\0 \ufffd private\ue000", "nul  private")]
    [InlineData("o\u0308\u0304\u0328 a\u0323\u0301", "o a")]
    [InlineData("x\U0001D16D\U0001D165", "x\U0001D165\U0001D16D")]
    [InlineData("Å Å", "a a")]
    [InlineData("ǅemal Ⅻ Ⓐ", "ǆemal ⅻ ⓐ")]
    [InlineData("हिन्दी", "हिनदी")]
    [InlineData("lone\ud800 surrogate\udc00", "lone surrogate")]
    [InlineData("Hello, World! <a=b>", "hello, world! <a=b>")]
    public void Normalize_Uncased_AsBertNormalizer(string text, string expected)
    {
        // Act
        var normalized = BertNormalization.Normalize(text, lowerCase: true, stripAccents: true);

        // Assert
        Assert.Equal(Escape(expected), Escape(normalized));
    }

    // Cased without accent stripping: cleaning and CJK spacing only, no decomposition, no canonical reordering.
    [Theory]
    [Trait(Behaviours.Trait, Behaviours.TokenizerParity)]
    [InlineData("Café cafe\u0301", "Café cafe\u0301")]
    [InlineData("Ёлка 한국", "Ёлка 한국")]
    [InlineData("中文", " 中  文 ")]
    [InlineData("zero\u200bwidth soft\u00adhyphen", "zerowidth softhyphen")]
    [InlineData("x\U0001D16D\U0001D165", "x\U0001D16D\U0001D165")]
    [InlineData("Tab\tVT\v", "Tab VT")]
    public void Normalize_CasedKeepingAccents_CleansOnly(string text, string expected)
    {
        // Act
        var normalized = BertNormalization.Normalize(text, lowerCase: false, stripAccents: false);

        // Assert
        Assert.Equal(Escape(expected), Escape(normalized));
    }

    [Theory]
    [Trait(Behaviours.Trait, Behaviours.TokenizerParity)]
    [InlineData(true, false, "İ Café", "i\u0307 café")]
    [InlineData(false, true, "İ Café", "I Cafe")]
    public void Normalize_OneOfLowerCaseAndStripAccents_AppliesThatOne(bool lowerCase, bool stripAccents, string text, string expected)
    {
        // Act
        var normalized = BertNormalization.Normalize(text, lowerCase, stripAccents);

        // Assert
        Assert.Equal(Escape(expected), Escape(normalized));
    }

    [Fact]
    public void Normalize_AsciiThatNeedsNoChange_ReturnsTheSameString()
    {
        // Arrange
        const string Text = "already lower case, no controls.";

        // Act
        var normalized = BertNormalization.Normalize(Text, lowerCase: true, stripAccents: true);

        // Assert
        Assert.Same(Text, normalized);
    }

    /// <summary>
    /// Every code point (surrogates aside), between two letters, normalized here and by Hugging Face's BertNormalizer,
    /// with each combination of lower-casing and accent stripping: clean_text's removals and spaces, the CJK spacing, the
    /// decomposition and mark removal, the lower case must all agree, as must the Unicode versions behind them.
    /// </summary>
    [Theory]
    [Trait(Behaviours.Trait, Behaviours.TokenizerParity)]
    [InlineData(true, true)]
    [InlineData(false, false)]
    [InlineData(true, false)]
    [InlineData(false, true)]
    public void Normalize_EveryCodePoint_AsHuggingFace(bool lowerCase, bool stripAccents)
    {
        // Arrange
        var codePoints = Enumerable.Range(0, 0x110000).Where(c => c is < 0xD800 or > 0xDFFF).ToList();
        var texts = codePoints.Select(c => "a" + char.ConvertFromUtf32(c) + "b").ToList();
        var expected = HfTokenizer.Normalize(texts, lowerCase, stripAccents);

        // Act
        var actual = texts.Select(t => BertNormalization.Normalize(t, lowerCase, stripAccents)).ToList();

        // Assert
        var differing = Enumerable.Range(0, texts.Count).Where(i => actual[i] != expected[i]).ToList();
        log.WriteLine($"{differing.Count} of {texts.Count} code points normalized otherwise than by Hugging Face's BertNormalizer");
        Assert.True(differing.Count == 0, string.Join("\n", differing.Take(20).Select(i => $"U+{codePoints[i]:X4}: ours {Escape(actual[i])}, Hugging Face's {Escape(expected[i])}")));
    }

    /// <summary>
    /// Canonical ordering: every pair of combining characters that accent stripping keeps (spacing marks, enclosing marks,
    /// nonspacing marks newer than the reference's categories), after a letter, in both orders.
    /// </summary>
    [Fact]
    [Trait(Behaviours.Trait, Behaviours.TokenizerParity)]
    public void Normalize_PairsOfKeptCombiningCharacters_OrderedAsHuggingFace()
    {
        // Arrange
        var kept = Enumerable.Range(0, 0x110000)
            .Where(c => c is < 0xD800 or > 0xDFFF)
            .Where(c => (BertUnicodeData.Of(c, out var combiningClass) & BertUnicodeData.Traits.NonspacingMark) == 0
                && (combiningClass > 0 || CharUnicodeInfo.GetUnicodeCategory(c) is UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark or UnicodeCategory.EnclosingMark))
            .ToList();
        var texts = kept.SelectMany(x => kept.Where(y => y != x).Select(y => "a" + char.ConvertFromUtf32(x) + char.ConvertFromUtf32(y))).ToList();
        var expected = HfTokenizer.Normalize(texts, lowerCase: false, stripAccents: true);

        // Act
        var actual = texts.Select(t => BertNormalization.Normalize(t, lowerCase: false, stripAccents: true)).ToList();

        // Assert
        var differing = Enumerable.Range(0, texts.Count).Where(i => actual[i] != expected[i]).ToList();
        log.WriteLine($"{differing.Count} of {texts.Count} pairs of {kept.Count} combining characters ordered otherwise than by Hugging Face's BertNormalizer");
        Assert.True(differing.Count == 0, string.Join("\n", differing.Take(20).Select(i => $"{Escape(texts[i])}: ours {Escape(actual[i])}, Hugging Face's {Escape(expected[i])}")));
    }

    /// <summary>The text with every character outside printable ASCII as \uXXXX, so that a failure shows what differs.</summary>
    private static string Escape(string text)
    {
        var escaped = new StringBuilder();
        foreach (var c in text)
        {
            escaped.Append(c is >= ' ' and <= '~' ? c.ToString() : $"\\u{(int)c:x4}");
        }

        return escaped.ToString();
    }
}
