namespace BatchScoring.Storage.Output;

/// <summary>One field of a struct. Values: bool, long (every integer type), double, byte[] (binary, uuid), <see cref="ThriftList"/>, <see cref="ThriftMap"/>, <see cref="ThriftStruct"/>.</summary>
internal sealed class ThriftField(short id, ThriftType type, object value)
{
    public short Id { get; } = id;

    public ThriftType Type { get; } = type;

    public object Value { get; set; } = value;
}
