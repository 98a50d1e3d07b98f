using BatchScoring.Core.Data;
using BatchScoring.Storage.Formats.Values;
using Parquet;
using Parquet.Schema;

namespace BatchScoring.Storage.Formats.ParquetFiles;

/// <summary>The text input's columns of a row group, read into strings.</summary>
internal static partial class ParquetColumns
{
    /// <summary>
    /// A text input's column: UTF-8 strings as Parquet.Net decodes them (the format's STRING type is UTF-8 by
    /// definition), or binary values checked and decoded here; a null and bytes that are not UTF-8 are row errors.
    /// </summary>
    internal static async Task ReadTextAsync(ParquetRowGroupReader group, DataField field, int rows, int offset, int count, string?[] texts, ItemError?[] errors, CancellationToken cancellationToken)
    {
        if (IsText(field.ClrType))
        {
            var strings = new string?[rows];
            await group.ReadAsync(field, strings.AsMemory(), null, cancellationToken);
            for (var r = 0; r < count; r++)
            {
                texts[r] = strings[offset + r];
                errors[r] ??= texts[r] is null ? TextValues.Null(field.Name) : null;
            }

            return;
        }

        var values = new byte[]?[rows];
        await group.ReadAsync(field, values.AsMemory(), null, cancellationToken);
        for (var r = 0; r < count; r++)
        {
            var error = values[offset + r] is { } bytes ? TextValues.Decode(bytes, field.Name, out texts[r]) : TextValues.Null(field.Name);
            errors[r] ??= error;
        }
    }
}
