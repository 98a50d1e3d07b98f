using System.Buffers;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using BatchScoring.Core;
using BatchScoring.Core.Data;
using BatchScoring.Storage.Formats.Values;

namespace BatchScoring.Storage.Formats.Csv;

/// <summary>
/// Whole CSV records of one slice, in a rented buffer. Decoding walks the UTF-8 bytes once: every feature cell is
/// parsed straight into its block's element type where it lies (whole numbers without floating point), pass-through
/// cells become strings, text cells become strings once checked to be UTF-8, other cells are skipped, and nothing is
/// allocated per feature cell. A record in error that spans several lines (a quoted field holding line breaks, or a
/// quote left open) says which lines, counted from <paramref name="firstLine"/>, the line breaks before the chunk.
/// </summary>
internal sealed class CsvChunk(string path, long firstRow, int rowCount, byte[] buffer, int length, FeatureLayout layout, bool allowNonFinite, long? firstLine = null)
    : RentedBytesChunk(path, firstRow, rowCount, buffer, length)
{
    protected override TabularBatch Decode(ReadOnlySpan<byte> data)
    {
        var blocks = layout.CreateBlocks(RowCount);
        var errors = new ItemError?[RowCount];
        var passIndexes = layout.PassThroughIndexes;
        var pass = new string?[passIndexes.Length][];
        for (var p = 0; p < pass.Length; p++)
        {
            pass[p] = new string?[RowCount];
        }

        var passOf = new int[layout.Columns.Count];
        passOf.AsSpan().Fill(-1);
        for (var p = 0; p < passIndexes.Length; p++)
        {
            passOf[passIndexes[p]] = p;
        }

        var texts = layout.CreateTexts(RowCount);
        byte[]? scratch = null;
        try
        {
            Parse(data, blocks, errors, pass, passOf, texts, ref scratch);
        }
        catch
        {
            foreach (var block in blocks)
            {
                block.Dispose();
            }

            throw;
        }
        finally
        {
            if (scratch is not null)
            {
                ArrayPool<byte>.Shared.Return(scratch);
            }
        }

        var passColumns = new DataColumn[pass.Length];
        for (var p = 0; p < pass.Length; p++)
        {
            passColumns[p] = new DataColumn(layout.Columns[passIndexes[p]], ColumnType.String, pass[p], RowCount);
        }

        return new TabularBatch(Path, FirstRow, RowCount, blocks, passColumns, errors, layout.TextColumns(texts, RowCount));
    }

    // Full optimisation from the first call: a chunk's loop runs once per chunk, too few calls for tiering to reach it.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Parse(ReadOnlySpan<byte> data, FeatureBlock[] blocks, ItemError?[] errors, string?[][] pass, int[] passOf, string?[][] texts, ref byte[]? scratch)
    {
        var textOf = layout.TextOf;
        var targets = layout.Targets;
        var columns = targets.Length;
        ref byte base0 = ref blocks.Length > 0 ? ref MemoryMarshal.GetArrayDataReference(blocks[0].Values) : ref Unsafe.NullRef<byte>();
        var rowBytes0 = blocks.Length > 0 ? blocks[0].Width * blocks[0].Type.Size() : 0;
        var pos = 0;
        var row = 0;
        var lines = new LineCounter(firstLine);
        while (pos < data.Length)
        {
            // A line without content is not a record (the planner does not count it either).
            if (data[pos] == (byte)'\n')
            {
                pos++;
                continue;
            }

            if (data[pos] == (byte)'\r' && (pos + 1 == data.Length || data[pos + 1] == (byte)'\n'))
            {
                pos += 2;
                continue;
            }

            if (row == RowCount)
            {
                throw new BatchScoringException($"'{Path}' changed while it was read: the chunk at row {FirstRow + 1} holds more than the {RowCount} rows counted when it was cut.");
            }

            var recordStart = pos;
            var rowOffset0 = (nint)row * rowBytes0;
            var field = 0;
            var complete = false;
            while (!complete)
            {
                if (field >= columns)
                {
                    // More fields than the header: skip the rest of the record.
                    CsvFields.SkipRecord(data, ref pos);
                    errors[row] ??= new ItemError(ErrorKind.Read, $"has more fields than the header's {columns}");
                    break;
                }

                if (layout.Runs[field] is { } run)
                {
                    // The fast path: as many plain whole numbers of the run as there are, in one loop.
                    ref byte first = ref run.Block == 0
                        ? ref Unsafe.Add(ref base0, rowOffset0 + run.Offset)
                        : ref Unsafe.Add(ref blocks[run.Block].RowReference(row), run.Offset);
                    var stop = CsvWholeRuns.Read(run.Type, data, ref pos, ref first, run.Count, out var consumed, out var value);
                    field += consumed;
                    if (stop == CsvWholeRuns.Stop.OutOfRange)
                    {
                        var column = targets[field - 1].First!;
                        errors[row] ??= ValueErrors.Describe(ValueStatus.OutOfRange, column.Column, value.ToString(System.Globalization.CultureInfo.InvariantCulture), column.Type);
                        complete = pos >= data.Length || data[pos - 1] == (byte)'\n';
                        continue;
                    }

                    if (stop == CsvWholeRuns.Stop.RecordEnd)
                    {
                        break;
                    }

                    if (stop == CsvWholeRuns.Stop.RunDone)
                    {
                        continue;
                    }

                    // NotWhole: the cell at `field` goes through the general path below.
                }

                // The general path: one cell as text (quoted, spaced, a fraction, an exponent, a pass-through column...).
                complete = CsvFields.Read(data, ref pos, ref scratch, out var text, out var malformed) == CsvFields.End.Record;
                if (malformed)
                {
                    errors[row] ??= new ItemError(ErrorKind.Read, $"column '{layout.Columns[field]}' has text after its closing quote or no closing quote");
                }
                else if (targets[field].IsFeature)
                {
                    StoreAll(targets[field], text, blocks, row, errors);
                }

                if (passOf[field] >= 0)
                {
                    var error = TextValues.Decode(text, layout.Columns[field], out pass[passOf[field]][row]);
                    errors[row] ??= error;
                }

                if (textOf[field] >= 0)
                {
                    var error = TextValues.Decode(text, layout.Columns[field], out texts[textOf[field]][row]);
                    errors[row] ??= error;
                }

                field++;
            }

            if (field < columns && errors[row] is null)
            {
                errors[row] = new ItemError(ErrorKind.Read, $"has {field} fields, the header has {columns}");
            }

            if (errors[row] is { } failed)
            {
                errors[row] = lines.Name(failed, data, recordStart, pos);
            }

            row++;
        }

        if (row != RowCount)
        {
            throw new BatchScoringException($"'{Path}' changed while it was read: the chunk at row {FirstRow + 1} holds {row} rows, {RowCount} were counted when it was cut.");
        }
    }

    /// <summary>The line numbers of records, counted only for records in error (the count moves forward, once).</summary>
    private struct LineCounter(long? firstLine)
    {
        private int counted;
        private long breaks;

        /// <summary>The error, naming the lines its record spans when they are several: <c>(the record spans lines 7-21; ...)</c>.</summary>
        public ItemError Name(ItemError error, ReadOnlySpan<byte> data, int start, int end)
        {
            if (firstLine is not { } before)
            {
                return error;
            }

            var body = data[start..end];
            body = body.Length > 0 && body[^1] == (byte)'\n' ? body[..^1] : body;
            var inside = body.Count((byte)'\n');
            if (inside == 0)
            {
                return error;
            }

            breaks += data[counted..start].Count((byte)'\n');
            counted = start;
            var first = before + breaks + 1;
            return error with
            {
                Message = string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{error.Message} (the record spans lines {first}-{first + inside}: a quoted field holds line breaks; is a quote left open?)"),
            };
        }
    }

    private void StoreAll(FeatureLayout.ColumnTarget column, ReadOnlySpan<byte> text, FeatureBlock[] blocks, int row, ItemError?[] errors)
    {
        foreach (var target in column.More is null ? [column.First!] : (IEnumerable<FeatureLayout.FeatureTarget>)[column.First!, .. column.More])
        {
            var status = NumberText.Parse(text, target.Type, allowNonFinite, ref Unsafe.Add(ref blocks[target.Block].RowReference(row), target.Offset));
            if (status != ValueStatus.Ok)
            {
                errors[row] ??= ValueErrors.Describe(status, target.Column, text, target.Type);
            }
        }
    }
}
