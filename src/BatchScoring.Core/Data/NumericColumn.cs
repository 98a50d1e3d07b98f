namespace BatchScoring.Core.Data;

/// <summary>A feature column read as doubles; a value that is missing or not a number makes its row an error.</summary>
public sealed record NumericColumn(string Name, double[] Values);
