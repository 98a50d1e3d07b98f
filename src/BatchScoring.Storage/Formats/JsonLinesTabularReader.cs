using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.Json;
using BatchScoring.Core;
using BatchScoring.Core.Data;
using BatchScoring.Core.Planning;

namespace BatchScoring.Storage.Formats;

/// <summary>
/// Reads a JSON Lines slice: one JSON object per line. Column globs are expanded against the property names of
/// the slice's first object. A line that is not a JSON object, or lacks a feature, is a row error.
/// </summary>
public sealed class JsonLinesTabularReader : ITabularReader
{
    public async IAsyncEnumerable<TabularBatch> ReadAsync(IBlobStore store, InputSlice slice, TabularReadRequest request, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await using var stream = new BoundedReadStream(await store.OpenReadAsync(slice.Path, cancellationToken), slice.ByteStart, slice.ByteEnd);
        using var lines = new StreamReader(stream);
        TabularChunkBuilder? builder = null;
        string[] featureNames = [];
        var rowNumber = slice.RowStart;
        while (await lines.ReadLineAsync(cancellationToken) is { } line)
        {
            if (line.Length == 0)
            {
                continue; // empty line: not a record (the planner does not count it either)
            }

            JsonDocument? document = null;
            ItemError? parseError = null;
            try
            {
                document = JsonDocument.Parse(line);
                if (document.RootElement.ValueKind != JsonValueKind.Object)
                {
                    parseError = new ItemError(ErrorKind.Read, $"is a JSON {document.RootElement.ValueKind.ToString().ToLowerInvariant()}, not an object");
                }
            }
            catch (JsonException e)
            {
                parseError = new ItemError(ErrorKind.Read, $"is not valid JSON: {e.Message}");
            }

            using (document)
            {
                if (builder is null)
                {
                    if (parseError is not null)
                    {
                        throw new BatchScoringException($"'{slice.Path}' row {rowNumber + 1} {parseError.Message}; the columns of a JSON Lines slice are read from its first line.");
                    }

                    var names = document!.RootElement.EnumerateObject().Select(p => p.Name).ToArray();
                    featureNames = ColumnResolver.ResolveFeatures(names, request.FeatureColumns, request.PassThroughColumns, slice.Path).Select(i => names[i]).ToArray();
                    builder = new TabularChunkBuilder(slice.Path, featureNames, [.. request.PassThroughColumns], request.ChunkRows);
                }

                var r = builder.BeginRow(rowNumber++);
                if (parseError is not null)
                {
                    builder.Fail(r, parseError.Kind, parseError.Message);
                }
                else
                {
                    var root = document!.RootElement;
                    for (var f = 0; f < featureNames.Length; f++)
                    {
                        if (!root.TryGetProperty(featureNames[f], out var value))
                        {
                            builder.Fail(r, ErrorKind.InvalidValue, $"has no '{featureNames[f]}'");
                        }
                        else if (value.ValueKind == JsonValueKind.Number)
                        {
                            builder.SetFeature(r, f, value.GetDouble());
                        }
                        else
                        {
                            builder.Fail(r, ErrorKind.InvalidValue, $"column '{featureNames[f]}' is not a number: {Truncate(value.GetRawText())}");
                        }
                    }

                    for (var p = 0; p < request.PassThroughColumns.Count; p++)
                    {
                        var name = request.PassThroughColumns[p];
                        if (!root.TryGetProperty(name, out var value))
                        {
                            builder.Fail(r, ErrorKind.InvalidValue, $"has no pass-through column '{name}'");
                        }
                        else
                        {
                            builder.SetPassThrough(r, p, value.ValueKind switch
                            {
                                JsonValueKind.String => value.GetString(),
                                JsonValueKind.Null => null,
                                JsonValueKind.Number => value.GetRawText(),
                                _ => value.GetRawText(),
                            });
                        }
                    }
                }

                if (builder.IsFull)
                {
                    yield return builder.Build();
                }
            }
        }

        if (rowNumber - slice.RowStart != slice.RowCount)
        {
            throw new BatchScoringException($"'{slice.Path}' changed since it was planned: bytes {slice.ByteStart}-{slice.ByteEnd} held {slice.RowCount} rows, now {(rowNumber - slice.RowStart).ToString(CultureInfo.InvariantCulture)}.");
        }

        if (builder is { Count: > 0 })
        {
            yield return builder.Build();
        }
    }

    private static string Truncate(string s) => s.Length <= 40 ? s : s[..40] + "...";
}
