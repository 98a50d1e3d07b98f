using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace BatchScoring.Core.Spec;

/// <summary>A number of bytes, written in JSON as a number or as a string with a unit ("1MB", "512 KB").</summary>
[JsonConverter(typeof(ByteSizeJsonConverter))]
public readonly record struct ByteSize(long Value)
{
    private static readonly (string Suffix, long Factor)[] Units =
    [
        ("KB", 1L << 10), ("MB", 1L << 20), ("GB", 1L << 30), ("TB", 1L << 40), ("B", 1),
    ];

    public static bool TryParse(string text, out ByteSize size)
    {
        size = default;
        var s = text.Trim();
        long factor = 1;
        foreach (var (suffix, f) in Units)
        {
            if (s.EndsWith(suffix, StringComparison.OrdinalIgnoreCase))
            {
                factor = f;
                s = s[..^suffix.Length].TrimEnd();
                break;
            }
        }

        if (!double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) || number < 0 || double.IsNaN(number))
        {
            return false;
        }

        size = new ByteSize((long)Math.Round(number * factor));
        return true;
    }

    public override string ToString() => Value.ToString(CultureInfo.InvariantCulture);

    private sealed class ByteSizeJsonConverter : JsonConverter<ByteSize>
    {
        public override ByteSize Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            if (reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out var n))
            {
                return new ByteSize(n);
            }

            if (reader.TokenType == JsonTokenType.String && TryParse(reader.GetString()!, out var size))
            {
                return size;
            }

            throw new JsonException("expected a number of bytes or a string such as \"1MB\"");
        }

        public override void Write(Utf8JsonWriter writer, ByteSize value, JsonSerializerOptions options) =>
            writer.WriteNumberValue(value.Value);
    }
}
