using BatchScoring.Core.Data;
using BatchScoring.Core.Scoring;

namespace BatchScoring.Functions.Tests;

/// <summary>A custom scorer (named in <c>scorer.type</c>): y = 2x.</summary>
public sealed class DoublingScorer : IMiniBatchScorer
{
    public IReadOnlyList<FeatureInput> FeatureInputs => [FeatureInput.Doubles("x")];

    public IReadOnlyList<ColumnSchema> OutputSchema => [new("y", ColumnType.Double)];

    public ValueTask InitializeAsync(ScorerContext context, CancellationToken cancellationToken = default) => ValueTask.CompletedTask;

    public ValueTask<ScoreResult> ScoreAsync(ScoreRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var x = request.Table!.Features[0].Rows<double>(0, request.ItemCount);
        var y = new double?[request.ItemCount];
        for (var i = 0; i < y.Length; i++)
        {
            y[i] = x[i] * 2;
        }

        return ValueTask.FromResult(new ScoreResult([new DataColumn("y", ColumnType.Double, y)], (ItemError?[])request.Table.RowErrors.Clone()));
    }
}
