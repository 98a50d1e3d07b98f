using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace BatchScoring.Core.Spec;

/// <summary>Reads and writes run specs as JSON (camelCase names, enums as camelCase strings, unknown settings refused).</summary>
public static class RunSpecSerializer
{
    /// <summary>The options every run spec is read and written with.</summary>
    public static JsonSerializerOptions Options { get; } = CreateOptions();

    /// <summary>Parses and validates a spec; throws <see cref="BatchScoringException"/> listing every problem with its JSON path.</summary>
    public static RunSpec Parse(string json, string source = "spec")
    {
        var (spec, errors) = TryParse(json);
        if (spec is null || errors.Count > 0)
        {
            throw new BatchScoringException($"{source} is not a valid run spec:", errors.Select(e => e.ToString()).ToList());
        }

        return spec;
    }

    /// <summary>
    /// Parses and validates a spec, returning every problem found instead of throwing. The spec returned has its paths
    /// in their canonical spelling (<see cref="RunSpec.WithCanonicalPaths"/>).
    /// </summary>
    public static (RunSpec? Spec, IReadOnlyList<SpecError> Errors) TryParse(string json)
    {
        RunSpec? spec;
        try
        {
            spec = JsonSerializer.Deserialize<RunSpec>(json, Options);
        }
        catch (JsonException e)
        {
            return (null, [FromJsonException(e, json)]);
        }

        if (spec is null)
        {
            return (null, [new SpecError("$", "the document is null; expected a JSON object")]);
        }

        return (spec.WithCanonicalPaths(), RunSpecValidator.Validate(spec));
    }

    public static string Serialize(RunSpec spec) => JsonSerializer.Serialize(spec, Options);

    /// <summary>Reads a spec this library wrote (a run's staged copy): no validation, it was validated when the run started.</summary>
    public static RunSpec Deserialize(string json) =>
        JsonSerializer.Deserialize<RunSpec>(json, Options) ?? throw new BatchScoringException("The staged run spec is empty.");

    private static SpecError FromJsonException(JsonException e, string json)
    {
        var path = e.Path is null or "$" ? "$" : e.Path.StartsWith("$.", StringComparison.Ordinal) ? e.Path[2..] : e.Path;
        var message = e.Message;
        if (message.Contains("could not be mapped", StringComparison.Ordinal))
        {
            message = "unknown setting";
        }
        else if (DescribeWrongValue(e.Path ?? "$", json) is { } described)
        {
            message = described;
        }
        else if (e.InnerException is not null && e.InnerException is not JsonException)
        {
            message = e.InnerException.Message;
        }
        else
        {
            // The serializer's message ends with its own copy of the path and position; the path is ours already.
            var cut = message.IndexOf(" Path:", StringComparison.Ordinal);
            message = cut > 0 ? message[..cut] : message;
        }

        var position = e.LineNumber is long line ? $" (line {line + 1}, position {e.BytePositionInLine + 1})" : "";
        return new SpecError(path, message.TrimEnd('.') + position);
    }

    /// <summary>
    /// For a well-formed document whose value at <paramref name="jsonPath"/> has the wrong JSON type (or is not
    /// one of an enum's names), says what the setting takes and what it was, in the validator's words
    /// (<c>must be 'file' or 'tabular', was 'rows'</c>) instead of the serializer's .NET type names.
    /// Null when the document does not parse (a syntax error keeps the reader's message).
    /// </summary>
    private static string? DescribeWrongValue(string jsonPath, string json)
    {
        JsonNode? value;
        JsonTypeInfo? typeInfo;
        try
        {
            var node = JsonNode.Parse(json, documentOptions: new() { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
            typeInfo = Options.GetTypeInfo(typeof(RunSpec));
            value = node;
            foreach (var (name, index) in SplitPath(jsonPath))
            {
                if (name is not null)
                {
                    value = value?.AsObject()[name];
                    typeInfo = typeInfo.Kind switch
                    {
                        JsonTypeInfoKind.Object => typeInfo.Properties.FirstOrDefault(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase)) is { } property
                            ? Options.GetTypeInfo(property.PropertyType)
                            : null,
                        JsonTypeInfoKind.Dictionary => Options.GetTypeInfo(typeInfo.ElementType!),
                        _ => null,
                    };
                }
                else
                {
                    value = value?.AsArray()[index];
                    typeInfo = typeInfo.Kind == JsonTypeInfoKind.Enumerable ? Options.GetTypeInfo(typeInfo.ElementType!) : null;
                }

                if (typeInfo is null)
                {
                    return null;
                }
            }
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException or ArgumentException or FormatException)
        {
            return null;
        }

        var type = Nullable.GetUnderlyingType(typeInfo.Type) ?? typeInfo.Type;
        var expected = value is null && Nullable.GetUnderlyingType(typeInfo.Type) is null ? "must not be null"
            : type.IsEnum ? $"must be {OneOf(Enum.GetNames(type).Select(n => $"'{JsonNamingPolicy.CamelCase.ConvertName(n)}'").ToList())}"
            : type == typeof(ByteSize) ? "must be a number of bytes or a string such as '1MB' or '512KB'"
            : type == typeof(int) ? $"must be a whole number from {int.MinValue} to {int.MaxValue}"
            : type == typeof(long) ? $"must be a whole number from {long.MinValue} to {long.MaxValue}"
            : type == typeof(double) ? "must be a number"
            : type == typeof(bool) ? "must be true or false"
            : type == typeof(string) ? "must be a string"
            : typeInfo.Kind == JsonTypeInfoKind.Dictionary ? "must be an object of names and values"
            : typeInfo.Kind == JsonTypeInfoKind.Enumerable ? "must be an array"
            : typeInfo.Kind == JsonTypeInfoKind.Object ? "must be an object"
            : null;
        return expected is null ? null : $"{expected}, was {ShowJson(value)}";
    }

    /// <summary>Splits the serializer's path (<c>$.model.inputs[0].name</c>, <c>$.scorer.arguments['a b']</c>) into names and indexes.</summary>
    private static List<(string? Name, int Index)> SplitPath(string jsonPath)
    {
        var parts = new List<(string?, int)>();
        var i = jsonPath.StartsWith('$') ? 1 : 0;
        while (i < jsonPath.Length)
        {
            if (jsonPath[i] == '.')
            {
                var end = jsonPath.IndexOfAny(['.', '['], i + 1);
                end = end < 0 ? jsonPath.Length : end;
                parts.Add((jsonPath[(i + 1)..end], 0));
                i = end;
            }
            else if (jsonPath.AsSpan(i).StartsWith("['", StringComparison.Ordinal))
            {
                var end = jsonPath.IndexOf("']", i + 2, StringComparison.Ordinal);
                parts.Add((jsonPath[(i + 2)..end].Replace("\\'", "'", StringComparison.Ordinal), 0));
                i = end + 2;
            }
            else if (jsonPath[i] == '[')
            {
                var end = jsonPath.IndexOf(']', i);
                parts.Add((null, int.Parse(jsonPath.AsSpan(i + 1, end - i - 1), NumberStyles.None, CultureInfo.InvariantCulture)));
                i = end + 1;
            }
            else
            {
                throw new FormatException($"unexpected path {jsonPath}");
            }
        }

        return parts;
    }

    private static string OneOf(List<string> names) =>
        names.Count == 1 ? names[0] : $"{string.Join(", ", names.Take(names.Count - 1))} or {names[^1]}";

    private static string ShowJson(JsonNode? value)
    {
        var text = value is null ? "null"
            : value.GetValueKind() == JsonValueKind.String ? $"'{value.GetValue<string>()}'"
            : value.ToJsonString();
        return text.Length > 60 ? text[..57] + "..." : text;
    }

    private static JsonSerializerOptions CreateOptions()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            WriteIndented = true,
            ReadCommentHandling = JsonCommentHandling.Skip,
            AllowTrailingCommas = true,
            UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,

            // Settings are spelled exactly and numbers are numbers: a spec means one thing, as its schema says.
            NumberHandling = JsonNumberHandling.Strict,
            PropertyNameCaseInsensitive = false,
            RespectNullableAnnotations = true,
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        };
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase, allowIntegerValues: false));
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}
