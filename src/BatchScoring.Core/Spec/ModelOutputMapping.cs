using System.ComponentModel;

namespace BatchScoring.Core.Spec;

/// <summary>How one model output becomes result columns.</summary>
[Description("How one model output becomes result columns.")]
public sealed record ModelOutputMapping
{
    [Description("Name of the model output.")]
    public string Name { get; init; } = "";

    [Description("label: one value per item; probabilities: one value per class; raw: the output tensor flattened per item.")]
    public OutputKind Kind { get; init; } = OutputKind.Raw;

    [Description("Result column name (for probabilities and raw, the prefix of the named columns). Default: the output's name.")]
    public string? Column { get; init; }

    [Description("probabilities and raw: columns (one column per value, '<column>_<i>' or '<column>_<class>') or list (one list column).")]
    public ValueLayout Layout { get; init; } = ValueLayout.Columns;

    [Description("Class names: for label, maps an integer label to a name; for probabilities, names the columns.")]
    public IReadOnlyList<string> ClassLabels { get; init; } = [];
}
