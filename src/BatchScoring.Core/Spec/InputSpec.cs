using System.ComponentModel;

namespace BatchScoring.Core.Spec;

/// <summary>Where the inputs are and how they are read (PRS <c>inputs</c> and <c>partition_keys</c>).</summary>
[Description("Where the inputs are and how they are read (PRS inputs and partition_keys).")]
public sealed record InputSpec
{
    /// <summary>A folder of the store (a local folder under the store root, or <c>container/prefix</c>), or one file.</summary>
    [Description("Folder of the store holding the inputs (a local folder under the store root, or 'container/prefix' on blob storage), or a single file, which is then the only input whatever the glob.")]
    public string Location { get; init; } = "";

    /// <summary>Glob relative to <see cref="Location"/>: <c>*</c>, <c>?</c>, <c>**</c> across folders.</summary>
    [Description("Glob relative to location ('*', '?', '**' across folders). Default '**' (everything).")]
    public string Glob { get; init; } = "**";

    [Description("file: every file is one item; tabular: every row of the files is one item.")]
    public InputMode Mode { get; init; } = InputMode.File;

    /// <summary>Tabular format; when absent it is taken from the file extension.</summary>
    [Description("Tabular format (csv, jsonl, parquet); when absent it is taken from each file's extension. Not used in file mode.")]
    public DataFormat? Format { get; init; }

    /// <summary>Hive-style path keys (<c>region=eu/</c>): one mini-batch per distinct combination.</summary>
    [Description("Hive-style partition keys taken from path segments 'key=value': one mini-batch per distinct combination. Overrides the mini-batch size.")]
    public IReadOnlyList<string> PartitionKeys { get; init; } = [];

    /// <summary>Whether a run that finds nothing to score succeeds (with an empty output) instead of failing.</summary>
    [Description("false (default): a run whose location and glob match no file, or only files without rows, fails naming them. true: such a run succeeds with an empty output (for schedules that may find nothing).")]
    public bool AllowEmpty { get; init; }

    /// <summary>Input columns copied to every result row (an id, a key).</summary>
    [Description("Tabular: input columns copied unchanged into every result row (an id, a key).")]
    public IReadOnlyList<string> PassThroughColumns { get; init; } = [];
}
