using System.Globalization;

namespace BatchScoring.Core.Spec;

/// <summary>The model section: inputs, outputs, image preprocessing, execution provider.</summary>
public static partial class RunSpecValidator
{
    private static void CheckModel(RunSpec spec, List<SpecError> errors)
    {
        var model = spec.Model;
        var builtIn = BuiltInScorers.Find(spec.Scorer.ResolveType(spec.Input.Mode));
        var loadsModel = builtIn?.LoadsOnnxModel == true;
        CheckStorePath("model.location", model.Location, required: loadsModel, errors);
        if (loadsModel && !string.IsNullOrEmpty(model.Location) && !model.Location.EndsWith(".onnx", StringComparison.OrdinalIgnoreCase))
        {
            errors.Add(new("model.location", $"must be an .onnx file, was {Show(model.Location)}"));
        }

        // In the wrong input mode the scorer type itself is reported (CheckScorer); its sections are checked in the right one.
        if (builtIn is not null && (builtIn.Mode is null || builtIn.Mode == spec.Input.Mode))
        {
            if (builtIn.ModelInputsNotUsed is { } inputs && model.Inputs.Count > 0)
            {
                errors.Add(new("model.inputs", inputs));
            }

            if (builtIn.ModelOutputsNotUsed is { } outputs && model.Outputs.Count > 0)
            {
                errors.Add(new("model.outputs", outputs));
            }
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
}
