using BatchScoring.Core;
using BatchScoring.Core.Data;
using BatchScoring.Core.Spec;
using BatchScoring.Storage.Formats.Csv;
using BatchScoring.Storage.Formats.Jsonl;
using BatchScoring.Storage.Formats.ParquetFiles;
using Parquet;

namespace BatchScoring.Storage.Formats;

/// <summary>The tabular formats: which one a file is in, its reader, and the types its pass-through columns keep.</summary>
public static class TabularFormats
{
    private static readonly CsvReader Csv = new();
    private static readonly JsonLinesReader Jsonl = new();
    private static readonly ParquetTabularReader Parquet = new();

    /// <summary>The spec's format, or the one the file's extension names; throws naming the file when neither.</summary>
    public static InputFormat Resolve(InputFormat? declared, string path) =>
        declared ?? OutputSpec.FormatFromExtension(path)
        ?? throw new BatchScoringException($"input.format: cannot tell the format of '{path}' from its extension; name it in input.format (csv, jsonl or parquet).");

    /// <summary>The reader of a format (stateless, shared).</summary>
    public static ITabularReader Reader(InputFormat format) => format switch
    {
        InputFormat.Csv => Csv,
        InputFormat.Jsonl => Jsonl,
        _ => Parquet,
    };

    /// <summary>
    /// The types pass-through columns keep in results: as the Parquet file's footer says for Parquet inputs (integers
    /// as Int64, floating point as Double, booleans, strings); for JSON Lines, as the values at the start of the file
    /// are (<see cref="JsonLinesReader.PassThroughTypesAsync"/>); strings for CSV.
    /// </summary>
    public static async Task<IReadOnlyList<ColumnSchema>> PassThroughSchemaAsync(IBlobStore store, InputFormat format, string path, IReadOnlyList<string> columns, CancellationToken cancellationToken = default)
    {
        if (format == InputFormat.Jsonl)
        {
            var types = await JsonLinesReader.PassThroughTypesAsync(store, path, columns, cancellationToken);
            return columns.Select((c, i) => new ColumnSchema(c, types[i])).ToList();
        }

        if (format != InputFormat.Parquet)
        {
            return columns.Select(c => new ColumnSchema(c, ColumnType.String)).ToList();
        }

        await using var stream = await store.OpenReadAsync(path, cancellationToken);
        ParquetReader reader;
        try
        {
            reader = await ParquetReader.CreateAsync(stream, cancellationToken: cancellationToken);
        }
        catch (Exception e) when (ParquetColumns.IsCorruption(e))
        {
            throw new BatchScoringException($"'{path}' is not a readable Parquet file: {e.Message}", e);
        }

        await using (reader)
        {
            Parquet.Schema.DataField[] fields;
            try
            {
                fields = reader.Schema.DataFields;
            }
            catch (Exception e) when (ParquetColumns.IsCorruption(e))
            {
                throw new BatchScoringException($"'{path}' is not a readable Parquet file: {e.Message}", e);
            }

            return columns.Select(name =>
            {
                var field = fields.FirstOrDefault(f => f.Name == name)
                    ?? throw new BatchScoringException($"input.passThroughColumns: column '{name}' is not in '{path}'.");
                return new ColumnSchema(name, ParquetColumns.PassThroughType(field.ClrType));
            }).ToList();
        }
    }
}
