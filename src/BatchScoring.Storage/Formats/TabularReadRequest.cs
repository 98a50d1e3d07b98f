using BatchScoring.Core.Data;

namespace BatchScoring.Storage.Formats;

/// <summary>
/// What to read from a tabular slice: the feature inputs (columns and the element type each is read into), the
/// text inputs (<see cref="Texts"/>), pass-through columns as they are, whether NaN and infinities are allowed, and the
/// size of the chunks the slice is cut into (about <paramref name="ChunkBytes"/> of input, at most
/// <paramref name="MaxChunkRows"/> rows).
/// </summary>
public sealed record TabularReadRequest(
    IReadOnlyList<FeatureInput> Features,
    IReadOnlyList<string> PassThroughColumns,
    bool AllowNonFinite = false,
    int ChunkBytes = TabularReadRequest.DefaultChunkBytes,
    int MaxChunkRows = TabularReadRequest.DefaultMaxChunkRows)
{
    /// <summary>
    /// 4 MiB of text: large enough that a chunk's fixed costs vanish, small enough that every core gets several chunks
    /// of a mini-batch and memory stays at a few chunks per core.
    /// </summary>
    public const int DefaultChunkBytes = 4 << 20;

    public const int DefaultMaxChunkRows = 65_536;

    /// <summary>
    /// The type of each pass-through column, for formats whose values carry a type (JSON Lines): a value of another
    /// type is a row error. Empty: text. CSV is text; Parquet keeps its own columns' types.
    /// </summary>
    public IReadOnlyList<ColumnType> PassThroughTypes { get; init; } = [];

    /// <summary>Columns read as text, handed over as <see cref="TabularBatch.Texts"/> in this order.</summary>
    public IReadOnlyList<TextInput> Texts { get; init; } = [];
}
