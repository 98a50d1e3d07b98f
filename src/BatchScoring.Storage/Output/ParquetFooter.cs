using System.Buffers.Binary;
using BatchScoring.Core;

namespace BatchScoring.Storage.Output;

/// <summary>
/// The footer of one Parquet result part: its Thrift FileMetaData bytes and where its data ends. A file is
/// <c>PAR1</c>, the column chunks of its row groups, the footer, the footer's length (4 bytes, little-endian) and
/// <c>PAR1</c>.
/// </summary>
internal sealed record ParquetFooter(string Path, string ETag, long FileLength, long FooterStart, byte[] Metadata)
{
    public const int MagicLength = 4;

    public static ReadOnlySpan<byte> Magic => "PAR1"u8;

    /// <summary>Bytes between the leading magic and the footer: every row group's column chunks.</summary>
    public long DataLength => FooterStart - MagicLength;

    /// <summary>Reads the footer with two reads at the end of the file.</summary>
    public static async Task<ParquetFooter> ReadAsync(Stream stream, string path, string etag, CancellationToken cancellationToken)
    {
        var length = stream.Length;
        if (length < (2 * MagicLength) + 4)
        {
            throw new BatchScoringException($"Result part '{path}' is not a Parquet file ({length} bytes).");
        }

        var tail = new byte[8];
        stream.Seek(length - 8, SeekOrigin.Begin);
        await stream.ReadExactlyAsync(tail, cancellationToken);
        var footerLength = BinaryPrimitives.ReadInt32LittleEndian(tail);
        var footerStart = length - 8 - footerLength;
        if (!tail.AsSpan(4).SequenceEqual(Magic) || footerLength <= 0 || footerStart < MagicLength)
        {
            throw new BatchScoringException($"Result part '{path}' is not a Parquet file (no footer at its end).");
        }

        var metadata = new byte[footerLength];
        stream.Seek(footerStart, SeekOrigin.Begin);
        await stream.ReadExactlyAsync(metadata, cancellationToken);
        return new ParquetFooter(path, etag, length, footerStart, metadata);
    }
}
