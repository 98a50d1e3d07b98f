namespace BatchScoring.Core.Planning;

/// <summary>
/// The model files of a run as planning saw them, so every mini-batch on every worker scores with that version: the
/// model, the text vocabulary and the side inputs (path, size, ETag), and the model's identity, the SHA-256 of the
/// planned version's content (lower-case hex; the vocabulary's too when there is one). The identity is computed once,
/// at planning, from the store: the summary and the ledger record it, the run's fingerprint includes it, and the ONNX
/// session pool keys sessions by it. A file that changes after planning fails the run
/// (<see cref="InputChangedException"/>) instead of scoring part of it with another model.
/// </summary>
public sealed record PinnedModel(IReadOnlyList<PlannedFile> Files, string Sha256, string VocabularySha256)
{
    /// <summary>A spec without model files (a custom scorer that needs none, <c>noop</c>).</summary>
    public static PinnedModel None { get; } = new([], "", "");

    /// <summary>The planned version of <paramref name="path"/>, or null when it is not one of the model files.</summary>
    public PlannedFile? FileOf(string path) => Files.FirstOrDefault(f => string.Equals(f.Path, path, StringComparison.Ordinal));
}
