using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace BatchScoring.Core.Runs;

/// <summary>
/// An output path that names each run's own file: <c>out/{runDate:yyyy/MM/dd}/{runId}.parquet</c>. Tokens:
/// <c>{runDate}</c> (the run's start, UTC, <c>yyyy-MM-dd</c>), <c>{runDate:FORMAT}</c> (a .NET date format: <c>yyyy</c>,
/// <c>MM</c>, <c>dd</c>, <c>HH</c>, <c>mm</c>, <c>ss</c> and separators) and <c>{runId}</c> (the run's id, with anything
/// but letters, digits, '.', '-' and '_' replaced by '_'). A series of runs then writes a folder of files that DuckDB,
/// Spark or Fabric read as one dataset. A run resolves its path once, when it starts.
/// </summary>
internal static partial class OutputPathTemplate
{
    /// <summary>The date a spec is checked with: any date would do, one run's is used.</summary>
    public static readonly DateTime SampleDate = new(2000, 1, 31, 23, 59, 58, DateTimeKind.Utc);

    /// <summary>The run id a spec is checked with.</summary>
    public const string SampleRunId = "run";

    /// <summary>Whether a path holds tokens.</summary>
    public static bool IsTemplate(string path) => path.Contains('{', StringComparison.Ordinal);

    /// <summary>Every problem of a template: an unknown token, an unclosed brace, a format with other letters, a token in the first segment (the container on Azure).</summary>
    public static IReadOnlyList<string> Problems(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var problems = new List<string>();
        var rest = Token().Replace(path, match =>
        {
            var name = match.Groups["name"].Value;
            var format = match.Groups["format"];
            if (name == "runId" && format.Success)
            {
                problems.Add($"'{match.Value}': {{runId}} takes no format");
            }
            else if (name == "runDate" && format.Success && !DateFormat().IsMatch(format.Value))
            {
                problems.Add($"'{match.Value}': a {{runDate}} format may hold yyyy, MM, dd, HH, mm, ss and the separators - _ . /");
            }
            else if (name is not ("runId" or "runDate"))
            {
                problems.Add($"'{match.Value}' is not a token; the tokens are {{runDate}}, {{runDate:FORMAT}} and {{runId}}");
            }

            return "";
        });
        if (rest.IndexOfAny(['{', '}']) >= 0)
        {
            problems.Add("a '{' or '}' outside a token");
        }

        var slash = path.IndexOf('/', StringComparison.Ordinal);
        if (slash >= 0 && IsTemplate(path[..slash]))
        {
            problems.Add("the first folder (the container on Azure) must be a name, not a token");
        }

        return problems;
    }

    /// <summary>The path of one run: every token replaced.</summary>
    public static string Resolve(string path, DateTime runDate, string runId)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!IsTemplate(path))
        {
            return path;
        }

        var id = SafeId(runId);
        return Token().Replace(path, match => match.Groups["name"].Value switch
        {
            "runId" => id,
            _ => runDate.ToUniversalTime().ToString(match.Groups["format"].Success ? match.Groups["format"].Value : "yyyy-MM-dd", CultureInfo.InvariantCulture),
        });
    }

    /// <summary>The folder every resolved path lies under: the path up to its first token's folder.</summary>
    public static string FixedFolder(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var brace = path.IndexOf('{', StringComparison.Ordinal);
        var upTo = brace < 0 ? path : path[..brace];
        var slash = upTo.LastIndexOf('/');
        return slash < 0 ? "" : upTo[..slash];
    }

    private static string SafeId(string id)
    {
        var sb = new StringBuilder(id.Length);
        foreach (var c in id)
        {
            sb.Append(char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_' ? c : '_');
        }

        return sb.ToString();
    }

    [GeneratedRegex(@"\{(?<name>[A-Za-z]+)(:(?<format>[^{}]*))?\}")]
    private static partial Regex Token();

    [GeneratedRegex(@"^(yyyy|yy|MM|dd|HH|mm|ss|[-_./])+$")]
    private static partial Regex DateFormat();
}
