using System.Globalization;
using BatchScoring.Core;
using BatchScoring.Core.Data;

namespace BatchScoring.Storage.Formats;

/// <summary>
/// Expands feature column names and globs against a file's columns. A name (no wildcard, or every wildcard escaped)
/// is looked up by name wherever the file has it. A glob's matches are taken in the numeric order of their number
/// when they are numbered names (<c>pixel_*</c> gives <c>pixel_0, pixel_1, pixel_2, ..., pixel_10</c> whatever the
/// order of the file's columns, so a header sorted as text or shuffled feeds the same values); otherwise in the
/// file's column order, which planning then fixes for the whole run (every file is read by those names).
/// </summary>
public static class ColumnResolver
{
    /// <summary>
    /// Indexes of the feature columns: each pattern in turn (a name where the file has it; a glob's matches in numeric
    /// order when numbered, else in the file's order), pass-through columns left out, no column twice. Throws naming
    /// the file, the pattern and the columns it has when a pattern matches nothing.
    /// </summary>
    public static int[] ResolveFeatures(IReadOnlyList<string> columns, IReadOnlyList<string> patterns, IReadOnlyList<string> passThrough, string path)
    {
        var result = new List<int>();
        var taken = new HashSet<int>();
        Dictionary<string, int>? byName = null;
        foreach (var pattern in patterns)
        {
            if (!Glob.HasWildcard(pattern))
            {
                byName ??= IndexByName(columns);
                var name = Glob.Unescape(pattern);
                if (!byName.TryGetValue(name, out var index) || passThrough.Contains(name))
                {
                    throw new BatchScoringException($"model.inputs: column '{name}' is not in '{path}' (its columns: {Describe(columns)}).");
                }

                if (taken.Add(index))
                {
                    result.Add(index);
                }

                continue;
            }

            var matches = new List<int>();
            for (var i = 0; i < columns.Count; i++)
            {
                if (Glob.IsNameMatch(pattern, columns[i]) && !passThrough.Contains(columns[i]))
                {
                    matches.Add(i);
                }
            }

            if (matches.Count == 0)
            {
                throw new BatchScoringException($"model.inputs: column '{pattern}' is not in '{path}' (its columns: {Describe(columns)}).");
            }

            foreach (var i in NumericOrder(columns, matches) ?? matches)
            {
                if (taken.Add(i))
                {
                    result.Add(i);
                }
            }
        }

        return [.. result];
    }

    /// <summary>
    /// The matches ordered by their number, when every name is the same text around one number (the last run of
    /// digits: <c>pixel_7</c>, <c>f12_scaled</c>) and no two numbers are equal; null otherwise (the file's order stands).
    /// </summary>
    internal static List<int>? NumericOrder(IReadOnlyList<string> columns, List<int> matches)
    {
        if (matches.Count < 2)
        {
            return null;
        }

        var numbered = new List<(decimal Number, int Index)>(matches.Count);
        string? prefix = null, suffix = null;
        foreach (var i in matches)
        {
            var name = columns[i];
            var end = name.Length;
            while (end > 0 && !char.IsAsciiDigit(name[end - 1]))
            {
                end--;
            }

            var start = end;
            while (start > 0 && char.IsAsciiDigit(name[start - 1]))
            {
                start--;
            }

            if (start == end || end - start > 28)
            {
                return null;
            }

            var (before, after) = (name[..start], name[end..]);
            if (prefix is null)
            {
                (prefix, suffix) = (before, after);
            }
            else if (before != prefix || after != suffix)
            {
                return null;
            }

            numbered.Add((decimal.Parse(name.AsSpan(start, end - start), NumberStyles.None, CultureInfo.InvariantCulture), i));
        }

        numbered.Sort((a, b) => a.Number.CompareTo(b.Number));
        for (var k = 1; k < numbered.Count; k++)
        {
            if (numbered[k].Number == numbered[k - 1].Number)
            {
                return null;
            }
        }

        return numbered.ConvertAll(n => n.Index);
    }

    /// <summary>Indexes of the pass-through columns; throws naming the file and the column when one is missing.</summary>
    public static int[] ResolvePassThrough(IReadOnlyList<string> columns, IReadOnlyList<string> passThrough, string path) =>
        passThrough.Select(name =>
        {
            var i = columns.IndexOf(name);
            return i >= 0 ? i : throw new BatchScoringException($"input.passThroughColumns: column '{name}' is not in '{path}' (its columns: {Describe(columns)}).");
        }).ToArray();

    /// <summary>Indexes of the text columns; throws naming the setting, the file and the column when one is missing.</summary>
    public static int[] ResolveTexts(IReadOnlyList<string> columns, IReadOnlyList<TextInput> texts, string path) =>
        texts.Select(text =>
        {
            var i = columns.IndexOf(text.Column);
            return i >= 0 ? i : throw new BatchScoringException($"{text.Name}: column '{text.Column}' is not in '{path}' (its columns: {Describe(columns)}).");
        }).ToArray();

    /// <summary>
    /// Throws naming the file and the column when a column the run reads (<paramref name="used"/>) appears more than
    /// once among the file's columns: which of them would be read is a guess.
    /// </summary>
    public static void CheckNoDuplicates(IReadOnlyList<string> columns, IEnumerable<int> used, string path)
    {
        var first = new Dictionary<string, int>(StringComparer.Ordinal);
        var duplicates = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < columns.Count; i++)
        {
            if (!first.TryAdd(columns[i], i))
            {
                duplicates.TryAdd(columns[i], i);
            }
        }

        if (duplicates.Count == 0)
        {
            return;
        }

        foreach (var i in used)
        {
            if (duplicates.TryGetValue(columns[i], out var second))
            {
                throw new BatchScoringException(
                    $"'{path}' has two columns named '{columns[i]}' (columns {first[columns[i]] + 1} and {second + 1}); rename one: which of them to read would be a guess.");
            }
        }
    }

    private static Dictionary<string, int> IndexByName(IReadOnlyList<string> columns)
    {
        var byName = new Dictionary<string, int>(columns.Count, StringComparer.Ordinal);
        for (var i = 0; i < columns.Count; i++)
        {
            byName.TryAdd(columns[i], i);
        }

        return byName;
    }

    private static int IndexOf(this IReadOnlyList<string> list, string value)
    {
        for (var i = 0; i < list.Count; i++)
        {
            if (list[i] == value)
            {
                return i;
            }
        }

        return -1;
    }

    private static string Describe(IReadOnlyList<string> columns) =>
        columns.Count <= 12 ? string.Join(", ", columns) : string.Join(", ", columns.Take(12)) + $", ... {columns.Count} in all";
}
