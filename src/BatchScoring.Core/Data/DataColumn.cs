namespace BatchScoring.Core.Data;

/// <summary>
/// A typed column of values: <c>string?[]</c>, <c>long?[]</c>, <c>double?[]</c>, <c>float[]</c>, <c>bool?[]</c>
/// or <c>float[][]</c> as <see cref="ColumnType"/> says. <see cref="Length"/> may be less than the array's
/// length when the array is a reused buffer.
/// </summary>
public sealed class DataColumn
{
    public DataColumn(string name, ColumnType type, Array values, int length)
    {
        if (ExpectedArrayType(type) != values.GetType())
        {
            throw new ArgumentException($"Column '{name}' of type {type} needs a {ExpectedArrayType(type).Name}, was {values.GetType().Name}.", nameof(values));
        }

        ArgumentOutOfRangeException.ThrowIfGreaterThan(length, values.Length);
        Name = name;
        Type = type;
        Values = values;
        Length = length;
    }

    public DataColumn(string name, ColumnType type, Array values)
        : this(name, type, values, values.Length)
    {
    }

    public string Name { get; }

    public ColumnType Type { get; }

    public Array Values { get; }

    public int Length { get; }

    public ColumnSchema Schema => new(Name, Type);

    public static Type ExpectedArrayType(ColumnType type) => type switch
    {
        ColumnType.String => typeof(string[]),
        ColumnType.Int64 => typeof(long?[]),
        ColumnType.Double => typeof(double?[]),
        ColumnType.Float => typeof(float[]),
        ColumnType.Boolean => typeof(bool?[]),
        ColumnType.FloatList => typeof(float[][]),
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, null),
    };

    public static Array CreateArray(ColumnType type, int length) => Array.CreateInstance(ExpectedArrayType(type).GetElementType()!, length);

    /// <summary>A new column holding the rows at <paramref name="rows"/>, in that order.</summary>
    public DataColumn Select(IReadOnlyList<int> rows)
    {
        var array = CreateArray(Type, rows.Count);
        for (var i = 0; i < rows.Count; i++)
        {
            array.SetValue(Values.GetValue(rows[i]), i);
        }

        return new DataColumn(Name, Type, array);
    }

    /// <summary>The boxed value of one row, for writers that are not on a hot path.</summary>
    public object? GetValue(int row) => Values.GetValue(row);
}
