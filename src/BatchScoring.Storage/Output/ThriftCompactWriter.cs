using System.Buffers.Binary;

namespace BatchScoring.Storage.Output;

/// <summary>Writes the generic tree of <see cref="ThriftCompactReader"/> back in the compact protocol.</summary>
internal sealed class ThriftCompactWriter(Stream output)
{
    public void WriteStruct(ThriftStruct value)
    {
        short last = 0;
        foreach (var field in value.Fields)
        {
            WriteFieldHeader(field.Id, field.Type == ThriftType.Bool ? (byte)((bool)field.Value ? 1 : 2) : (byte)field.Type, ref last);
            if (field.Type != ThriftType.Bool)
            {
                WriteValue(field.Type, field.Value);
            }
        }

        output.WriteByte(0);
    }

    /// <summary>A field's header; the caller writes its value next (<see cref="WriteValue"/>), or a list's items after <see cref="WriteListHeader"/>.</summary>
    public void WriteFieldHeader(short id, byte type, ref short last)
    {
        var delta = id - last;
        if (delta is > 0 and <= 15)
        {
            output.WriteByte((byte)((delta << 4) | type));
        }
        else
        {
            output.WriteByte(type);
            WriteVarint(ZigZag(id));
        }

        last = id;
    }

    public void WriteListHeader(ThriftType element, int size)
    {
        if (size < 15)
        {
            output.WriteByte((byte)((size << 4) | (byte)element));
        }
        else
        {
            output.WriteByte((byte)(0xF0 | (byte)element));
            WriteVarint((ulong)size);
        }
    }

    public void WriteValue(ThriftType type, object value)
    {
        switch (type)
        {
            case ThriftType.Bool:
                output.WriteByte((bool)value ? (byte)1 : (byte)2);
                break;
            case ThriftType.Byte:
                output.WriteByte((byte)(sbyte)(long)value);
                break;
            case ThriftType.I16 or ThriftType.I32 or ThriftType.I64:
                WriteVarint(ZigZag((long)value));
                break;
            case ThriftType.Double:
                Span<byte> bytes = stackalloc byte[8];
                BinaryPrimitives.WriteDoubleLittleEndian(bytes, (double)value);
                output.Write(bytes);
                break;
            case ThriftType.Binary:
                WriteVarint((ulong)((byte[])value).Length);
                output.Write((byte[])value);
                break;
            case ThriftType.Uuid:
                output.Write((byte[])value);
                break;
            case ThriftType.List or ThriftType.Set:
                var list = (ThriftList)value;
                WriteListHeader(list.ElementType, list.Items.Count);
                foreach (var item in list.Items)
                {
                    WriteValue(list.ElementType, item);
                }

                break;
            case ThriftType.Map:
                var map = (ThriftMap)value;
                WriteVarint((ulong)map.Entries.Count);
                if (map.Entries.Count > 0)
                {
                    output.WriteByte((byte)(((byte)map.KeyType << 4) | (byte)map.ValueType));
                    foreach (var (k, v) in map.Entries)
                    {
                        WriteValue(map.KeyType, k);
                        WriteValue(map.ValueType, v);
                    }
                }

                break;
            case ThriftType.Struct:
                WriteStruct((ThriftStruct)value);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(type), type, null);
        }
    }

    private void WriteVarint(ulong value)
    {
        while (value >= 0x80)
        {
            output.WriteByte((byte)(value | 0x80));
            value >>= 7;
        }

        output.WriteByte((byte)value);
    }

    private static ulong ZigZag(long n) => (ulong)((n << 1) ^ (n >> 63));
}
