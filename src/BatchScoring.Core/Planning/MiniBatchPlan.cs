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
    public long TotalItems => MiniBatches.Sum(m => m.Items);

    public long TotalBytes => Files.Sum(f => f.Size);
}
