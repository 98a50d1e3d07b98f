using BatchScoring.Core;
using BatchScoring.Core.Spec;
using Microsoft.ML.Tokenizers;

namespace BatchScoring.Onnx.Text;

/// <summary>
/// Tokenizes one text into the ids a BERT-family model takes, <c>[CLS] tokens [SEP]</c>, at most
/// <see cref="MaxLength"/> long: a longer text keeps its first tokens, as Hugging Face's truncation does. BERT's basic
/// tokenization as Hugging Face's tokenizers does it (which the models were trained with): <see cref="BertNormalization"/>
/// (cleaning, CJK ideographs, accent stripping, lower-casing, from tables of its own so that the process's globalization
/// mode does not matter), <see cref="BertWords"/> (white space and punctuation), then <see cref="BertTokenizer"/>'s
/// WordPiece on the words. Shared by every thread of the process.
/// </summary>
internal sealed class TextTokenizer
{
    /// <summary>
    /// Characters read per token a text may fill before a long text is cut (at a space) rather than tokenized whole:
    /// English averages about 4 per token, so the first tokens come from the prefix and a huge file costs little.
    /// </summary>
    private const int PrefixCharsPerToken = 16;

    private readonly BertTokenizer tokenizer;
    private readonly bool lowerCase;
    private readonly bool stripAccents;

    private TextTokenizer(BertTokenizer tokenizer, TextModelSpec text)
    {
        this.tokenizer = tokenizer;
        lowerCase = text.LowerCase;
        stripAccents = text.StripAccents ?? text.LowerCase;
        MaxLength = text.MaxSequenceLength;
    }

    /// <summary>Most ids of a text, [CLS] and [SEP] included.</summary>
    public int MaxLength { get; }

    /// <summary>The id that pads a text up to its batch's length.</summary>
    public int PaddingId => tokenizer.PaddingTokenId;

    public static TextTokenizer Create(string vocabularyPath, TextModelSpec text)
    {
        // BertTokenizer 2.0.1's own basic tokenization departs from BERT's: its accent stripping needs the process's
        // globalization (string.Normalize does nothing to é with invariant globalization, as the runner is built), it keeps
        // format characters (U+200B, U+00AD) and private-use ones, turns vertical tab and form feed into spaces, recomposes
        // Hangul jamo into syllables, splits words at spaces only and drops symbols such as '<', '=' and '$'. So the text
        // reaches it normalized and split into words already, and it does WordPiece only. Its limit of 100 characters per
        // word counts UTF-16 units where Hugging Face counts code points: a word of at most 100 characters but more than 100
        // units (characters beyond U+FFFF count twice) becomes [UNK] here only, and only with a vocabulary that holds such
        // characters (BERT's hold none).
        var options = new BertOptions
        {
            ApplyBasicTokenization = false,
            LowerCaseBeforeTokenization = false,
            RemoveNonSpacingMarks = false,
            IndividuallyTokenizeCjk = false,
            PreTokenizer = BertWords.Instance,
        };
        try
        {
            return new TextTokenizer(BertTokenizer.Create(vocabularyPath, options), text);
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
        var ids = EncodePrefix(text, budget);
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

    /// <summary>
    /// The tokens of the text, or of a prefix of it that ends before a space and still gives more than
    /// <paramref name="budget"/> tokens (normalization keeps a space a space and never reaches across one, and words end
    /// at spaces, so the prefix's tokens are the text's first).
    /// </summary>
    private IReadOnlyList<int> EncodePrefix(string text, int budget)
    {
        var probe = (long)(budget + 1) * PrefixCharsPerToken;
        if (text.Length > probe)
        {
            var space = text.AsSpan((int)probe).IndexOf(' ');
            if (space >= 0)
            {
                var prefix = Ids(text[..((int)probe + space)]);
                if (prefix.Count > budget)
                {
                    return prefix;
                }
            }
        }

        return Ids(text);
    }

    private IReadOnlyList<int> Ids(string text) =>
        tokenizer.EncodeToIds(BertNormalization.Normalize(text, lowerCase, stripAccents), addSpecialTokens: false, considerPreTokenization: true, considerNormalization: false);
}
