namespace BatchScoring.Storage.Output;

/// <summary>A map: key and value types and its entries.</summary>
internal sealed record ThriftMap(ThriftType KeyType, ThriftType ValueType, List<KeyValuePair<object, object>> Entries);
