using System.Text.Json;
using System.Text.Json.Serialization;
using BatchScoring.Core.Data;

namespace BatchScoring.Engine;

/// <summary>Error records as JSON Lines: <c>{"miniBatch":3,"item":"a.csv row 17","kind":"invalidValue","message":"..."}</c>.</summary>
public static class ErrorRecordWriter
{
    private static readonly JsonSerializerOptions Options = CreateOptions();

    public static byte[] ToJsonLine(ErrorRecord record)
    {
        var bytes = JsonSerializer.SerializeToUtf8Bytes(record, Options);
        var line = new byte[bytes.Length + 1];
        bytes.CopyTo(line, 0);
        line[^1] = (byte)'\n';
        return line;
    }

    public static ErrorRecord Parse(string line) =>
        JsonSerializer.Deserialize<ErrorRecord>(line, Options) ?? throw new JsonException("An error record line is null.");

    private static JsonSerializerOptions CreateOptions()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase));
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}
