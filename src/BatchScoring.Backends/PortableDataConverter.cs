namespace BatchScoring.Backends;

/// <summary>
/// DurableTask.Core's client serialises with Newtonsoft by default while the shims read with the portable SDK's
/// converter (System.Text.Json); this hands the client the very converter the shims use.
/// </summary>
internal sealed class PortableDataConverter(Microsoft.DurableTask.DataConverter inner) : DurableTask.Core.Serializing.DataConverter
{
    public override string? Serialize(object? value) => inner.Serialize(value);

    public override string? Serialize(object? value, bool formatted) => inner.Serialize(value);

    public override object? Deserialize(string? data, Type objectType) => inner.Deserialize(data, objectType);
}
