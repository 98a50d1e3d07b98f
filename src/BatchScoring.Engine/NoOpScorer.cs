using BatchScoring.Core.Data;
using BatchScoring.Core.Scoring;

namespace BatchScoring.Engine;

/// <summary><c>scorer.type: noop</c>: every item succeeds with no result columns, to measure the orchestration's overhead.</summary>
public sealed class NoOpScorer : IMiniBatchScorer
{
    public IReadOnlyList<FeatureInput> FeatureInputs => [];

    public IReadOnlyList<ColumnSchema> OutputSchema => [];

    public ValueTask InitializeAsync(ScorerContext context, CancellationToken cancellationToken = default) => ValueTask.CompletedTask;

    public ValueTask<ScoreResult> ScoreAsync(ScoreRequest request, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(new ScoreResult([], new ItemError?[request.ItemCount]));
}
