namespace BatchScoring.Core.Data;

/// <summary>
/// What a text scorer asks the reader for in tabular mode: one column read as text. The reader hands it over as a
/// string column of the <see cref="TabularBatch"/> (<see cref="TabularBatch.Texts"/>); a null, a missing value or bytes
/// that are not UTF-8 are row errors.
/// </summary>
/// <param name="Name">What the text feeds, for messages (<c>model.text.column</c>).</param>
/// <param name="Column">The column's name.</param>
public sealed record TextInput(string Name, string Column);
