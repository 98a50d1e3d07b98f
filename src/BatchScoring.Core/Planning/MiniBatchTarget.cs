using BatchScoring.Core.Spec;

namespace BatchScoring.Core.Planning;

/// <summary>The size of a mini-batch, in one unit.</summary>
public readonly record struct MiniBatchTarget(MiniBatchUnit Unit, long Value)
{
    /// <summary>The target a spec asks for, with Azure ML's defaults (10 files, 1 MB).</summary>
    public static MiniBatchTarget From(RunSpec spec) => spec.Input.Mode == InputMode.File
        ? new(MiniBatchUnit.Files, spec.MiniBatch.Files ?? MiniBatchSpec.DefaultFiles)
        : spec.MiniBatch.Rows is { } rows ? new(MiniBatchUnit.Rows, rows)
        : new(MiniBatchUnit.Bytes, spec.MiniBatch.Bytes?.Value ?? MiniBatchSpec.DefaultBytes);
}
