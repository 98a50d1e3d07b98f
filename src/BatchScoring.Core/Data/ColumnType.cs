namespace BatchScoring.Core.Data;

/// <summary>Types a result or pass-through column can have, and the arrays that hold them.</summary>
public enum ColumnType
{
    /// <summary><c>string?[]</c></summary>
    String,

    /// <summary><c>long?[]</c></summary>
    Int64,

    /// <summary><c>double?[]</c></summary>
    Double,

    /// <summary><c>float[]</c> (never null: model outputs)</summary>
    Float,

    /// <summary><c>bool?[]</c></summary>
    Boolean,

    /// <summary><c>float[][]</c>: one list of values per row</summary>
    FloatList,
}
