using System.Text.Json;

namespace BatchScoring.Tests;

/// <summary>
/// Texts that put BERT's normalization to work: the hand-written cases of tests/fixtures/text/multilingual.jsonl
/// (accents, Cyrillic, Greek, CJK, Hangul, emoji, format and control characters, combining sequences) and real German,
/// Spanish and Russian prose from Debian's fortunes-de, fortunes-es and fortunes-ru packages, which must be installed
/// (.ci/run installs them).
/// </summary>
internal static class MultilingualTexts
{
    private const string Fortunes = "/usr/share/games/fortunes";

    /// <summary>The hand-written texts, then <paramref name="prosePerLanguage"/> fortunes per language, each with an id.</summary>
    public static IReadOnlyList<(string Id, string Text)> Load(int prosePerLanguage = 150)
    {
        var texts = File.ReadLines(Repo.PathOf("tests/fixtures/text/multilingual.jsonl"))
            .Select(line => JsonDocument.Parse(line).RootElement)
            .Select(e => (e.GetProperty("id").GetString()!, e.GetProperty("text").GetString()!))
            .ToList();
        foreach (var language in new[] { "de", "es", "ru" })
        {
            texts.AddRange(Prose(language, prosePerLanguage));
        }

        return texts;
    }

    /// <summary>
    /// <paramref name="count"/> fortunes of one language that hold non-ASCII text, evenly spaced over its files (in name
    /// order, the offensive ones left out).
    /// </summary>
    private static IEnumerable<(string Id, string Text)> Prose(string language, int count)
    {
        var folder = Path.Combine(Fortunes, language);
        if (!Directory.Exists(folder))
        {
            throw new InvalidOperationException($"{folder} is missing: the multilingual tokenizer tests read real prose from Debian's fortunes-{language} package (apt-get install fortunes-de fortunes-es fortunes-ru).");
        }

        var all = Directory.EnumerateFiles(folder)
            .Where(f => Path.GetExtension(f) is not (".dat" or ".u8"))
            .Order(StringComparer.Ordinal)
            .SelectMany(f => File.ReadAllText(f).Split("\n%\n").Select((text, i) => (Id: $"{language}/{Path.GetFileName(f)}#{i}", Text: text.Trim())))
            .Where(t => t.Text.Length is > 0 and <= 2000 && t.Text.Any(c => c > 0x7F))
            .ToList();
        var step = Math.Max(1, all.Count / count);
        return all.Where((_, i) => i % step == 0).Take(count);
    }
}
