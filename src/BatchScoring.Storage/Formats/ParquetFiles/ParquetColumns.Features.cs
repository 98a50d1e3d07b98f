using System.Runtime.CompilerServices;
using BatchScoring.Core.Data;
using Parquet;
using Parquet.Schema;

namespace BatchScoring.Storage.Formats.ParquetFiles;

/// <summary>
/// Reading a feature column of a row group whole into an array rented from <see cref="DataBuffers"/> (required or
/// nullable values of its own physical type), with the block positions its values go to.
/// </summary>
internal static partial class ParquetColumns
{
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
}
