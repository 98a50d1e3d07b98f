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

    /// <summary>Throws <see cref="BatchScoringException"/> listing every problem when the spec is not valid.</summary>
    public static void ThrowIfInvalid(RunSpec spec, string source = "spec")
    {
        var errors = Validate(spec);
        if (errors.Count > 0)
        {
            throw new BatchScoringException($"{source} is not a valid run spec:", errors.Select(e => e.ToString()).ToList());
        }
    }

    private static void CheckName(RunSpec spec, List<SpecError> errors)
    {
        if (!NamePattern().IsMatch(spec.Name))
        {
            errors.Add(new("name", $"must be 1-64 letters, digits, '-', '_' or '.', was {Show(spec.Name)}"));
        }
    }

    private static void CheckInput(RunSpec spec, List<SpecError> errors)
    {
        var input = spec.Input;
        CheckStorePath("input.location", input.Location, required: true, errors);
        if (string.IsNullOrWhiteSpace(input.Glob))
        {
            errors.Add(new("input.glob", "must not be empty; use '**' for every file"));
        }

        if (input.Mode == InputMode.File && input.Format is not null)
        {
            errors.Add(new("input.format", $"only valid in tabular mode (input.mode is file), was {Show(input.Format)}"));
        }

        if (input.Mode == InputMode.File && input.PassThroughColumns.Count > 0)
        {
            errors.Add(new("input.passThroughColumns", "only valid in tabular mode (input.mode is file); file mode rows carry the file name"));
        }

        CheckNames("input.partitionKeys", input.PartitionKeys, errors);
        CheckNames("input.passThroughColumns", input.PassThroughColumns, errors);
    }

    private static void CheckMiniBatch(RunSpec spec, List<SpecError> errors)
    {
        var mb = spec.MiniBatch;
        var set = new[] { ("files", mb.Files is not null), ("rows", mb.Rows is not null), ("bytes", mb.Bytes is not null) }
            .Where(x => x.Item2).Select(x => x.Item1).ToList();
        if (set.Count > 1)
        {
            errors.Add(new("miniBatch", $"set one of files, rows or bytes, was {string.Join(" and ", set)}"));
        }

        if (spec.Input.Mode == InputMode.File && mb.Rows is not null)
        {
            errors.Add(new("miniBatch.rows", "only valid in tabular mode (input.mode is file); use miniBatch.files"));
        }

        if (spec.Input.Mode == InputMode.File && mb.Bytes is not null)
        {
            errors.Add(new("miniBatch.bytes", "only valid in tabular mode (input.mode is file); use miniBatch.files"));
        }

        if (spec.Input.Mode == InputMode.Tabular && mb.Files is not null)
        {
            errors.Add(new("miniBatch.files", "only valid in file mode (input.mode is tabular); use miniBatch.rows or miniBatch.bytes"));
        }

        if (mb.Bytes is { } bytes && bytes.Value < 1)
        {
            errors.Add(new("miniBatch.bytes", $"must be at least 1, was {bytes.Value}"));
        }
    }

    private static void CheckModel(RunSpec spec, List<SpecError> errors)
    {
        var model = spec.Model;
        var scorer = spec.Scorer.ResolveType(spec.Input.Mode);
        var builtIn = scorer is ScorerSpec.OnnxTabular or ScorerSpec.OnnxImage or ScorerSpec.OnnxText;
        CheckStorePath("model.location", model.Location, required: builtIn, errors);
        if (builtIn && !string.IsNullOrEmpty(model.Location) && !model.Location.EndsWith(".onnx", StringComparison.OrdinalIgnoreCase))
        {
            errors.Add(new("model.location", $"must be an .onnx file, was {Show(model.Location)}"));
        }

        if (spec.Input.Mode == InputMode.File && model.Inputs.Count > 0 && scorer == ScorerSpec.OnnxImage)
        {
            errors.Add(new("model.inputs", "only valid in tabular mode; the image scorer feeds the model's only input from model.image"));
        }

        if (scorer == ScorerSpec.OnnxText && model.Inputs.Count > 0)
        {
            errors.Add(new("model.inputs", "not used by scorer.type onnx-text, which feeds the model's token inputs named in model.text"));
        }

        if (scorer == ScorerSpec.OnnxText && model.Outputs.Count > 0)
        {
            errors.Add(new("model.outputs", "not used by scorer.type onnx-text; name the output in model.text.output"));
        }

        var inputNames = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < model.Inputs.Count; i++)
        {
            var m = model.Inputs[i];
            if (m is null)
            {
                errors.Add(new($"model.inputs[{i}]", "must not be null"));
                continue;
            }

            if (string.IsNullOrWhiteSpace(m.Name))
            {
                errors.Add(new($"model.inputs[{i}].name", "is required"));
            }
            else if (!inputNames.Add(m.Name))
            {
                errors.Add(new($"model.inputs[{i}].name", $"is mapped twice, was {Show(m.Name)}"));
            }

            if (m.Columns.Count == 0)
            {
                errors.Add(new($"model.inputs[{i}].columns", "must name at least one column or glob"));
            }

            CheckNames($"model.inputs[{i}].columns", m.Columns, errors);
        }

        var outputNames = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < model.Outputs.Count; i++)
        {
            var o = model.Outputs[i];
            if (o is null)
            {
                errors.Add(new($"model.outputs[{i}]", "must not be null"));
                continue;
            }

            if (string.IsNullOrWhiteSpace(o.Name))
            {
                errors.Add(new($"model.outputs[{i}].name", "is required"));
            }
            else if (!outputNames.Add(o.Name))
            {
                errors.Add(new($"model.outputs[{i}].name", $"is mapped twice, was {Show(o.Name)}"));
            }

            if (o.Column is not null && string.IsNullOrWhiteSpace(o.Column))
            {
                errors.Add(new($"model.outputs[{i}].column", "must not be empty when given"));
            }

            if (o.Kind == OutputKind.Raw && o.ClassLabels.Count > 0)
            {
                errors.Add(new($"model.outputs[{i}].classLabels", "only valid for kind label or probabilities"));
            }

            CheckNames($"model.outputs[{i}].classLabels", o.ClassLabels, errors);
        }

        if (model.Image is { } image)
        {
            if (spec.Input.Mode != InputMode.File)
            {
                errors.Add(new("model.image", "only valid in file mode (input.mode is tabular)"));
            }

            var channels = image.Channels == ChannelOrder.Gray ? 1 : 3;
            CheckPerChannel("model.image.mean", image.Mean, channels, image.Channels, errors, mustBePositive: false);
            CheckPerChannel("model.image.std", image.Std, channels, image.Channels, errors, mustBePositive: true);
        }
    }

    private static void CheckScorer(RunSpec spec, List<SpecError> errors)
    {
        var type = spec.Scorer.ResolveType(spec.Input.Mode);
        if (spec.Scorer.Type is not null && string.IsNullOrWhiteSpace(spec.Scorer.Type))
        {
            errors.Add(new("scorer.type", "must not be empty when given; omit it for the built-in ONNX scorer"));
        }
        else if (type == ScorerSpec.OnnxImage && spec.Input.Mode != InputMode.File)
        {
            errors.Add(new("scorer.type", $"onnx-image needs input.mode file, was {Show(spec.Input.Mode)}"));
        }
        else if (type == ScorerSpec.OnnxTabular && spec.Input.Mode != InputMode.Tabular)
        {
            errors.Add(new("scorer.type", $"onnx-tabular needs input.mode tabular, was {Show(spec.Input.Mode)}"));
        }
        else if (type is not (ScorerSpec.OnnxImage or ScorerSpec.OnnxTabular or ScorerSpec.OnnxText or ScorerSpec.NoOp) && !TypeNamePattern().IsMatch(type))
        {
            errors.Add(new("scorer.type", $"must be onnx-tabular, onnx-image, onnx-text, noop or a .NET type name such as 'MyCompany.Scoring.MyScorer, MyCompany.Scoring', was {Show(type)}"));
        }

        foreach (var (name, path) in spec.Scorer.SideInputs)
        {
            CheckStorePath($"scorer.sideInputs.{name}", path, required: true, errors);
        }

        foreach (var (name, value) in spec.Scorer.Arguments)
        {
            if (value is null)
            {
                errors.Add(new($"scorer.arguments.{name}", "must not be null; use \"\" for an empty value"));
            }
        }
    }

    private static void CheckOutput(RunSpec spec, List<SpecError> errors)
    {
        var output = spec.Output;
        CheckStorePath("output.path", output.Path, required: true, errors);
        if (!string.IsNullOrWhiteSpace(output.Path) && output.Format is null)
        {
            errors.Add(new("output.path", $"extension must be .csv, .jsonl or .parquet, was {Show(Path.GetExtension(output.Path))}"));
        }

        if (!string.IsNullOrWhiteSpace(output.Path) && !string.IsNullOrWhiteSpace(spec.Input.Location))
        {
            var location = spec.Input.Location.Trim('/') + "/";
            if (output.Path.TrimStart('/').StartsWith(location, StringComparison.Ordinal)
                && Glob.IsMatch(spec.Input.Glob, output.Path.TrimStart('/')[location.Length..]))
            {
                errors.Add(new("output.path", $"lies among the inputs (input.location {Show(spec.Input.Location)} with glob {Show(spec.Input.Glob)}), so a later run would score it, was {Show(output.Path)}"));
            }
        }
    }

    private static void CheckPerChannel(string path, IReadOnlyList<double> values, int channels, ChannelOrder order, List<SpecError> errors, bool mustBePositive)
    {
        if (values.Count != 1 && values.Count != channels)
        {
            var expected = channels == 1 ? "1 value" : $"1 or {channels} values";
            errors.Add(new(path, $"must hold {expected} for channels {Show(order)}, was {values.Count}"));
        }

        for (var i = 0; i < values.Count; i++)
        {
            if (!double.IsFinite(values[i]) || (mustBePositive && values[i] <= 0))
            {
                errors.Add(new($"{path}[{i}]", $"must be {(mustBePositive ? "a positive" : "a finite")} number, was {values[i].ToString(CultureInfo.InvariantCulture)}"));
            }
        }
    }

    private static void CheckStorePath(string path, string value, bool required, List<SpecError> errors)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            if (required)
            {
                errors.Add(new(path, "is required"));
            }

            return;
        }

        if (value.StartsWith('/') || value.Contains('\\', StringComparison.Ordinal) || (value.Length > 1 && value[1] == ':'))
        {
            errors.Add(new(path, $"must be a path relative to the store root with '/' separators, was {Show(value)}"));
        }
        else if (value.Split('/').Any(s => s is ".." or "."))
        {
            errors.Add(new(path, $"must not contain '.' or '..' segments, was {Show(value)}"));
        }
    }

    private static void CheckNames(string path, IReadOnlyList<string> names, List<SpecError> errors)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < names.Count; i++)
        {
            if (string.IsNullOrWhiteSpace(names[i]))
            {
                errors.Add(new($"{path}[{i}]", "must not be empty"));
            }
            else if (!seen.Add(names[i]))
            {
                errors.Add(new($"{path}[{i}]", $"is listed twice, was {Show(names[i])}"));
            }
        }
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
