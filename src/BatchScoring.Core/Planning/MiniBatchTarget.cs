using BatchScoring.Core.Spec;

namespace BatchScoring.Core.Planning;

/// <summary>The size of a mini-batch, in one unit.</summary>
public readonly record struct MiniBatchTarget(MiniBatchUnit Unit, long Value)
{
    /// <summary>
    /// The target a spec asks for over inputs of <paramref name="totalBytes"/>: the spec's own size when it sets one;
    /// otherwise 10 files in file mode (Azure ML's default), and in tabular mode a size fitted to the work
    /// (<see cref="AutoBytes"/>) rather than Azure ML's 1 MB, which cuts a wide CSV into hundreds of mini-batches that
    /// each cost more to schedule than to score.
    /// </summary>
    public static MiniBatchTarget From(RunSpec spec, long totalBytes) => spec.Input.Mode == InputMode.File
        ? new(MiniBatchUnit.Files, spec.MiniBatch.Files ?? MiniBatchSpec.DefaultFiles)
        : spec.MiniBatch.Rows is { } rows ? new(MiniBatchUnit.Rows, rows)
        : new(MiniBatchUnit.Bytes, spec.MiniBatch.Bytes?.Value ?? AutoBytes(totalBytes, spec.Execution.MaxParallelMiniBatches));

    /// <summary>
    /// The default tabular mini-batch: the input cut into as many mini-batches as the run keeps in flight, so every slot
    /// of the window gets work from the start, each between
    /// <see cref="MiniBatchSpec.MinAutoBytes"/> and <see cref="MiniBatchSpec.MaxAutoBytes"/>.
    /// </summary>
    public static long AutoBytes(long totalBytes, int maxParallelMiniBatches) =>
        Math.Clamp(totalBytes / Math.Max(1, maxParallelMiniBatches), MiniBatchSpec.MinAutoBytes, MiniBatchSpec.MaxAutoBytes);
}
