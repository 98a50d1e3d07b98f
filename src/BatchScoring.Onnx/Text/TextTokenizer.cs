using System.Text.RegularExpressions;
using BatchScoring.Core;
using BatchScoring.Core.Spec;
using Microsoft.ML.Tokenizers;

namespace BatchScoring.Onnx.Text;

/// <summary>
/// Tokenizes one text into the ids a BERT-family model takes, <c>[CLS] tokens [SEP]</c>, at most
/// <see cref="MaxLength"/> long: a longer text keeps its first tokens, as Hugging Face's truncation does. WordPiece with
/// BERT's basic tokenization (<see cref="BertTokenizer"/>: cleaning, lower-casing, accent stripping, punctuation and CJK
/// splitting), with two corrections that make it split words as Hugging Face's BertTokenizer does (which the models were
/// trained with): every whitespace character separates words, and every ASCII symbol (<c>&lt; = &gt; ~ ` ^ | + $</c>) is a
/// token of its own rather than dropped. Shared by every thread of the process.
/// </summary>
internal sealed partial class TextTokenizer
{
    /// <summary>
    /// Characters read per token a text may fill before a long text is cut (at a space) rather than tokenized whole:
    /// English averages about 4 per token, so the first tokens come from the prefix and a huge file costs little.
    /// </summary>
    private const int PrefixCharsPerToken = 16;

    private readonly BertTokenizer tokenizer;

    private TextTokenizer(BertTokenizer tokenizer, int maxLength)
    {
        this.tokenizer = tokenizer;
        MaxLength = maxLength;
    }

    /// <summary>Most ids of a text, [CLS] and [SEP] included.</summary>
    public int MaxLength { get; }

    /// <summary>The id that pads a text up to its batch's length.</summary>
    public int PaddingId => tokenizer.PaddingTokenId;

    public static TextTokenizer Create(string vocabularyPath, TextModelSpec text)
    {
        var options = new BertOptions
        {
            LowerCaseBeforeTokenization = text.LowerCase,
            RemoveNonSpacingMarks = text.StripAccents ?? text.LowerCase,
            ApplyBasicTokenization = true,

            // BertTokenizer 2.0.1 pre-tokenizes with \w+|\p{P}, which drops symbols such as '<', '=' and '$'; BERT's basic
            // tokenizer splits off every ASCII non-alphanumeric character and all Unicode punctuation, and keeps the rest.
            PreTokenizer = new RegexPreTokenizer(BasicTokens(), null),
        };
        try
        {
            return new TextTokenizer(BertTokenizer.Create(vocabularyPath, options), text.MaxSequenceLength);
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or FormatException or InvalidDataException or KeyNotFoundException)
        {
            throw new BatchScoringException($"model.text.vocabulary: '{vocabularyPath}' is not a WordPiece vocabulary with [CLS], [SEP], [PAD] and [UNK] ({e.Message}).", e);
        }
    }

    /// <summary>The ids of <paramref name="text"/>; <paramref name="truncated"/> says it had more tokens than fit.</summary>
    public int[] Encode(string text, out bool truncated)
    {
        var budget = MaxLength - 2;
        var ids = EncodePrefix(Spaces(text), budget);
        truncated = ids.Count > budget;
        var count = Math.Min(ids.Count, budget);
        var result = new int[count + 2];
        result[0] = tokenizer.ClassificationTokenId;
        for (var i = 0; i < count; i++)
        {
            result[i + 1] = ids[i];
        }

        result[count + 1] = tokenizer.SeparatorTokenId;
        return result;
    }

    /// <summary>A run of characters that are neither spaces nor punctuation, or one punctuation character, as BERT's basic tokenizer splits text.</summary>
    [GeneratedRegex(@"[^\s\p{P}\x21-\x2F\x3A-\x40\x5B-\x60\x7B-\x7E]+|[\p{P}\x21-\x2F\x3A-\x40\x5B-\x60\x7B-\x7E]")]
    private static partial Regex BasicTokens();

    /// <summary>
    /// The text with every whitespace character as a space, as BERT's basic tokenizer cleans it: BertTokenizer 2.0.1
    /// splits words at spaces only, so "end\nstart" would otherwise be one (unknown) word.
    /// </summary>
    private static string Spaces(string text)
    {
        var span = text.AsSpan();
        var i = 0;
        while (i < span.Length && (span[i] == ' ' || !char.IsWhiteSpace(span[i])))
        {
            i++;
        }

        if (i == span.Length)
        {
            return text;
        }

        return string.Create(text.Length, text, static (chars, source) =>
        {
            for (var k = 0; k < source.Length; k++)
            {
                chars[k] = char.IsWhiteSpace(source[k]) ? ' ' : source[k];
            }
        });
    }

    /// <summary>
    /// The tokens of the text, or of a prefix of it that ends before a space and still gives more than
    /// <paramref name="budget"/> tokens (basic tokenization splits at spaces, so the prefix's tokens are the text's first).
    /// </summary>
    private IReadOnlyList<int> EncodePrefix(string text, int budget)
    {
        var probe = (long)(budget + 1) * PrefixCharsPerToken;
        if (text.Length > probe)
        {
            var space = text.AsSpan((int)probe).IndexOf(' ');
            if (space >= 0)
            {
                var prefix = tokenizer.EncodeToIds(text.AsSpan(0, (int)probe + space), addSpecialTokens: false);
                if (prefix.Count > budget)
                {
                    return prefix;
                }
            }
        }

        return tokenizer.EncodeToIds(text, addSpecialTokens: false);
    }
}
