namespace BatchScoring.Storage.Output;

/// <summary>Element and field types of the Thrift compact protocol (booleans in fields carry their value in the type).</summary>
internal enum ThriftType : byte
{
    Bool = 1,
    Byte = 3,
    I16 = 4,
    I32 = 5,
    I64 = 6,
    Double = 7,
    Binary = 8,
    List = 9,
    Set = 10,
    Map = 11,
    Struct = 12,
    Uuid = 13,
}
