using System.Buffers.Binary;
using BatchScoring.Core;

namespace BatchScoring.Storage.Output;

/// <summary>
/// Writes the footer of one Parquet file made of several parts' row groups laid end to end, without touching the
/// data: the parts' FileMetaData (Thrift) are read as generic trees, their row groups listed in order with every
/// file offset shifted by where the part's data lands, and the row counts summed. Field numbers are those of
/// parquet.thrift; fields this code does not name are copied as they are.
/// </summary>
internal static class ParquetFooterMerger
{
    // FileMetaData
    private const short Schema = 2;
    private const short NumRows = 3;
    private const short RowGroups = 4;
    private const short EncryptionAlgorithm = 8;

    // RowGroup
    private const short Columns = 1;
    private const short RowGroupFileOffset = 5;
    private const short Ordinal = 7;

    // ColumnChunk
    private const short ChunkFileOffset = 2;
    private const short MetaData = 3;
    private const short OffsetIndexOffset = 4;
    private const short ColumnIndexLength = 7;
    private const short CryptoMetadata = 8;
    private const short EncryptedColumnMetadata = 9;

    // ColumnMetaData: data_page_offset, index_page_offset, dictionary_page_offset, bloom_filter_offset
    private static readonly short[] PageOffsets = [9, 10, 11, 14];

    /// <summary>
    /// The footer of the assembled file, with its length and the closing magic: what follows <c>PAR1</c> and the
    /// parts' data. Every part must have the first part's schema.
    /// </summary>
    public static byte[] Merge(IReadOnlyList<ParquetFooter> parts)
    {
        if (parts.Count == 0)
        {
            throw new ArgumentException("At least one part is needed.", nameof(parts));
        }

        // First pass: check the schemas and count rows and row groups, one part's tree at a time.
        var first = Parse(parts[0]);
        var schema = Serialise(Require(first, Schema, parts[0]));
        long rows = 0;
        var groups = 0;
        foreach (var part in parts)
        {
            var meta = ReferenceEquals(part, parts[0]) ? first : Parse(part);
            if (!Serialise(Require(meta, Schema, part)).AsSpan().SequenceEqual(schema))
            {
                throw new BatchScoringException($"Result part '{part.Path}' has another Parquet schema than '{parts[0].Path}'; parts of one output must share their schema.");
            }

            rows += (long)Require(meta, NumRows, part).Value;
            groups += ((ThriftList)Require(meta, RowGroups, part).Value).Items.Count;
        }

        // Second pass: the first part's FileMetaData with the totals and every part's row groups, shifted.
        using var output = new MemoryStream();
        var writer = new ThriftCompactWriter(output);
        short last = 0;
        foreach (var field in first.Fields)
        {
            switch (field.Id)
            {
                case NumRows:
                    writer.WriteFieldHeader(NumRows, (byte)ThriftType.I64, ref last);
                    writer.WriteValue(ThriftType.I64, rows);
                    break;
                case RowGroups:
                    writer.WriteFieldHeader(RowGroups, (byte)ThriftType.List, ref last);
                    writer.WriteListHeader(ThriftType.Struct, groups);
                    WriteRowGroups(writer, parts, first);
                    break;
                default:
                    writer.WriteFieldHeader(field.Id, field.Type == ThriftType.Bool ? (byte)((bool)field.Value ? 1 : 2) : (byte)field.Type, ref last);
                    if (field.Type != ThriftType.Bool)
                    {
                        writer.WriteValue(field.Type, field.Value);
                    }

                    break;
            }
        }

        output.WriteByte(0);
        var length = (int)output.Length;
        Span<byte> trailer = stackalloc byte[4];
        BinaryPrimitives.WriteInt32LittleEndian(trailer, length);
        output.Write(trailer);
        output.Write(ParquetFooter.Magic);
        return output.ToArray();
    }

    private static void WriteRowGroups(ThriftCompactWriter writer, IReadOnlyList<ParquetFooter> parts, ThriftStruct first)
    {
        long start = ParquetFooter.MagicLength;
        var ordinal = 0;
        foreach (var part in parts)
        {
            var meta = ReferenceEquals(part, parts[0]) ? first : Parse(part);
            var shift = start - ParquetFooter.MagicLength;
            foreach (ThriftStruct group in ((ThriftList)meta.Find(RowGroups)!.Value).Items)
            {
                Shift(group, shift, ordinal++, part);
                writer.WriteStruct(group);
            }

            start += part.DataLength;
        }
    }

    private static void Shift(ThriftStruct group, long shift, int ordinal, ParquetFooter part)
    {
        ShiftField(group, RowGroupFileOffset, shift);
        if (group.Find(Ordinal) is { } field)
        {
            // An i16 in parquet.thrift: kept while it fits, else dropped (it only matters to encrypted files).
            if (ordinal <= short.MaxValue)
            {
                field.Value = (long)ordinal;
            }
            else
            {
                group.Fields.Remove(field);
            }
        }

        foreach (ThriftStruct chunk in ((ThriftList)Require(group, Columns, part).Value).Items)
        {
            if (chunk.Find(CryptoMetadata) is not null || chunk.Find(EncryptedColumnMetadata) is not null)
            {
                throw new BatchScoringException($"Result part '{part.Path}' is encrypted; encrypted Parquet parts cannot be assembled.");
            }

            ShiftField(chunk, ChunkFileOffset, shift);

            // Page indexes hold absolute page offsets inside them: the references are dropped (readers then scan pages).
            chunk.Fields.RemoveAll(f => f.Id is >= OffsetIndexOffset and <= ColumnIndexLength);
            var metadata = (ThriftStruct)Require(chunk, MetaData, part).Value;
            foreach (var id in PageOffsets)
            {
                ShiftField(metadata, id, shift);
            }
        }
    }

    private static void ShiftField(ThriftStruct value, short id, long shift)
    {
        if (value.Find(id) is { Value: long offset } field && offset > 0)
        {
            field.Value = offset + shift;
        }
    }

    private static ThriftStruct Parse(ParquetFooter part)
    {
        var meta = new ThriftCompactReader(part.Metadata, part.Path).ReadStruct();
        if (meta.Find(EncryptionAlgorithm) is not null)
        {
            throw new BatchScoringException($"Result part '{part.Path}' is encrypted; encrypted Parquet parts cannot be assembled.");
        }

        return meta;
    }

    private static ThriftField Require(ThriftStruct value, short id, ParquetFooter part) =>
        value.Find(id) ?? throw new BatchScoringException($"The Parquet footer of '{part.Path}' lacks required field {id}.");

    private static byte[] Serialise(ThriftField field)
    {
        using var output = new MemoryStream();
        new ThriftCompactWriter(output).WriteValue(field.Type, field.Value);
        return output.ToArray();
    }
}
