using System.Runtime.CompilerServices;
using BatchScoring.Core;
using BatchScoring.Core.Data;
using BatchScoring.Core.Planning;
using nietras.SeparatedValues;

namespace BatchScoring.Storage.Formats;

/// <summary>
/// Reads a CSV slice with Sep: the header from the file's first record, then the slice's byte range (which
/// starts at a record start). Quoted fields, quoted newlines and doubled quotes are unescaped. Numbers are read
/// with the invariant culture.
/// </summary>
public sealed class CsvTabularReader : ITabularReader
{
    public async IAsyncEnumerable<TabularBatch> ReadAsync(IBlobStore store, InputSlice slice, TabularReadRequest request, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var header = await ReadHeaderAsync(store, slice.Path, cancellationToken);
        var featureIndexes = ColumnResolver.ResolveFeatures(header, request.FeatureColumns, request.PassThroughColumns, slice.Path);
        var passIndexes = ColumnResolver.ResolvePassThrough(header, request.PassThroughColumns, slice.Path);
        var builder = new TabularChunkBuilder(slice.Path, featureIndexes.Select(i => header[i]).ToArray(), [.. request.PassThroughColumns], request.ChunkRows);

        await using var stream = new BoundedReadStream(await store.OpenReadAsync(slice.Path, cancellationToken), slice.ByteStart, slice.ByteEnd);
        using var reader = Sep.Reader(o => o with { HasHeader = false, Unescape = true, DisableColCountCheck = true }).From(stream);
        var rowNumber = slice.RowStart;
        foreach (var row in reader)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (row.ColCount == 1 && row[0].Span.IsEmpty)
            {
                continue; // empty line: not a record (the planner does not count it either)
            }

            var r = builder.BeginRow(rowNumber++);
            if (row.ColCount != header.Length)
            {
                builder.Fail(r, ErrorKind.Read, $"has {row.ColCount} fields, the header has {header.Length}");
            }
            else
            {
                for (var f = 0; f < featureIndexes.Length; f++)
                {
                    var col = row[featureIndexes[f]];
                    if (col.TryParse<double>() is { } value)
                    {
                        builder.SetFeature(r, f, value);
                    }
                    else
                    {
                        builder.Fail(r, ErrorKind.InvalidValue, col.Span.IsWhiteSpace()
                            ? $"column '{header[featureIndexes[f]]}' is empty; the model needs a number"
                            : $"column '{header[featureIndexes[f]]}' is not a number: '{Truncate(col.ToString())}'");
                    }
                }

                for (var p = 0; p < passIndexes.Length; p++)
                {
                    builder.SetPassThrough(r, p, row[passIndexes[p]].ToString());
                }
            }

            if (builder.IsFull)
            {
                yield return builder.Build();
            }
        }

        if (rowNumber - slice.RowStart != slice.RowCount)
        {
            throw new BatchScoringException($"'{slice.Path}' changed since it was planned: bytes {slice.ByteStart}-{slice.ByteEnd} held {slice.RowCount} rows, now {rowNumber - slice.RowStart}.");
        }

        if (builder.Count > 0)
        {
            yield return builder.Build();
        }
    }

    internal static async Task<string[]> ReadHeaderAsync(IBlobStore store, string path, CancellationToken cancellationToken)
    {
        await using var stream = await store.OpenReadAsync(path, cancellationToken);
        using var reader = Sep.Reader(o => o with { HasHeader = true, Unescape = true }).From(stream);
        var names = reader.Header.ColNames.ToArray();
        if (names.Length == 0 || names.All(string.IsNullOrWhiteSpace))
        {
            throw new BatchScoringException($"'{path}' has no CSV header line.");
        }

        return names;
    }

    private static string Truncate(string s) => s.Length <= 40 ? s : s[..40] + "...";
}
