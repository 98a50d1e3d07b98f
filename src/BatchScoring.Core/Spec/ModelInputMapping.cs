using System.ComponentModel;

namespace BatchScoring.Core.Spec;

/// <summary>
/// Input columns (names, or globs such as <c>pixel_*</c>) that feed one model input, read by name in every file.
/// </summary>
[Description("Input columns (names, or globs such as 'pixel_*') that feed one model input, read by name in every file.")]
public sealed record ModelInputMapping
{
    [Description("Name of the model input.")]
    public string Name { get; init; } = "";

    [Description("Column names or globs, in the order the model input takes them. A glob of numbered names ('pixel_*') is taken in numeric order (pixel_0, pixel_1, ..., pixel_10); any other glob in the first input file's column order. Every file is read by these names, whatever its own column order; a file that lacks one, or has another the glob matches, fails planning.")]
    public IReadOnlyList<string> Columns { get; init; } = [];
}
