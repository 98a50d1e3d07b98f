using BatchScoring.Core;
using BatchScoring.Core.Planning;
using BatchScoring.Core.Spec;
using BatchScoring.Storage.Formats;

namespace BatchScoring.Engine;

/// <summary>
/// What planning checks before anything is scored, so that a run that cannot score fails in seconds with one message
/// instead of failing every mini-batch after all its tries.
/// </summary>
public sealed partial class ScoringEngine
{
    /// <summary>
    /// A plan with nothing to score fails unless <c>input.allowEmpty</c>; the model is opened once and every named input
    /// and output is checked against it (names, element types, result columns); in tabular mode every input file's
    /// columns (a CSV header, a Parquet schema, the first JSON Lines object) are resolved as the scorer reads them (the
    /// model's inputs, which checks the column count against each input's shape; the text column; no column read
    /// named twice), and every file must give each model input the same columns as the first file: the plan is
    /// returned with them (<see cref="MiniBatchPlan.FeatureColumns"/>), and every file is read by those names.
    /// </summary>
    private async Task<MiniBatchPlan> CheckAsync(RunSpec spec, MiniBatchPlan plan, CancellationToken cancellationToken)
    {
        // Nothing new for an incremental run is no broken listing: it saw inputs, all scored before.
        if (plan.TotalItems == 0 && !spec.Input.AllowEmpty && plan.InputsSkipped == 0)
        {
            throw await NothingToScoreAsync(spec, plan, cancellationToken);
        }

        var scorer = await GetScorerAsync(spec, plan, cancellationToken);
        plan = plan with { OutputSchema = await schemas.GetAsync(spec, plan, scorer, cancellationToken) };
        if (spec.Input.Mode != InputMode.Tabular)
        {
            return plan;
        }

        var request = ReadRequest(spec, scorer, plan: null);
        TabularReadRequest? named = null;
        FeatureLayout? first = null;
        foreach (var slice in plan.MiniBatches.SelectMany(m => m.Slices).GroupBy(s => s.Path, StringComparer.Ordinal).Select(g => g.MinBy(s => s.RowStart)!))
        {
            var reader = TabularFormats.Reader(TabularFormats.Resolve(spec.Input.Format, slice.Path));
            if (first is null)
            {
                first = await reader.ResolveAsync(Store, slice, request, cancellationToken);
                named = request with { Features = [.. request.Features.Select((f, b) => f with { Columns = [.. first.Inputs[b].ColumnNames.Select(Glob.Escape)] })] };
                continue;
            }

            // Read by the first file's names (a column it lacks is named), then no column of its own may match too.
            var layout = await reader.ResolveAsync(Store, slice, named!, cancellationToken);
            CheckNoExtraColumns(first, layout, request);
        }

        return first is null ? plan : plan with
        {
            FeatureColumns = first.Inputs.ToDictionary(i => i.Input.Name, i => (IReadOnlyList<string>)i.ColumnNames, StringComparer.Ordinal),
        };
    }

    /// <summary>Throws naming the file and the column when a file has a column that a model input's patterns match there but not in the first file.</summary>
    private static void CheckNoExtraColumns(FeatureLayout first, FeatureLayout other, TabularReadRequest request)
    {
        for (var b = 0; b < first.Inputs.Count; b++)
        {
            var input = request.Features[b];
            var matched = ColumnResolver.ResolveFeatures(other.Columns, input.Columns, request.PassThroughColumns, other.Path).Select(i => other.Columns[i]);
            if (matched.Except(first.Inputs[b].ColumnNames, StringComparer.Ordinal).FirstOrDefault() is { } extra)
            {
                var patterns = string.Join(", ", input.Columns.Select(c => $"'{c}'"));
                throw new BatchScoringException(
                    $"model.inputs: '{other.Path}' has column '{extra}', which model input '{input.Name}' ({patterns}) would read there but '{first.Path}' lacks; every input file must give it the same columns.");
            }
        }
    }

    private async Task<BatchScoringException> NothingToScoreAsync(RunSpec spec, MiniBatchPlan plan, CancellationToken cancellationToken)
    {
        var where = $"input.location '{spec.Input.Location}' with glob '{spec.Input.Glob}'";
        const string OptIn = "Set input.allowEmpty to true if a run may find nothing to score.";
        if (plan.Files.Count > 0)
        {
            var names = string.Join(", ", plan.Files.Take(5).Select(f => $"'{f.Path}'")) + (plan.Files.Count > 5 ? ", ..." : "");
            return new BatchScoringException($"Nothing to score: {where} matches {plan.Files.Count} file(s) with no rows ({names}). {OptIn}");
        }

        await using var listing = Store.ListAsync(spec.Input.Location, cancellationToken).GetAsyncEnumerator(cancellationToken);
        var exists = await listing.MoveNextAsync();
        var missing = exists ? "" : $" ('{spec.Input.Location}' does not exist)";
        return new BatchScoringException($"Nothing to score: {where} matches no file in {Store.Description}{missing}. {OptIn}");
    }
}
