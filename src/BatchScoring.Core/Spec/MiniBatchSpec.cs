using System.ComponentModel;
using System.ComponentModel.DataAnnotations;

namespace BatchScoring.Core.Spec;

/// <summary>
/// Size of one mini-batch (PRS <c>mini_batch_size</c>): set one of the three. Default: the input cut into as many
/// mini-batches as run at once, each 10 to 64 files in file mode and 1 MB to 256 MB in tabular mode, 1,024 rows for the
/// text scorer (Azure ML's 10 files and 1 MB are <c>"files": 10</c> and <c>"bytes": "1MB"</c>).
/// </summary>
[Description("Size of one mini-batch (PRS mini_batch_size): set at most one of files, rows or bytes. Default: in file mode the files / execution.maxParallelMiniBatches, between 10 and 64 files; in tabular mode the input's bytes / execution.maxParallelMiniBatches, between 1 MB and 256 MB, or 1024 rows for scorer.type onnx-text (set files to 10 or bytes to '1MB' for Azure ML's defaults).")]
public sealed record MiniBatchSpec
{
    /// <summary>The smallest default file-mode mini-batch (Azure ML's own default).</summary>
    public const int DefaultFiles = 10;

    /// <summary>The largest default file-mode mini-batch: one chunk of files, scored in one inference batch at most.</summary>
    public const int MaxAutoFiles = 64;

    /// <summary>The smallest default tabular mini-batch (Azure ML's own default).</summary>
    public const long MinAutoBytes = 1024 * 1024;

    /// <summary>The largest default tabular mini-batch.</summary>
    public const long MaxAutoBytes = 256L * 1024 * 1024;

    /// <summary>
    /// The default tabular mini-batch of the text scorer, in rows. The length sort that cuts padding works over a
    /// mini-batch's texts, so more is faster, though little beyond this (over the text benchmark's passages: 148.1k
    /// padded tokens for 146.8k real over 1,024 texts, 147.4k over 4,096); but the mini-batches in flight share the cores, the lowest first, so the last of
    /// the default 8 in flight ends after all of them: 1,024 texts of all-MiniLM-L6-v2 (about 6 ms each on one core)
    /// keep that under half of the default 60 s time-out on two cores.
    /// </summary>
    public const int DefaultTextRows = 1024;

    [Description("File mode: files per mini-batch (default: the files / execution.maxParallelMiniBatches, 10 to 64).")]
    [Range(1, 1_000_000)]
    public int? Files { get; init; }

    [Description("Tabular mode: rows per mini-batch (default for scorer.type onnx-text: 1024).")]
    [Range(1, 1_000_000_000)]
    public long? Rows { get; init; }

    [Description("Tabular mode: bytes of input per mini-batch, a number or a string with a unit ('1MB', '512KB'); default: sized to the input (see miniBatch).")]
    public ByteSize? Bytes { get; init; }
}
