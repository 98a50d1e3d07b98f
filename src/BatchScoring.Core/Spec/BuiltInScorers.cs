namespace BatchScoring.Core.Spec;

/// <summary>
/// What the spec rules of one built-in scorer are, in one place: the input mode it needs (null: either), whether it
/// loads an ONNX model from <c>model.location</c>, what it says of <c>model.inputs</c> and <c>model.outputs</c> it
/// does not use (null: it uses them), whether it reads <c>model.text</c>, and its default tabular mini-batch in rows
/// (null: sized by bytes). The validator and the planner read these; the engine's <c>ScorerProvider</c> creates each
/// one from its <see cref="Type"/>; its output columns are the scorer's own <c>OutputSchema</c>.
/// </summary>
internal sealed record BuiltInScorer(
    string Type,
    InputMode? Mode,
    bool LoadsOnnxModel,
    string? ModelInputsNotUsed,
    string? ModelOutputsNotUsed,
    bool ReadsText,
    long? DefaultRows);

/// <summary>The built-in scorers (<c>scorer.type</c>); any other type is a custom scorer's .NET type name.</summary>
internal static class BuiltInScorers
{
    public static BuiltInScorer OnnxTabular { get; } = new(ScorerSpec.OnnxTabular, InputMode.Tabular, LoadsOnnxModel: true, null, null, ReadsText: false, DefaultRows: null);

    public static BuiltInScorer OnnxImage { get; } = new(
        ScorerSpec.OnnxImage,
        InputMode.File,
        LoadsOnnxModel: true,
        ModelInputsNotUsed: "only valid in tabular mode; the image scorer feeds the model's only input from model.image",
        ModelOutputsNotUsed: null,
        ReadsText: false,
        DefaultRows: null);

    public static BuiltInScorer OnnxText { get; } = new(
        ScorerSpec.OnnxText,
        Mode: null,
        LoadsOnnxModel: true,
        ModelInputsNotUsed: "not used by scorer.type onnx-text, which feeds the model's token inputs named in model.text",
        ModelOutputsNotUsed: "not used by scorer.type onnx-text; name the output in model.text.output",
        ReadsText: true,
        DefaultRows: MiniBatchSpec.DefaultTextRows);

    public static BuiltInScorer NoOp { get; } = new(ScorerSpec.NoOp, Mode: null, LoadsOnnxModel: false, null, null, ReadsText: false, DefaultRows: null);

    /// <summary>Every built-in scorer, in the order messages name them.</summary>
    public static IReadOnlyList<BuiltInScorer> All { get; } = [OnnxTabular, OnnxImage, OnnxText, NoOp];

    /// <summary>The built-in scorer named <paramref name="type"/>, or null (a custom type, or none given).</summary>
    public static BuiltInScorer? Find(string? type) => All.FirstOrDefault(s => s.Type == type);
}
