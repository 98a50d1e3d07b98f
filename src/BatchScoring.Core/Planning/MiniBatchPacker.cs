namespace BatchScoring.Core.Planning;

/// <summary>
/// Packs plan units, in order, into mini-batches of a target size. Pure: no I/O.
/// <list type="bullet">
/// <item>Units are packed greedily in input order; a mini-batch never exceeds the target unless one unit alone
/// does and cannot be cut (a CSV segment is cut by the reader's alignment, not here).</item>
/// <item>A mini-batch may span files (unlike Azure ML's PRS, which never crosses a file boundary): many small
/// files then make few mini-batches. With partition keys, each key combination is its own mini-batch.</item>
/// <item>Row-splittable units (Parquet row groups) larger than the target are cut into row ranges.</item>
/// </list>
/// </summary>
internal static class MiniBatchPacker
{
    public static IReadOnlyList<MiniBatch> Pack(IEnumerable<PlanUnit> units, MiniBatchTarget target, bool byPartition = false)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(target.Value, 1);
        return byPartition ? PackByPartition(units) : PackBySize(units, target);
    }

    private static List<MiniBatch> PackByPartition(IEnumerable<PlanUnit> units)
    {
        var groups = new Dictionary<string, List<InputSlice>>(StringComparer.Ordinal);
        var order = new List<string>();
        foreach (var unit in units)
        {
            var key = unit.PartitionKey ?? "";
            if (!groups.TryGetValue(key, out var slices))
            {
                groups[key] = slices = [];
                order.Add(key);
            }

            slices.Add(unit.Slice);
        }

        order.Sort(StringComparer.Ordinal);
        return order.Select((key, i) => new MiniBatch(i, groups[key], groups[key].Sum(s => s.RowCount), groups[key].Sum(s => s.Bytes), key)).ToList();
    }

    private static List<MiniBatch> PackBySize(IEnumerable<PlanUnit> units, MiniBatchTarget target)
    {
        var batches = new List<MiniBatch>();
        var current = new List<InputSlice>();
        long size = 0, items = 0, bytes = 0;

        void Flush()
        {
            if (current.Count > 0)
            {
                batches.Add(new MiniBatch(batches.Count, current, items, bytes));
                current = [];
                size = items = bytes = 0;
            }
        }

        foreach (var unit in units)
        {
            foreach (var slice in Cut(unit, target))
            {
                var s = Measure(slice, target.Unit);
                if (current.Count > 0 && size + s > target.Value)
                {
                    Flush();
                }

                current.Add(slice);
                size += s;
                items += slice.RowCount;
                bytes += slice.Bytes;
                if (size >= target.Value)
                {
                    Flush();
                }
            }
        }

        Flush();
        return batches;
    }

    private static long Measure(InputSlice slice, MiniBatchUnit unit) => unit switch
    {
        MiniBatchUnit.Files => 1,
        MiniBatchUnit.Rows => slice.RowCount,
        _ => Math.Max(1, slice.Bytes),
    };

    /// <summary>Cuts a row-splittable unit into row ranges no larger than the target.</summary>
    private static IEnumerable<InputSlice> Cut(PlanUnit unit, MiniBatchTarget target)
    {
        var slice = unit.Slice;
        var rowsPerPiece = target.Unit switch
        {
            MiniBatchUnit.Rows => target.Value,
            MiniBatchUnit.Bytes when slice.Bytes > 0 && slice.RowCount > 0 =>
                Math.Max(1, (long)((double)target.Value / slice.Bytes * slice.RowCount)),
            _ => long.MaxValue,
        };
        if (!unit.SplittableByRows || slice.RowCount <= rowsPerPiece)
        {
            yield return slice;
            yield break;
        }

        // Bytes of a piece are prorated: a row group's bytes are not addressable row by row.
        for (var start = 0L; start < slice.RowCount; start += rowsPerPiece)
        {
            var count = Math.Min(rowsPerPiece, slice.RowCount - start);
            var byteStart = slice.ByteStart + (long)((double)slice.Bytes * start / slice.RowCount);
            var byteEnd = slice.ByteStart + (long)((double)slice.Bytes * (start + count) / slice.RowCount);
            yield return slice with { RowStart = slice.RowStart + start, RowCount = count, ByteStart = byteStart, ByteEnd = byteEnd };
        }
    }
}
