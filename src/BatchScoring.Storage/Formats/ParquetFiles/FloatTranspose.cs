using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace BatchScoring.Storage.Formats.ParquetFiles;

/// <summary>
/// Eight float columns into eight consecutive positions of a row-major float block, eight rows at a time: eight
/// vector loads (one per column), an 8 x 8 transpose in registers and eight vector stores (one per row), instead of
/// 64 single-float stores to 64 places. Reports the rows where a value is NaN or infinite, for the caller to word.
/// </summary>
internal static class FloatTranspose
{
    /// <summary>Whether <see cref="Store"/> runs the vector path (AVX); without it, it stores value by value.</summary>
    public static bool IsAccelerated => Avx.IsSupported;

    /// <summary>
    /// Writes rows <paramref name="from"/> .. + <paramref name="rows"/> of the eight <paramref name="columns"/> into
    /// <paramref name="destination"/> (row <c>r</c> starts at <c>r * width</c>), at positions <paramref name="position"/>
    /// .. + 8 of block rows <paramref name="to"/> .. + <paramref name="rows"/>. Returns false when any value written is
    /// NaN or infinite.
    /// </summary>
    public static bool Store(ReadOnlySpan<float[]> columns, int from, int rows, Span<float> destination, int width, int to, int position)
    {
        if (columns.Length != 8 || position + 8 > width)
        {
            throw new ArgumentException("eight columns that fit the row");
        }

        ArgumentOutOfRangeException.ThrowIfGreaterThan((long)(to + rows) * width, destination.Length);
        foreach (var column in columns)
        {
            ArgumentOutOfRangeException.ThrowIfGreaterThan(from + rows, column.Length);
        }

        var r = 0;
        var finite = true;
        if (Avx.IsSupported)
        {
            var exponent = Vector256.Create(0x7F800000).AsSingle();
            var bad = Vector256<float>.Zero;
            ref var target = ref MemoryMarshal.GetReference(destination);
            for (; r + 8 <= rows; r += 8)
            {
                var c0 = Load(columns[0], from + r);
                var c1 = Load(columns[1], from + r);
                var c2 = Load(columns[2], from + r);
                var c3 = Load(columns[3], from + r);
                var c4 = Load(columns[4], from + r);
                var c5 = Load(columns[5], from + r);
                var c6 = Load(columns[6], from + r);
                var c7 = Load(columns[7], from + r);

                // A float is NaN or infinite when its exponent bits are all set.
                bad |= Vector256.Equals(c0 & exponent, exponent) | Vector256.Equals(c1 & exponent, exponent)
                    | Vector256.Equals(c2 & exponent, exponent) | Vector256.Equals(c3 & exponent, exponent)
                    | Vector256.Equals(c4 & exponent, exponent) | Vector256.Equals(c5 & exponent, exponent)
                    | Vector256.Equals(c6 & exponent, exponent) | Vector256.Equals(c7 & exponent, exponent);

                var t0 = Avx.UnpackLow(c0, c1);
                var t1 = Avx.UnpackHigh(c0, c1);
                var t2 = Avx.UnpackLow(c2, c3);
                var t3 = Avx.UnpackHigh(c2, c3);
                var t4 = Avx.UnpackLow(c4, c5);
                var t5 = Avx.UnpackHigh(c4, c5);
                var t6 = Avx.UnpackLow(c6, c7);
                var t7 = Avx.UnpackHigh(c6, c7);
                var s0 = Avx.Shuffle(t0, t2, 0x44);
                var s1 = Avx.Shuffle(t0, t2, 0xEE);
                var s2 = Avx.Shuffle(t1, t3, 0x44);
                var s3 = Avx.Shuffle(t1, t3, 0xEE);
                var s4 = Avx.Shuffle(t4, t6, 0x44);
                var s5 = Avx.Shuffle(t4, t6, 0xEE);
                var s6 = Avx.Shuffle(t5, t7, 0x44);
                var s7 = Avx.Shuffle(t5, t7, 0xEE);

                ref var row = ref Unsafe.Add(ref target, ((nint)(to + r) * width) + position);
                Avx.Permute2x128(s0, s4, 0x20).StoreUnsafe(ref row);
                Avx.Permute2x128(s1, s5, 0x20).StoreUnsafe(ref Unsafe.Add(ref row, width));
                Avx.Permute2x128(s2, s6, 0x20).StoreUnsafe(ref Unsafe.Add(ref row, 2 * width));
                Avx.Permute2x128(s3, s7, 0x20).StoreUnsafe(ref Unsafe.Add(ref row, 3 * width));
                Avx.Permute2x128(s0, s4, 0x31).StoreUnsafe(ref Unsafe.Add(ref row, 4 * width));
                Avx.Permute2x128(s1, s5, 0x31).StoreUnsafe(ref Unsafe.Add(ref row, 5 * width));
                Avx.Permute2x128(s2, s6, 0x31).StoreUnsafe(ref Unsafe.Add(ref row, 6 * width));
                Avx.Permute2x128(s3, s7, 0x31).StoreUnsafe(ref Unsafe.Add(ref row, 7 * width));
            }

            finite = bad == Vector256<float>.Zero;
        }

        for (; r < rows; r++)
        {
            var row = destination.Slice((to + r) * width + position, 8);
            for (var c = 0; c < 8; c++)
            {
                var value = columns[c][from + r];
                row[c] = value;
                finite &= float.IsFinite(value);
            }
        }

        return finite;
    }

    private static Vector256<float> Load(float[] column, int index) =>
        Vector256.LoadUnsafe(ref MemoryMarshal.GetArrayDataReference(column), (nuint)index);
}
