using System.Buffers.Binary;
using BatchScoring.Core;

namespace BatchScoring.Storage.Output;

/// <summary>
/// Reads a Thrift compact-protocol struct into a generic tree without knowing its IDL (the protocol names every
/// field's id and type), so a Parquet footer can be edited and written back with fields this code does not know
/// about kept as they were.
/// </summary>
internal sealed class ThriftCompactReader(ReadOnlyMemory<byte> data, string source)
{
    private const int MaxDepth = 64;
    private int at;

    public int Position => at;

    public ThriftStruct ReadStruct(int depth = 0)
    {
        if (depth > MaxDepth)
        {
            throw Invalid("nesting too deep");
        }

        var result = new ThriftStruct();
        short last = 0;
        while (true)
        {
            var header = ReadByte();
            if (header == 0)
            {
                return result;
            }

            var type = header & 0x0F;
            var delta = header >> 4;
            var id = delta != 0 ? (short)(last + delta) : (short)ZigZag(ReadVarint());
            last = id;
            result.Fields.Add(type is 1 or 2 ? new ThriftField(id, ThriftType.Bool, type == 1) : new ThriftField(id, (ThriftType)type, ReadValue((ThriftType)type, depth)));
        }
    }

    private object ReadValue(ThriftType type, int depth) => type switch
    {
        ThriftType.Bool => ReadByte() == 1,
        ThriftType.Byte => (long)(sbyte)ReadByte(),
        ThriftType.I16 or ThriftType.I32 or ThriftType.I64 => ZigZag(ReadVarint()),
        ThriftType.Double => BinaryPrimitives.ReadDoubleLittleEndian(ReadBytes(8)),
        ThriftType.Binary => ReadBytes(Length(ReadVarint())).ToArray(),
        ThriftType.Uuid => ReadBytes(16).ToArray(),
        ThriftType.List or ThriftType.Set => ReadList(type == ThriftType.Set, depth),
        ThriftType.Map => ReadMap(depth),
        ThriftType.Struct => ReadStruct(depth + 1),
        _ => throw Invalid($"unknown type {(int)type}"),
    };

    private ThriftList ReadList(bool isSet, int depth)
    {
        var header = ReadByte();
        var size = header >> 4 == 15 ? Length(ReadVarint()) : header >> 4;
        var element = Normalise((ThriftType)(header & 0x0F));
        var items = new List<object>(Math.Min(size, 1024));
        for (var i = 0; i < size; i++)
        {
            items.Add(ReadValue(element, depth + 1));
        }

        return new ThriftList(element, items, isSet);
    }

    private ThriftMap ReadMap(int depth)
    {
        var size = Length(ReadVarint());
        var entries = new List<KeyValuePair<object, object>>();
        if (size == 0)
        {
            return new ThriftMap(ThriftType.Binary, ThriftType.Binary, entries);
        }

        var types = ReadByte();
        var key = Normalise((ThriftType)(types >> 4));
        var value = Normalise((ThriftType)(types & 0x0F));
        for (var i = 0; i < size; i++)
        {
            entries.Add(new(ReadValue(key, depth + 1), ReadValue(value, depth + 1)));
        }

        return new ThriftMap(key, value, entries);
    }

    /// <summary>Collection element types name booleans 1 or 2; both mean boolean.</summary>
    private static ThriftType Normalise(ThriftType type) => type == (ThriftType)2 ? ThriftType.Bool : type;

    private byte ReadByte() => at < data.Length ? data.Span[at++] : throw Invalid("it ends early");

    private ReadOnlySpan<byte> ReadBytes(int count)
    {
        if (count > data.Length - at)
        {
            throw Invalid("it ends early");
        }

        var span = data.Span.Slice(at, count);
        at += count;
        return span;
    }

    private ulong ReadVarint()
    {
        ulong result = 0;
        for (var shift = 0; shift < 70; shift += 7)
        {
            var b = ReadByte();
            result |= (ulong)(b & 0x7F) << shift;
            if ((b & 0x80) == 0)
            {
                return result;
            }
        }

        throw Invalid("a varint is too long");
    }

    private int Length(ulong value) => value <= (ulong)(data.Length - at) ? (int)value : throw Invalid("a length runs past its end");

    private static long ZigZag(ulong n) => (long)(n >> 1) ^ -(long)(n & 1);

    private BatchScoringException Invalid(string why) => new($"The Parquet footer of '{source}' is not valid Thrift ({why}, at byte {at}).");
}
