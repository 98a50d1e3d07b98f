using System.Collections;
using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Reflection;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace BatchScoring.Core.Spec;

/// <summary>
/// Checks a run spec and reports every problem at once, each with its JSON path and the offending value.
/// Numeric ranges come from the <see cref="RangeAttribute"/>s on the records (the JSON Schema uses the same
/// attributes); rules across fields are written out below.
/// </summary>
public static partial class RunSpecValidator
{
    public static IReadOnlyList<SpecError> Validate(RunSpec spec)
    {
        var errors = new List<SpecError>();
        CheckRanges(spec, "", errors);
        CheckName(spec, errors);
        CheckInput(spec, errors);
        CheckMiniBatch(spec, errors);
        CheckModel(spec, errors);
        CheckText(spec, errors);
        CheckScorer(spec, errors);
        CheckOutput(spec, errors);
        return errors;
    }

    /// <summary>Walks the records and checks every property that carries a <see cref="RangeAttribute"/>.</summary>
    private static void CheckRanges(object node, string prefix, List<SpecError> errors)
    {
        foreach (var property in node.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (property.GetIndexParameters().Length > 0 || property.IsDefined(typeof(System.Text.Json.Serialization.JsonIgnoreAttribute)))
            {
                continue;
            }

            var path = prefix.Length == 0 ? JsonName(property) : $"{prefix}.{JsonName(property)}";
            var value = property.GetValue(node);
            if (value is null)
            {
                continue;
            }

            if (property.GetCustomAttribute<RangeAttribute>() is { } range)
            {
                var number = Convert.ToDouble(value, CultureInfo.InvariantCulture);
                var min = Convert.ToDouble(range.Minimum, CultureInfo.InvariantCulture);
                var max = Convert.ToDouble(range.Maximum, CultureInfo.InvariantCulture);
                if (double.IsNaN(number) || number < min || number > max)
                {
                    errors.Add(new(path, $"{DescribeRange(min, max)}, was {Convert.ToString(value, CultureInfo.InvariantCulture)}"));
                }
            }
            else if (value is IList list)
            {
                for (var i = 0; i < list.Count; i++)
                {
                    if (list[i] is { } item && IsSpecRecord(item))
                    {
                        CheckRanges(item, $"{path}[{i}]", errors);
                    }
                }
            }
            else if (IsSpecRecord(value))
            {
                CheckRanges(value, path, errors);
            }
        }
    }

    private static bool IsSpecRecord(object value) =>
        value.GetType() is { IsClass: true, IsArray: false } type && type.Namespace == typeof(RunSpec).Namespace;

    // The positive-number sentinel is tested first: double.MaxValue is also >= long.MaxValue, and
    // "must be at least 0" (double.Epsilon formatted) would wrongly suggest that 0 is allowed.
    private static string DescribeRange(double min, double max) =>
        min <= double.Epsilon && min > 0 && max >= double.MaxValue ? "must be a positive number"
        : max >= long.MaxValue ? $"must be at least {Format(min)}"
        : $"must be between {Format(min)} and {Format(max)}";

    private static string Format(double d) => d.ToString("0.##########", CultureInfo.InvariantCulture);

    private static string JsonName(PropertyInfo property) => JsonNamingPolicy.CamelCase.ConvertName(property.Name);

    private static string Show(object? value) => value switch
    {
        null => "null",
        string s => $"'{s}'",
        Enum e => $"'{JsonNamingPolicy.CamelCase.ConvertName(e.ToString())}'",
        _ => Convert.ToString(value, CultureInfo.InvariantCulture) ?? "",
    };

    [GeneratedRegex("^[A-Za-z0-9._-]{1,64}$")]
    private static partial Regex NamePattern();

    [GeneratedRegex(@"^[A-Za-z_][A-Za-z0-9_.+`]*(\s*,\s*[A-Za-z_][A-Za-z0-9_.=\- ]*)*$")]
    private static partial Regex TypeNamePattern();
}
