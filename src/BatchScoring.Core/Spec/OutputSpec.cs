using System.ComponentModel;

namespace BatchScoring.Core.Spec;

/// <summary>What the run writes (PRS output_action and append_row_file_name).</summary>
[Description("What the run writes (PRS output_action and append_row_file_name).")]
public sealed record OutputSpec
{
    public const string DefaultPath = "outputs/parallel_run_step.csv";

    [Description("appendRow: one result file with every scored item; summaryOnly: counts and error records only.")]
    public OutputAction Action { get; init; } = OutputAction.AppendRow;

    [Description("Path of the result file in the store; its extension (.csv, .jsonl, .parquet) sets the format. Tokens give each run its own file: {runDate} (yyyy-MM-dd, UTC), {runDate:FORMAT} (e.g. yyyy/MM/dd) and {runId}, e.g. 'out/{runDate:yyyy/MM/dd}/{runId}.parquet'.")]
    public string Path { get; init; } = DefaultPath;

    /// <summary>The format implied by <see cref="Path"/>, or null when the extension is not one we write.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public DataFormat? Format => DataFormats.FromExtension(Path);

    /// <summary>The format results are written in: <see cref="Format"/>, which a valid spec always has (CSV otherwise).</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public DataFormat ResultFormat => Format ?? DataFormat.Csv;
}
