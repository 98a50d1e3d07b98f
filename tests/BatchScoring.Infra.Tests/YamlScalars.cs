using System.Text.RegularExpressions;

namespace BatchScoring.Infra.Tests;

/// <summary>
/// Reads the scalar values of a YAML file's nested mappings as dotted paths ("services.functions.host" → "function").
/// Enough for azure.yaml: block scalars (<c>run: |</c>) are recorded as their text, sequences are skipped.
/// Not a general YAML parser: no anchors, flow collections or multi-document streams.
/// </summary>
internal static partial class YamlScalars
{
    public static IReadOnlyDictionary<string, string> Read(string path) => Parse(File.ReadAllLines(path));

    public static IReadOnlyDictionary<string, string> Parse(IReadOnlyList<string> lines)
    {
        ArgumentNullException.ThrowIfNull(lines);
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        var parents = new Stack<(int Indent, string Key)>();
        for (var index = 0; index < lines.Count; index++)
        {
            var line = lines[index];
            var content = line.Trim();
            if (content.Length == 0 || content.StartsWith('#') || content.StartsWith('-'))
            {
                continue;
            }

            var indent = line.Length - line.TrimStart(' ').Length;
            while (parents.Count > 0 && parents.Peek().Indent >= indent)
            {
                parents.Pop();
            }

            var match = KeyValue().Match(content);
            if (!match.Success)
            {
                continue;
            }

            var key = match.Groups["key"].Value;
            var value = StripComment(match.Groups["value"].Value).Trim();
            var path = string.Join('.', parents.Reverse().Select(parent => parent.Key).Append(key));
            if (value.Length == 0)
            {
                parents.Push((indent, key));
            }
            else if (value is "|" or ">" or "|-" or ">-")
            {
                var block = new List<string>();
                while (index + 1 < lines.Count && (lines[index + 1].Trim().Length == 0 || Indent(lines[index + 1]) > indent))
                {
                    block.Add(lines[++index].Trim());
                }

                values[path] = string.Join('\n', block).Trim();
            }
            else
            {
                values[path] = value.Trim('"', '\'');
            }
        }

        return values;
    }

    private static int Indent(string line) => line.Length - line.TrimStart(' ').Length;

    private static string StripComment(string value)
    {
        var hash = value.IndexOf(" #", StringComparison.Ordinal);
        return hash < 0 ? value : value[..hash];
    }

    [GeneratedRegex(@"^(?<key>[A-Za-z0-9_.\-]+):(\s+(?<value>.*))?$")]
    private static partial Regex KeyValue();
}
