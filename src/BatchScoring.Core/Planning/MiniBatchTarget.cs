using BatchScoring.Core.Spec;

namespace BatchScoring.Core.Planning;

/// <summary>The size of a mini-batch, in one unit.</summary>
public readonly record struct MiniBatchTarget(MiniBatchUnit Unit, long Value)
{
    /// <summary>
    /// The target a spec asks for over inputs of <paramref name="totalBytes"/> in <paramref name="totalFiles"/> files: the
    /// spec's own size when it sets one; otherwise a size fitted to the work, one mini-batch per slot of the run's window
    /// (<see cref="AutoFiles"/>, <see cref="AutoBytes"/>), rather than Azure ML's 10 files or 1 MB: their mini-batches
    /// each cost more to schedule, write and commit than a deep model or a wide CSV gains from them. Texts go by rows
    /// (the scorer's <see cref="BuiltInScorer.DefaultRows"/>, <see cref="MiniBatchSpec.DefaultTextRows"/>): a text costs a transformer thousands of times what a numeric row
    /// costs an MLP, so a mini-batch sized by bytes would outlast its time-out.
    /// </summary>
    public static MiniBatchTarget From(RunSpec spec, long totalBytes, int totalFiles) => spec.Input.Mode == InputMode.File
        ? new(MiniBatchUnit.Files, spec.MiniBatch.Files ?? AutoFiles(totalFiles, spec.Execution.MaxParallelMiniBatches))
        : spec.MiniBatch.Rows is { } rows ? new(MiniBatchUnit.Rows, rows)
        : spec.MiniBatch.Bytes is null && BuiltInScorers.Find(spec.Scorer.Type)?.DefaultRows is { } defaultRows ? new(MiniBatchUnit.Rows, defaultRows)
        : new(MiniBatchUnit.Bytes, spec.MiniBatch.Bytes?.Value ?? AutoBytes(totalBytes, spec.Execution.MaxParallelMiniBatches));

    /// <summary>
    /// The default file-mode mini-batch: the files cut into as many mini-batches as the run keeps in flight, each between
    /// <see cref="MiniBatchSpec.DefaultFiles"/> (Azure ML's default) and <see cref="MiniBatchSpec.MaxAutoFiles"/> (one
    /// chunk of files, the most the engine scores in one inference batch).
    /// </summary>
    public static int AutoFiles(int totalFiles, int maxParallelMiniBatches) =>
        Math.Clamp((totalFiles + Math.Max(1, maxParallelMiniBatches) - 1) / Math.Max(1, maxParallelMiniBatches), MiniBatchSpec.DefaultFiles, MiniBatchSpec.MaxAutoFiles);

    /// <summary>
    /// The default tabular mini-batch: the input cut into as many mini-batches as the run keeps in flight, so every slot
    /// of the window gets work from the start, each between
    /// <see cref="MiniBatchSpec.MinAutoBytes"/> and <see cref="MiniBatchSpec.MaxAutoBytes"/>.
    /// </summary>
    public static long AutoBytes(long totalBytes, int maxParallelMiniBatches) =>
        Math.Clamp(totalBytes / Math.Max(1, maxParallelMiniBatches), MiniBatchSpec.MinAutoBytes, MiniBatchSpec.MaxAutoBytes);
}
