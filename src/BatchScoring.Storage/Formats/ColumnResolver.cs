using BatchScoring.Core;
using BatchScoring.Core.Data;

namespace BatchScoring.Storage.Formats;

/// <summary>Expands feature column names and globs against a file's columns.</summary>
public static class ColumnResolver
{
    /// <summary>
    /// Indexes of the feature columns: each pattern in turn, its matches in the file's column order, pass-through
    /// columns left out, no column twice. Throws naming the file, the pattern and the columns it has when a
    /// pattern matches nothing.
    /// </summary>
    public static int[] ResolveFeatures(IReadOnlyList<string> columns, IReadOnlyList<string> patterns, IReadOnlyList<string> passThrough, string path)
    {
        var result = new List<int>();
        var taken = new HashSet<int>();
        foreach (var pattern in patterns)
        {
            var matched = false;
            for (var i = 0; i < columns.Count; i++)
            {
                if (Glob.IsNameMatch(pattern, columns[i]) && !passThrough.Contains(columns[i]))
                {
                    matched = true;
                    if (taken.Add(i))
                    {
                        result.Add(i);
                    }
                }
            }

            if (!matched)
            {
                throw new BatchScoringException($"model.inputs: column '{pattern}' is not in '{path}' (its columns: {Describe(columns)}).");
            }
        }

        return [.. result];
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
