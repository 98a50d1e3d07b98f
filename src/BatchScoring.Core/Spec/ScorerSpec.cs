using System.ComponentModel;

namespace BatchScoring.Core.Spec;

/// <summary>Which scorer runs (PRS <c>entry_script</c>), with its <c>arguments</c> and <c>side_inputs</c>.</summary>
[Description("Which scorer runs (PRS entry_script), with its arguments and side_inputs.")]
public sealed record ScorerSpec
{
    public const string OnnxTabular = "onnx-tabular";
    public const string OnnxImage = "onnx-image";

    /// <summary>Texts (a column in tabular mode, whole files in file mode) tokenized and embedded or classified by a transformer.</summary>
    public const string OnnxText = "onnx-text";

    /// <summary>Scores nothing (every item succeeds with no result columns): measures the orchestration's own overhead.</summary>
    public const string NoOp = "noop";

    [Description("onnx-tabular, onnx-image, onnx-text (texts through a transformer: model.text), noop (scores nothing; measures overhead), or the assembly-qualified name of a class implementing IMiniBatchScorer. Default: onnx-tabular in tabular mode, onnx-image in file mode.")]
    public string? Type { get; init; }

    [Description("Settings handed to the scorer (PRS arguments).")]
    public IReadOnlyDictionary<string, string> Arguments { get; init; } = new Dictionary<string, string>();

    [Description("Extra files handed to the scorer by name: paths in the store (PRS side_inputs).")]
    public IReadOnlyDictionary<string, string> SideInputs { get; init; } = new Dictionary<string, string>();

    /// <summary>The scorer type, defaulted from the input mode.</summary>
    public string ResolveType(InputMode mode) =>
        string.IsNullOrWhiteSpace(Type) ? (mode == InputMode.Tabular ? OnnxTabular : OnnxImage) : Type;
}
