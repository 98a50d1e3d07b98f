namespace BatchScoring.Storage.Formats;

/// <summary>
/// What to read from a tabular slice: feature columns as numbers (names or globs, expanded in the file's column
/// order, pass-through columns excluded), pass-through columns as they are, in chunks of about
/// <paramref name="ChunkRows"/> rows.
/// </summary>
public sealed record TabularReadRequest(IReadOnlyList<string> FeatureColumns, IReadOnlyList<string> PassThroughColumns, int ChunkRows = 8192);
