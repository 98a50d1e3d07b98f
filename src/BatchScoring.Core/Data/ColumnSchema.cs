namespace BatchScoring.Core.Data;

/// <summary>A column's name and type.</summary>
public sealed record ColumnSchema(string Name, ColumnType Type);
