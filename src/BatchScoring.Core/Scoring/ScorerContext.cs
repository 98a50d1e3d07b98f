using BatchScoring.Core.Spec;
using Microsoft.Extensions.Logging;

namespace BatchScoring.Core.Scoring;

/// <summary>
/// What a scorer gets at initialisation: the spec, the model and side inputs as local files (downloaded from the
/// store when needed), and a logger factory.
/// </summary>
public sealed record ScorerContext(
    RunSpec Spec,
    string? ModelPath,
    IReadOnlyDictionary<string, string> SideInputs,
    ILoggerFactory LoggerFactory)
{
    /// <summary><c>model.text.vocabulary</c> as a local file, when the spec names one.</summary>
    public string? VocabularyPath { get; init; }

    /// <summary>
    /// The model's identity, the SHA-256 of its content as planning read it (lower-case hex), when the scorer is created
    /// for a planned run; null otherwise (the ONNX scorers then hash <see cref="ModelPath"/> themselves).
    /// </summary>
    public string? ModelHash { get; init; }
}
