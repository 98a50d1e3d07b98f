using BatchScoring.Core.Data;

namespace BatchScoring.Core.Scoring;

/// <summary>
/// Scores items: the counterpart of a PRS entry script's <c>init()</c> and <c>run(mini_batch)</c>.
/// One instance per scorer per process: <see cref="InitializeAsync"/> runs once, then <see cref="ScoreAsync"/> is
/// called for consecutive chunks of every mini-batch, possibly from several threads at once. A custom scorer is a
/// plain class with a public parameterless constructor, named in <c>scorer.type</c>.
/// </summary>
public interface IMiniBatchScorer
{
    /// <summary>Loads the model and whatever else is expensive. Runs once per process.</summary>
    ValueTask InitializeAsync(ScorerContext context, CancellationToken cancellationToken = default);

    /// <summary>
    /// Tabular mode: the columns to read as numbers, one <see cref="FeatureInput"/> per block of values the scorer
    /// wants (a model input), with the element type to parse them into. Known after initialisation.
    /// </summary>
    IReadOnlyList<FeatureInput> FeatureInputs { get; }

    /// <summary>
    /// Tabular mode: the columns to read as text (a null, a missing value or bytes that are not UTF-8 become row
    /// errors), handed over as <see cref="TabularBatch.Texts"/>. Known after initialisation.
    /// </summary>
    IReadOnlyList<TextInput> TextInputs => [];

    /// <summary>
    /// Tabular mode: the most rows a chunk should hold, for scorers whose rows are expensive (a transformer over texts)
    /// so that every core gets chunks of a mini-batch; null leaves it to the reader.
    /// </summary>
    int? MaxChunkRows => null;

    /// <summary>The result columns every <see cref="ScoreResult"/> carries, in order. Known after initialisation.</summary>
    IReadOnlyList<ColumnSchema> OutputSchema { get; }

    /// <summary>
    /// Scores one chunk. An item that cannot be scored gets an <see cref="ItemError"/> and the rest are still scored;
    /// an exception fails the whole mini-batch (the orchestrator retries it and counts it against the budget).
    /// </summary>
    ValueTask<ScoreResult> ScoreAsync(ScoreRequest request, CancellationToken cancellationToken = default);
}
