using System.Text.Json;
using System.Text.Json.Serialization;

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

    /// <summary>Parses and validates a spec, returning every problem found instead of throwing.</summary>
    public static (RunSpec? Spec, IReadOnlyList<SpecError> Errors) TryParse(string json)
    {
        RunSpec? spec;
        try
        {
            spec = JsonSerializer.Deserialize<RunSpec>(json, Options);
        }
        catch (JsonException e)
        {
            return (null, [FromJsonException(e)]);
        }

        if (spec is null)
        {
            return (null, [new SpecError("$", "the document is null; expected a JSON object")]);
        }

        return (spec, RunSpecValidator.Validate(spec));
    }

    public static string Serialize(RunSpec spec) => JsonSerializer.Serialize(spec, Options);

    private static SpecError FromJsonException(JsonException e)
    {
        var path = e.Path is null or "$" ? "$" : e.Path.StartsWith("$.", StringComparison.Ordinal) ? e.Path[2..] : e.Path;
        var message = e.Message;
        if (message.Contains("could not be mapped", StringComparison.Ordinal))
        {
            message = "unknown setting";
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

    private static JsonSerializerOptions CreateOptions()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            WriteIndented = true,
            ReadCommentHandling = JsonCommentHandling.Skip,
            AllowTrailingCommas = true,
            UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
            RespectNullableAnnotations = true,
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        };
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase, allowIntegerValues: false));
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}
