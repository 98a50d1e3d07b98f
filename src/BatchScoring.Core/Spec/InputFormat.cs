namespace BatchScoring.Core.Spec;

/// <summary>Tabular input and output formats.</summary>
public enum InputFormat
{
    Csv,
    Jsonl,
    Parquet,
}
