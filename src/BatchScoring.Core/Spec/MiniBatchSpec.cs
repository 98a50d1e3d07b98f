using System.ComponentModel;
using System.ComponentModel.DataAnnotations;

namespace BatchScoring.Core.Spec;

/// <summary>
/// Size of one mini-batch (PRS <c>mini_batch_size</c>): set one of the three. Default: 10 files in file mode (as
/// Azure ML); in tabular mode the input is cut into as many mini-batches as run at once, each 1 MB to 256 MB (Azure
/// ML's 1 MB is <c>"bytes": "1MB"</c>).
/// </summary>
[Description("Size of one mini-batch (PRS mini_batch_size): set at most one of files, rows or bytes. Default: 10 files in file mode; in tabular mode the input's bytes / execution.maxParallelMiniBatches, between 1 MB and 256 MB (set bytes to '1MB' for Azure ML's default).")]
public sealed record MiniBatchSpec
{
    public const int DefaultFiles = 10;

    /// <summary>The smallest default tabular mini-batch (Azure ML's own default).</summary>
    public const long MinAutoBytes = 1024 * 1024;

    /// <summary>The largest default tabular mini-batch.</summary>
    public const long MaxAutoBytes = 256L * 1024 * 1024;

    [Description("File mode: files per mini-batch (default 10).")]
    [Range(1, 1_000_000)]
    public int? Files { get; init; }

    [Description("Tabular mode: rows per mini-batch.")]
    [Range(1, 1_000_000_000)]
    public long? Rows { get; init; }

    [Description("Tabular mode: bytes of input per mini-batch, a number or a string with a unit ('1MB', '512KB'); default: sized to the input (see miniBatch).")]
    public ByteSize? Bytes { get; init; }
}
