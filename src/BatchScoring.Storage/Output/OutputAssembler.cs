using System.Text;
using BatchScoring.Core;
using BatchScoring.Core.Data;
using BatchScoring.Core.Spec;
using BatchScoring.Storage.Formats;

namespace BatchScoring.Storage.Output;

/// <summary>
/// Assembles result parts, in the order given, into one output file that becomes visible in one step. CSV: one
/// header, then every part's rows (each part's own header is checked and skipped); JSON Lines: the parts end to end;
/// Parquet: every part's row groups read and written again into one file with one footer.
/// </summary>
public static class OutputAssembler
{
    public static async Task<BlobInfo> AssembleAsync(IBlobStore store, InputFormat format, IReadOnlyList<ColumnSchema> schema, IReadOnlyList<string> parts, string outputPath, CancellationToken cancellationToken = default)
    {
        await using var writer = await store.OpenWriteAsync(outputPath, cancellationToken: cancellationToken);
        switch (format)
        {
            case InputFormat.Csv:
                var header = Encoding.UTF8.GetBytes(CsvResultWriter.HeaderLine(schema));
                await writer.Stream.WriteAsync(header, cancellationToken);
                foreach (var part in parts)
                {
                    await CopyAsync(store, part, writer.Stream, skipPrefix: header, cancellationToken);
                }

                break;
            case InputFormat.Jsonl:
                foreach (var part in parts)
                {
                    await CopyAsync(store, part, writer.Stream, skipPrefix: [], cancellationToken);
                }

                break;
            default:
                await using (var parquet = await ResultWriter.CreateAsync(InputFormat.Parquet, writer.Stream, schema, cancellationToken))
                {
                    foreach (var part in parts)
                    {
                        await using var input = await store.OpenReadAsync(part, cancellationToken);
                        await foreach (var (columns, rows) in ParquetResultReader.ReadAsync(input, schema, cancellationToken))
                        {
                            await parquet.WriteAsync(columns, rows, cancellationToken);
                        }
                    }

                    await parquet.CompleteAsync(cancellationToken);
                }

                break;
        }

        return await writer.CommitAsync(cancellationToken);
    }

    /// <summary>Concatenates JSON Lines files (error records) into one, in order; returns it with its number of lines.</summary>
    public static async Task<(BlobInfo Blob, long Lines)> ConcatenateAsync(IBlobStore store, IReadOnlyList<string> parts, string outputPath, CancellationToken cancellationToken = default)
    {
        await using var writer = await store.OpenWriteAsync(outputPath, cancellationToken: cancellationToken);
        long lines = 0;
        foreach (var part in parts)
        {
            var bytes = await store.ReadAllBytesAsync(part, cancellationToken);
            lines += bytes.AsSpan().Count((byte)'\n');
            await writer.Stream.WriteAsync(bytes, cancellationToken);
        }

        return (await writer.CommitAsync(cancellationToken), lines);
    }

    private static async Task CopyAsync(IBlobStore store, string part, Stream output, byte[] skipPrefix, CancellationToken cancellationToken)
    {
        await using var input = await store.OpenReadAsync(part, cancellationToken);
        if (skipPrefix.Length > 0)
        {
            var head = new byte[skipPrefix.Length];
            await input.ReadExactlyAsync(head, cancellationToken);
            if (!head.AsSpan().SequenceEqual(skipPrefix))
            {
                throw new BatchScoringException($"Result part '{part}' does not start with the expected CSV header; it was written for another schema.");
            }
        }

        await input.CopyToAsync(output, cancellationToken);
    }
}
