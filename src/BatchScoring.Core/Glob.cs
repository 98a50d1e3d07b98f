using System.Collections.Concurrent;
using System.Text;
using System.Text.RegularExpressions;

namespace BatchScoring.Core;

/// <summary>
/// Path globs over '/'-separated relative paths: <c>*</c> and <c>?</c> stay inside one folder,
/// <c>**</c> crosses folders (<c>**/</c> also matches no folder at all), and <c>\</c> makes the next character
/// literal (<c>\*</c> matches a '*'; <see cref="Escape"/> turns a name into a pattern matching only that name).
/// Matching is ordinal (case-sensitive), as blob names are.
/// </summary>
internal static class Glob
{
    /// <summary>Compiled patterns kept at most: a process that sees many patterns (a blob trigger's names) starts over.</summary>
    internal const int MaxCached = 256;

    private static readonly ConcurrentDictionary<string, Regex> Cache = new(StringComparer.Ordinal);

    /// <summary>How many compiled patterns are cached now.</summary>
    internal static int CachedCount => Cache.Count;

    public static bool IsMatch(string pattern, string path)
    {
        if (!Cache.TryGetValue(pattern, out var regex))
        {
            if (Cache.Count >= MaxCached)
            {
                Cache.Clear();
            }

            regex = Cache.GetOrAdd(pattern, static p => new Regex(ToRegex(p), RegexOptions.CultureInvariant | RegexOptions.Compiled));
        }

        return regex.IsMatch(path);
    }

    /// <summary>Whether a name (no folders) matches a pattern that may hold <c>*</c> and <c>?</c>.</summary>
    public static bool IsNameMatch(string pattern, string name) => IsMatch(pattern, name);

    /// <summary>Whether the pattern holds any wildcard (an escaped one is none).</summary>
    public static bool HasWildcard(string pattern)
    {
        for (var i = 0; i < pattern.Length; i++)
        {
            if (pattern[i] == '\\')
            {
                i++;
            }
            else if (pattern[i] is '*' or '?')
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>A pattern that matches <paramref name="literal"/> and nothing else: <c>a*b?.csv</c> → <c>a\*b\?.csv</c>.</summary>
    public static string Escape(string literal)
    {
        ArgumentNullException.ThrowIfNull(literal);
        var sb = new StringBuilder(literal.Length + 4);
        foreach (var c in literal)
        {
            if (c is '*' or '?' or '\\')
            {
                sb.Append('\\');
            }

            sb.Append(c);
        }

        return sb.ToString();
    }

    /// <summary>The name a pattern without wildcards matches: <see cref="Escape"/> undone (<c>a\*b</c> → <c>a*b</c>).</summary>
    public static string Unescape(string pattern)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        if (!pattern.Contains('\\', StringComparison.Ordinal))
        {
            return pattern;
        }

        var sb = new StringBuilder(pattern.Length);
        for (var i = 0; i < pattern.Length; i++)
        {
            if (pattern[i] == '\\' && i + 1 < pattern.Length)
            {
                i++;
            }

            sb.Append(pattern[i]);
        }

        return sb.ToString();
    }

    private static string ToRegex(string pattern)
    {
        var sb = new StringBuilder("^");
        for (var i = 0; i < pattern.Length; i++)
        {
            var c = pattern[i];
            if (c == '\\' && i + 1 < pattern.Length)
            {
                sb.Append(Regex.Escape(pattern[++i].ToString()));
            }
            else if (c == '*' && i + 1 < pattern.Length && pattern[i + 1] == '*')
            {
                var slash = i + 2 < pattern.Length && pattern[i + 2] == '/';
                sb.Append(slash ? "(?:.*/)?" : ".*");
                i += slash ? 2 : 1;
            }
            else if (c == '*')
            {
                sb.Append("[^/]*");
            }
            else if (c == '?')
            {
                sb.Append("[^/]");
            }
            else
            {
                sb.Append(Regex.Escape(c.ToString()));
            }
        }

        return sb.Append('$').ToString();
    }
}
