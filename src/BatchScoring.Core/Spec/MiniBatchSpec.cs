using System.ComponentModel;
using System.ComponentModel.DataAnnotations;

namespace BatchScoring.Core.Spec;

/// <summary>
/// Size of one mini-batch (PRS <c>mini_batch_size</c>): set one of the three. Defaults as Azure ML:
/// 10 files in file mode, 1 MB in tabular mode.
/// </summary>
[Description("Size of one mini-batch (PRS mini_batch_size): set at most one of files, rows or bytes. Default: 10 files in file mode, 1 MB in tabular mode.")]
public sealed record MiniBatchSpec
{
    public const int DefaultFiles = 10;
    public const long DefaultBytes = 1024 * 1024;

    [Description("File mode: files per mini-batch (default 10).")]
    [Range(1, 1_000_000)]
    public int? Files { get; init; }

    [Description("Tabular mode: rows per mini-batch.")]
    [Range(1, 1_000_000_000)]
    public long? Rows { get; init; }

    [Description("Tabular mode: bytes of input per mini-batch, a number or a string with a unit ('1MB', '512KB'); default 1 MB.")]
    public ByteSize? Bytes { get; init; }
}
