using BatchScoring.Core.Spec;

namespace BatchScoring.Core.Planning;

/// <summary>
/// The manifest of a run: every mini-batch with its slices, and the files as planned. Serialisable as JSON
/// (<see cref="MiniBatchPlanSerializer"/>); orchestrations pass a reference to it, never the plan itself.
/// </summary>
public sealed record MiniBatchPlan(
    InputMode Mode,
    MiniBatchTarget Target,
    IReadOnlyList<PlannedFile> Files,
    IReadOnlyList<MiniBatch> MiniBatches)
{
    /// <summary>
    /// Tabular mode: the columns each model input reads (by input name), in the order the input takes them, fixed at
    /// planning from the first input file and checked against every other; every file is then read by these names.
    /// </summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>>? FeatureColumns { get; init; }

    /// <summary>Inputs the listing found that an earlier run of the series scored (incremental runs), left out of the plan.</summary>
    public int InputsSkipped { get; init; }

    /// <summary>The model files as planned and the model's identity; every mini-batch scores with this version.</summary>
    public PinnedModel? Model { get; init; }

    /// <summary>The columns of every result row, fixed at planning, so that the commit never loads the model.</summary>
    public IReadOnlyList<Data.ColumnSchema>? OutputSchema { get; init; }

    public long TotalItems => MiniBatches.Sum(m => m.Items);

    /// <summary>The planned file at <paramref name="path"/> (the files are in ordinal order of path, as listings give them), or null.</summary>
    public PlannedFile? FileOf(string path)
    {
        int lo = 0, hi = Files.Count - 1;
        while (lo <= hi)
        {
            var mid = lo + ((hi - lo) / 2);
            var order = string.CompareOrdinal(Files[mid].Path, path);
            if (order == 0)
            {
                return Files[mid];
            }

            (lo, hi) = order < 0 ? (mid + 1, hi) : (lo, mid - 1);
        }

        // Not in order after all (a plan written by hand): look at every file.
        return Files.FirstOrDefault(f => f.Path == path);
    }

    public long TotalBytes => Files.Sum(f => f.Size);
}
