using System.ComponentModel;

namespace BatchScoring.Core.Spec;

/// <summary>Input columns (names or globs such as <c>pixel_*</c>, expanded in file order) that feed one model input.</summary>
[Description("Input columns (names or globs such as 'pixel_*', expanded in file order) that feed one model input.")]
public sealed record ModelInputMapping
{
    [Description("Name of the model input.")]
    public string Name { get; init; } = "";

    [Description("Column names or globs ('pixel_*'), expanded in the order of the file's columns.")]
    public IReadOnlyList<string> Columns { get; init; } = [];
}
