using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Reflection;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Schema;

namespace BatchScoring.Core.Spec;

/// <summary>
/// The JSON Schema (draft 2020-12) of <see cref="RunSpec"/>, generated from the records with the options the
/// specs are read with, so it cannot drift from them: descriptions come from the <see cref="DescriptionAttribute"/>s
/// and bounds from the <see cref="RangeAttribute"/>s that the validator also checks. The committed copy is
/// <c>schemas/runspec.schema.json</c>; a test fails when it is out of date.
/// </summary>
internal static class RunSpecSchema
{
    public const string SchemaDialect = "https://json-schema.org/draft/2020-12/schema";

    public const string Title = "BatchScoring run spec";

    private static readonly JsonSerializerOptions WriteOptions = new()
    {
        WriteIndented = true,
        NewLine = "\n",
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>The schema as indented JSON with '\n' newlines and a trailing newline.</summary>
    public static string Generate()
    {
        var exporterOptions = new JsonSchemaExporterOptions
        {
            TreatNullObliviousAsNonNullable = true,
            TransformSchemaNode = Transform,
        };
        var schema = JsonSchemaExporter.GetJsonSchemaAsNode(RunSpecSerializer.Options, typeof(RunSpec), exporterOptions);

        var root = new JsonObject
        {
            ["$schema"] = SchemaDialect,
            ["title"] = Title,
        };
        if (schema is JsonObject body)
        {
            foreach (var name in body.Select(p => p.Key).ToList())
            {
                if (root.ContainsKey(name))
                {
                    continue;
                }

                var value = body[name];
                body.Remove(name);
                root[name] = value;
            }
        }

        return root.ToJsonString(WriteOptions) + "\n";
    }

    private static JsonNode Transform(JsonSchemaExporterContext context, JsonNode schema)
    {
        var type = context.TypeInfo.Type;
        if ((Nullable.GetUnderlyingType(type) ?? type) == typeof(ByteSize))
        {
            // ByteSize has a custom converter, which the exporter can only describe as 'anything'.
            schema = new JsonObject
            {
                ["type"] = Nullable.GetUnderlyingType(type) is null ? new JsonArray("integer", "string") : new JsonArray("integer", "string", "null"),
                ["minimum"] = 1,
                ["pattern"] = @"^\s*([0-9]+\.?[0-9]*|\.[0-9]+)([eE][+-]?[0-9]+)?\s*([KkMmGgTt]?[Bb])?\s*$",
            };
        }

        if (schema is not JsonObject obj)
        {
            return schema;
        }

        var attributes = context.PropertyInfo?.AttributeProvider;
        var description = (attributes?.GetCustomAttributes(typeof(DescriptionAttribute), inherit: true).FirstOrDefault() as DescriptionAttribute)?.Description
            ?? (Nullable.GetUnderlyingType(type) ?? type).GetCustomAttribute<DescriptionAttribute>()?.Description;
        if (!string.IsNullOrEmpty(description))
        {
            obj.Insert(0, "description", description);
        }

        if (attributes?.GetCustomAttributes(typeof(RangeAttribute), inherit: true).FirstOrDefault() is RangeAttribute range)
        {
            AddBounds(obj, range);
        }

        return obj;
    }

    /// <summary>Bounds from a <see cref="RangeAttribute"/>; long.MaxValue and double.MaxValue mean 'no maximum', double.Epsilon means 'above 0'.</summary>
    private static void AddBounds(JsonObject schema, RangeAttribute range)
    {
        var min = Convert.ToDouble(range.Minimum, System.Globalization.CultureInfo.InvariantCulture);
        var max = Convert.ToDouble(range.Maximum, System.Globalization.CultureInfo.InvariantCulture);
        if (min > 0 && min <= double.Epsilon)
        {
            schema["exclusiveMinimum"] = 0;
        }
        else if (min > double.MinValue && min > long.MinValue)
        {
            schema["minimum"] = Number(min);
        }

        if (max < long.MaxValue)
        {
            schema["maximum"] = Number(max);
        }
    }

    private static JsonNode Number(double value) =>
        value == Math.Floor(value) && Math.Abs(value) < 1e15 ? JsonValue.Create((long)value) : JsonValue.Create(value);
}
