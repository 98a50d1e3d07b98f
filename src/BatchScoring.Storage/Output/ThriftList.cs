namespace BatchScoring.Storage.Output;

/// <summary>A list or set: its element type and items.</summary>
internal sealed record ThriftList(ThriftType ElementType, List<object> Items, bool IsSet = false);
