using BatchScoring.Core.Spec;
using BatchScoring.Onnx.Text;
using BatchScoring.Tests;
using Xunit.Abstractions;

namespace BatchScoring.Onnx.Tests.Text;

/// <summary>
/// The tokenizer against Hugging Face's own (tools/tokenizers: the Rust tokenizers crate), on all-MiniLM-L6-v2's
/// vocabulary and texts that need more than ASCII: every text must give the same ids. These run in the test host, with
/// the process's globalization on; Runner.Tests' PublishedRunnerTextTests run the same texts through the published
/// runner, whose globalization is invariant.
/// </summary>
public sealed class TextTokenizerReferenceTests(MiniLmVocabulary vocabulary, ITestOutputHelper log) : IClassFixture<MiniLmVocabulary>
{
    [Theory]
    [Trait(Behaviours.Trait, Behaviours.TokenizerParity)]
    [InlineData(true, null)]
    [InlineData(false, null)]
    [InlineData(true, false)]
    [InlineData(false, true)]
    public void Encode_MultilingualTexts_SameIdsAsHuggingFace(bool lowerCase, bool? stripAccents)
    {
        // Arrange
        var texts = MultilingualTexts.Load();
        var spec = new TextModelSpec { LowerCase = lowerCase, StripAccents = stripAccents, MaxSequenceLength = 256 };
        var tokenizer = TextTokenizer.Create(vocabulary.Path, spec);
        var expected = HfTokenizer.Ids(vocabulary.Path, texts.Select(t => t.Text).ToList(), lowerCase, stripAccents, maxLength: 256);

        // Act
        var actual = texts.Select(t => tokenizer.Encode(t.Text, out _)).ToList();

        // Assert
        var differing = Enumerable.Range(0, texts.Count).Where(i => !actual[i].SequenceEqual(expected[i])).ToList();
        log.WriteLine($"{differing.Count} of {texts.Count} texts give other ids than Hugging Face's tokenizer");
        Assert.True(differing.Count == 0, string.Join("\n", differing.Take(10).Select(i => $"{texts[i].Id}: ours [{string.Join(",", actual[i])}], Hugging Face's [{string.Join(",", expected[i])}]")));
    }
}
