using System.Buffers;
using System.Text;
using Microsoft.ML.Tokenizers;
using Traits = BatchScoring.Onnx.Text.BertUnicodeData.Traits;

namespace BatchScoring.Onnx.Text;

/// <summary>
/// BERT's pre-tokenization of normalized text (Hugging Face's <c>BertPreTokenizer</c>): words end at white space, and
/// every punctuation character (Unicode's P* categories and every ASCII symbol, <c>&lt; = &gt; $</c> included) is a word
/// of its own. The categories are <see cref="BertUnicodeData"/>'s, as the normalizer's.
/// </summary>
internal sealed class BertWords : PreTokenizer
{
    public static BertWords Instance { get; } = new();

    private BertWords()
    {
    }

    public override IEnumerable<(int Offset, int Length)> PreTokenize(string text) => Split(text);

    public override IEnumerable<(int Offset, int Length)> PreTokenize(ReadOnlySpan<char> text) => Split(text.ToString());

    private static IEnumerable<(int Offset, int Length)> Split(string text)
    {
        var start = -1;
        for (var i = 0; i < text.Length;)
        {
            var (traits, length) = Classify(text, i);
            if ((traits & (Traits.Space | Traits.Punctuation)) == 0)
            {
                if (start < 0)
                {
                    start = i;
                }
            }
            else
            {
                if (start >= 0)
                {
                    yield return (start, i - start);
                    start = -1;
                }

                if ((traits & Traits.Punctuation) != 0)
                {
                    yield return (i, length);
                }
            }

            i += length;
        }

        if (start >= 0)
        {
            yield return (start, text.Length - start);
        }
    }

    private static (Traits Traits, int Length) Classify(string text, int i)
    {
        var c = text[i];
        if (c < 0x80)
        {
            return (BertUnicodeData.Of(c), 1);
        }

        return Rune.DecodeFromUtf16(text.AsSpan(i), out var rune, out var consumed) == OperationStatus.Done
            ? (BertUnicodeData.Of(rune.Value), consumed)
            : (Traits.None, consumed);
    }
}
