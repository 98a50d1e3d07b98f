namespace BatchScoring.Storage.Output;

/// <summary>A struct: its fields in the order read (ascending ids in practice).</summary>
internal sealed class ThriftStruct
{
    public List<ThriftField> Fields { get; } = [];

    public ThriftField? Find(short id) => Fields.Find(f => f.Id == id);
}
