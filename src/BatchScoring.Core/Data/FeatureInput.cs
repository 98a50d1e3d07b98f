namespace BatchScoring.Core.Data;

/// <summary>
/// What a scorer asks the reader for in tabular mode: the columns (names, read by name wherever a file has them, or
/// globs such as <c>pixel_*</c>, whose numbered matches are taken in numeric order; pass-through columns left out)
/// that feed one input, and the element type to read them into. The reader hands them over as one row-major <see cref="FeatureBlock"/> per input.
/// </summary>
/// <param name="Name">The input's name, for messages.</param>
/// <param name="Columns">Column names or globs.</param>
/// <param name="ElementType">What every value is parsed or converted into.</param>
/// <param name="Width">Values per row the input takes, when it is fixed; the reader fails a file whose columns give another count.</param>
public sealed record FeatureInput(string Name, IReadOnlyList<string> Columns, FeatureElementType ElementType, int? Width = null)
{
    /// <summary>Columns read as doubles (custom scorers that want plain numbers).</summary>
    public static FeatureInput Doubles(params string[] columns) => new("features", columns, FeatureElementType.Double);
}
