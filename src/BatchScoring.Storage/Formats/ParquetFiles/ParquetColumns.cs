using System.Runtime.CompilerServices;
using BatchScoring.Core;
using BatchScoring.Core.Data;
using BatchScoring.Storage.Formats.Values;
using Parquet;
using Parquet.Schema;

namespace BatchScoring.Storage.Formats.ParquetFiles;

/// <summary>
/// Reading Parquet columns: features of any numeric physical type (nullable or not) into feature blocks of the model
/// input's element type, with the same refusals as text (a null, a value out of range, a fraction for an integer
/// type, NaN unless allowed); pass-through columns keep their type (integers as Int64, floating point as Double,
/// strings, booleans).
/// </summary>
public static class ParquetColumns
{
    /// <summary>Parquet.Net reports UTF-8 columns as string or as ReadOnlyMemory&lt;char&gt;.</summary>
    public static bool IsText(Type t) => t == typeof(string) || t == typeof(ReadOnlyMemory<char>);

    /// <summary>Columns a text input reads: UTF-8 strings, or binary (checked to be UTF-8 as it is decoded).</summary>
    public static bool IsTextOrBinary(Type t) => IsText(t) || t == typeof(byte[]) || t == typeof(ReadOnlyMemory<byte>);

    public static bool IsNumeric(Type t) =>
        t == typeof(double) || t == typeof(float) || t == typeof(long) || t == typeof(int) || t == typeof(short)
        || t == typeof(sbyte) || t == typeof(byte) || t == typeof(ushort) || t == typeof(uint) || t == typeof(ulong)
        || t == typeof(decimal) || t == typeof(bool);

    /// <summary>The result column type a pass-through Parquet column keeps.</summary>
    public static ColumnType PassThroughType(Type t) =>
        IsText(t) ? ColumnType.String
        : t == typeof(bool) ? ColumnType.Boolean
        : t == typeof(float) || t == typeof(double) || t == typeof(decimal) ? ColumnType.Double
        : ColumnType.Int64;

    /// <summary>
    /// Whether an exception from Parquet.Net (or the runtime under it) means the bytes are not valid Parquet: on damaged
    /// bytes its decoders throw whatever their arithmetic runs into (a Thrift protocol error, an index out of range, an
    /// overflow, an array too large to allocate, a null reference), so every exception counts but cancellation and the
    /// messages this library wrote itself.
    /// </summary>
    public static bool IsCorruption(Exception e) => e is not (OperationCanceledException or BatchScoringException);

    /// <summary>
    /// Reads a feature column of a row group (Parquet.Net decodes a column chunk whole) into an array rented from
    /// <see cref="DataBuffers"/>; <see cref="StoreTiles"/> then writes it into the blocks.
    /// </summary>
    internal static Task<FeatureColumn> ReadFeatureAsync(ParquetRowGroupReader group, DataField field, int rows, IReadOnlyList<FeatureLayout.FeatureTarget> targets, CancellationToken cancellationToken)
    {
        var t = field.ClrType;
        return t == typeof(double) ? Read<double>()
            : t == typeof(float) ? Read<float>()
            : t == typeof(long) ? Read<long>()
            : t == typeof(int) ? Read<int>()
            : t == typeof(short) ? Read<short>()
            : t == typeof(sbyte) ? Read<sbyte>()
            : t == typeof(byte) ? Read<byte>()
            : t == typeof(ushort) ? Read<ushort>()
            : t == typeof(uint) ? Read<uint>()
            : t == typeof(ulong) ? Read<ulong>()
            : t == typeof(decimal) ? Read<decimal>()
            : Read<bool>();

        async Task<FeatureColumn> Read<T>()
            where T : struct
        {
            FeatureColumn column = field.IsNullable ? new NullableColumn<T>(rows, targets) : new RequiredColumn<T>(rows, targets);
            try
            {
                await column.ReadAsync(group, field, rows, cancellationToken);
                return column;
            }
            catch
            {
                column.Dispose();
                throw;
            }
        }
    }

    /// <summary>
    /// Writes rows <paramref name="offset"/> .. + <paramref name="count"/> of the columns read into the blocks, a tile
    /// of <see cref="TileRows"/> rows at a time: every column's part of a tile, then the next tile. Column by column
    /// over the whole chunk, each value lands on a different cache line of a block far larger than the caches: for 1M
    /// rows of 64 float columns that took 0.36-0.44 s on one core, against 0.07 s for Parquet.Net's decoding of them;
    /// in tiles 0.10 s, and eight columns at a time (<see cref="FloatTranspose"/>) 0.075 s.
    /// </summary>
    internal static void StoreTiles(IReadOnlyList<FeatureColumn> columns, int offset, int count, FeatureBlock[] blocks, ItemError?[] errors, bool allowNonFinite)
    {
        var stores = EightsOfFloats(columns);
        for (var first = 0; first < count; first += TileRows)
        {
            var rows = Math.Min(TileRows, count - first);
            foreach (var column in stores)
            {
                column.Store(offset, first, rows, blocks, errors, allowNonFinite);
            }
        }
    }

    /// <summary>
    /// The columns, with every eight float columns that go to eight consecutive positions of one float block taken
    /// together (<see cref="FloatTranspose"/>), in the same order.
    /// </summary>
    private static List<ITileStore> EightsOfFloats(IReadOnlyList<FeatureColumn> columns)
    {
        var stores = new List<ITileStore>(columns.Count);
        for (var i = 0; i < columns.Count;)
        {
            if (FloatTranspose.IsAccelerated && i + 8 <= columns.Count && columns[i].FloatTarget is { } start
                && Enumerable.Range(1, 7).All(k => columns[i + k].FloatTarget is { } next && next.Block == start.Block && next.Offset == start.Offset + (k * sizeof(float))))
            {
                stores.Add(new EightFloats([.. columns.Skip(i).Take(8).Select(c => c.Floats!)], [.. columns.Skip(i).Take(8).Select(c => c.FloatTarget!)]));
                i += 8;
            }
            else
            {
                stores.Add(columns[i++]);
            }
        }

        return stores;
    }

    /// <summary>Rows of one tile: a float block 64 columns wide keeps a tile in 16 KB.</summary>
    internal const int TileRows = 64;

    /// <summary>What writes its values into the blocks a tile of rows at a time.</summary>
    private interface ITileStore
    {
        /// <summary>Writes the values <paramref name="offset"/> + <paramref name="first"/> .. + <paramref name="rows"/> into block rows <paramref name="first"/> .. + <paramref name="rows"/>.</summary>
        void Store(int offset, int first, int rows, FeatureBlock[] blocks, ItemError?[] errors, bool allowNonFinite);
    }

    /// <summary>A feature column read whole, in a rented array, with the block positions it goes to.</summary>
    internal abstract class FeatureColumn(IReadOnlyList<FeatureLayout.FeatureTarget> targets) : ITileStore, IDisposable
    {
        protected IReadOnlyList<FeatureLayout.FeatureTarget> Targets { get; } = targets;

        /// <summary>The bytes the rented array holds.</summary>
        public abstract long Bytes { get; }

        /// <summary>The values, when they are floats (never null) going to one position of a float block.</summary>
        public virtual float[]? Floats => null;

        /// <summary>That position, with <see cref="Floats"/>.</summary>
        public FeatureLayout.FeatureTarget? FloatTarget => Floats is null ? null : Targets[0];

        /// <summary>Reads the column's <paramref name="rows"/> values of the row group into the array.</summary>
        public abstract Task ReadAsync(ParquetRowGroupReader group, DataField field, int rows, CancellationToken cancellationToken);

        public abstract void Store(int offset, int first, int rows, FeatureBlock[] blocks, ItemError?[] errors, bool allowNonFinite);

        public abstract void Dispose();
    }

    private sealed class RequiredColumn<T>(int rows, IReadOnlyList<FeatureLayout.FeatureTarget> targets) : FeatureColumn(targets)
        where T : struct
    {
        public T[] Values { get; } = DataBuffers.Pool<T>().Rent(Math.Max(1, rows));

        public override long Bytes => (long)Values.Length * Unsafe.SizeOf<T>();

        public override float[]? Floats => typeof(T) == typeof(float) && Targets is [{ Type: FeatureElementType.Float }] ? (float[])(object)Values : null;

        public override Task ReadAsync(ParquetRowGroupReader group, DataField field, int rows, CancellationToken cancellationToken) =>
            group.ReadAsync<T>(field, Values.AsMemory(0, rows), null, cancellationToken).AsTask();

        public override void Store(int offset, int first, int rows, FeatureBlock[] blocks, ItemError?[] errors, bool allowNonFinite)
        {
            // Indexed: this runs once a tile, and a foreach over the interface would allocate an enumerator each time.
            for (var t = 0; t < Targets.Count; t++)
            {
                var target = Targets[t];
                ParquetColumns.Store<T>(Values.AsSpan(offset + first, rows), target, blocks[target.Block], first, errors, allowNonFinite);
            }
        }

        public override void Dispose() => DataBuffers.Pool<T>().Return(Values);
    }

    private sealed class NullableColumn<T>(int rows, IReadOnlyList<FeatureLayout.FeatureTarget> targets) : FeatureColumn(targets)
        where T : struct
    {
        public T?[] Values { get; } = DataBuffers.Pool<T?>().Rent(Math.Max(1, rows));

        public override long Bytes => (long)Values.Length * Unsafe.SizeOf<T?>();

        public override Task ReadAsync(ParquetRowGroupReader group, DataField field, int rows, CancellationToken cancellationToken) =>
            group.ReadAsync<T>(field, Values.AsMemory(0, rows), null, cancellationToken).AsTask();

        public override void Store(int offset, int first, int rows, FeatureBlock[] blocks, ItemError?[] errors, bool allowNonFinite)
        {
            // Indexed: this runs once a tile, and a foreach over the interface would allocate an enumerator each time.
            for (var t = 0; t < Targets.Count; t++)
            {
                var target = Targets[t];
                StoreNullable<T>(Values.AsSpan(offset + first, rows), target, blocks[target.Block], first, errors, allowNonFinite);
            }
        }

        public override void Dispose() => DataBuffers.Pool<T?>().Return(Values);
    }

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

    internal static async Task<DataColumn> ReadPassThroughAsync(ParquetRowGroupReader group, DataField field, int rows, int offset, int count, CancellationToken cancellationToken)
    {
        var t = field.ClrType;
        if (IsText(t))
        {
            var values = new string?[rows];
            await group.ReadAsync(field, values.AsMemory(), null, cancellationToken);
            return new DataColumn(field.Name, ColumnType.String, values[offset..(offset + count)]);
        }

        if (!IsNumeric(t))
        {
            throw new BatchScoringException($"input.passThroughColumns: column '{field.Name}' holds {t.Name} values; pass-through columns must be strings, numbers or booleans.");
        }

        var type = PassThroughType(t);
        var block = new FeatureBlock(type == ColumnType.Int64 ? FeatureElementType.Int64 : FeatureElementType.Double, [field.Name], count);
        try
        {
            var errors = new ItemError?[count];
            if (t == typeof(bool))
            {
                var flags = new bool?[rows];
                await group.ReadAsync<bool>(field, flags.AsMemory(), null, cancellationToken);
                return new DataColumn(field.Name, ColumnType.Boolean, flags[offset..(offset + count)]);
            }

            var target = new FeatureLayout.FeatureTarget(0, 0, block.Type, field.Name);
            using (var column = await ReadFeatureAsync(group, field, rows, [target], cancellationToken))
            {
                column.Store(offset, 0, count, [block], errors, allowNonFinite: true);
            }

            if (type == ColumnType.Int64)
            {
                var longs = block.Rows<long>(0, count);
                var values = new long?[count];
                for (var r = 0; r < count; r++)
                {
                    values[r] = errors[r] is null ? longs[r] : null;
                }

                return new DataColumn(field.Name, type, values);
            }
            else
            {
                var doubles = block.Rows<double>(0, count);
                var values = new double?[count];
                for (var r = 0; r < count; r++)
                {
                    values[r] = errors[r] is null ? doubles[r] : null;
                }

                return new DataColumn(field.Name, type, values);
            }
        }
        finally
        {
            block.Dispose();
        }
    }

    /// <summary>Eight float columns going to eight consecutive positions of one float block, stored together.</summary>
    private sealed class EightFloats(float[][] columns, FeatureLayout.FeatureTarget[] targets) : ITileStore
    {
        public void Store(int offset, int first, int rows, FeatureBlock[] blocks, ItemError?[] errors, bool allowNonFinite)
        {
            var block = blocks[targets[0].Block];
            var finite = FloatTranspose.Store(columns, offset + first, rows, block.Rows<float>(first, rows), block.Width, 0, targets[0].Offset / sizeof(float));
            if (finite || allowNonFinite)
            {
                return;
            }

            for (var r = 0; r < rows; r++)
            {
                for (var c = 0; c < columns.Length; c++)
                {
                    if (!float.IsFinite(columns[c][offset + first + r]))
                    {
                        errors[first + r] ??= NonFinite(columns[c][offset + first + r], targets[c]);
                    }
                }
            }
        }
    }

    private static void Store<T>(ReadOnlySpan<T> values, FeatureLayout.FeatureTarget target, FeatureBlock block, int first, ItemError?[] errors, bool allowNonFinite)
        where T : struct
    {
        if (typeof(T) == typeof(float) && target.Type == FeatureElementType.Float)
        {
            Copy(System.Runtime.InteropServices.MemoryMarshal.Cast<T, float>(values), target, block, first, errors, allowNonFinite);
            return;
        }

        for (var r = 0; r < values.Length; r++)
        {
            var status = StoreOne(values[r], target.Type, allowNonFinite, ref Unsafe.Add(ref block.RowReference(first + r), target.Offset));
            if (status != ValueStatus.Ok)
            {
                errors[first + r] ??= ValueErrors.Describe(status, target.Column, Convert.ToString(values[r], System.Globalization.CultureInfo.InvariantCulture) ?? "", target.Type);
            }
        }
    }

    private static void StoreNullable<T>(ReadOnlySpan<T?> values, FeatureLayout.FeatureTarget target, FeatureBlock block, int first, ItemError?[] errors, bool allowNonFinite)
        where T : struct
    {
        for (var r = 0; r < values.Length; r++)
        {
            if (values[r] is not { } value)
            {
                errors[first + r] ??= new ItemError(ErrorKind.InvalidValue, $"column '{target.Column}' is null; the model needs a number");
                continue;
            }

            var status = StoreOne(value, target.Type, allowNonFinite, ref Unsafe.Add(ref block.RowReference(first + r), target.Offset));
            if (status != ValueStatus.Ok)
            {
                errors[first + r] ??= ValueErrors.Describe(status, target.Column, Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture) ?? "", target.Type);
            }
        }
    }

    /// <summary>The common case of float columns feeding a float input: a strided copy, with the finite check.</summary>
    private static void Copy(ReadOnlySpan<float> values, FeatureLayout.FeatureTarget target, FeatureBlock block, int first, ItemError?[] errors, bool allowNonFinite)
    {
        var width = block.Width;
        var column = target.Offset / sizeof(float);
        var destination = block.Rows<float>(first, values.Length);
        for (var r = 0; r < values.Length; r++)
        {
            var value = values[r];
            destination[(r * width) + column] = value;
            if (!allowNonFinite && !float.IsFinite(value))
            {
                errors[first + r] ??= NonFinite(value, target);
            }
        }
    }

    private static ItemError NonFinite(float value, FeatureLayout.FeatureTarget target) =>
        ValueErrors.Describe(ValueStatus.NonFinite, target.Column, value.ToString(System.Globalization.CultureInfo.InvariantCulture), target.Type);

    private static ValueStatus StoreOne<T>(T value, FeatureElementType type, bool allowNonFinite, ref byte destination)
        where T : struct => value switch
        {
            float f => ElementStore.StoreSingle(type, f, allowNonFinite, ref destination),
            double d => ElementStore.StoreDouble(type, d, allowNonFinite, ref destination),
            decimal m => ElementStore.StoreDouble(type, (double)m, allowNonFinite, ref destination),
            bool b => ElementStore.StoreInteger(type, b ? 1 : 0, ref destination),
            ulong u => u > long.MaxValue ? ValueStatus.OutOfRange : ElementStore.StoreInteger(type, (long)u, ref destination),
            long l => ElementStore.StoreInteger(type, l, ref destination),
            int i => ElementStore.StoreInteger(type, i, ref destination),
            uint i => ElementStore.StoreInteger(type, i, ref destination),
            short i => ElementStore.StoreInteger(type, i, ref destination),
            ushort i => ElementStore.StoreInteger(type, i, ref destination),
            sbyte i => ElementStore.StoreInteger(type, i, ref destination),
            byte i => ElementStore.StoreInteger(type, i, ref destination),
            _ => ValueStatus.NotANumber,
        };
}
