using System.Collections.Concurrent;
using System.Text;
using System.Text.RegularExpressions;

namespace BatchScoring.Core;

/// <summary>
/// Path globs over '/'-separated relative paths: <c>*</c> and <c>?</c> stay inside one folder,
/// <c>**</c> crosses folders (<c>**/</c> also matches no folder at all). Matching is ordinal (case-sensitive),
/// as blob names are.
/// </summary>
public static class Glob
{
    private static readonly ConcurrentDictionary<string, Regex> Cache = new(StringComparer.Ordinal);

    public static bool IsMatch(string pattern, string path) =>
        Cache.GetOrAdd(pattern, static p => new Regex(ToRegex(p), RegexOptions.CultureInvariant | RegexOptions.Compiled)).IsMatch(path);

    /// <summary>Whether a name (no folders) matches a pattern that may hold <c>*</c> and <c>?</c>.</summary>
    public static bool IsNameMatch(string pattern, string name) => IsMatch(pattern, name);

    /// <summary>Whether the pattern holds any wildcard.</summary>
    public static bool HasWildcard(string pattern) => pattern.AsSpan().IndexOfAny('*', '?') >= 0;

    private static string ToRegex(string pattern)
    {
        var sb = new StringBuilder("^");
        for (var i = 0; i < pattern.Length; i++)
        {
            var c = pattern[i];
            if (c == '*' && i + 1 < pattern.Length && pattern[i + 1] == '*')
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
