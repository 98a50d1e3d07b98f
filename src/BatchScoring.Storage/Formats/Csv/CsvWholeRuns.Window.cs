using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using BatchScoring.Storage.Formats.Values;

namespace BatchScoring.Storage.Formats.Csv;

/// <summary>The vectorized window of <see cref="CsvWholeRuns"/>: up to 64 bytes of short whole numbers per step.</summary>
internal static partial class CsvWholeRuns
{
    /// <summary>The bytes one window looks at.</summary>
    private const int WindowBytes = 64;

    /// <summary>
    /// Reads, from <paramref name="i"/>, the cells of the next <see cref="WindowBytes"/> bytes that hold 1 to 8 digits
    /// and end with a comma before any byte that is neither: a mask of commas and one of non-digits, then a loop over
    /// the commas whose only dependency is the mask (each cell's digits are loaded and valued independently). Returns
    /// how many cells it stored from element <paramref name="k"/> on (at most <paramref name="count"/> - k) and moves
    /// <paramref name="i"/> past the last one's comma. A number out of range stops it after that cell, with
    /// <paramref name="outOfRange"/> = -(number + 1); otherwise <paramref name="outOfRange"/> is 0.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Window<TStore>(ref byte bytes, ref int i, ref byte destination, int k, int count, out long outOfRange)
        where TStore : struct, IIntegerStore
    {
        outOfRange = 0;
        var (commas, nonDigits) = Masks(ref Unsafe.Add(ref bytes, i));
        var others = nonDigits & ~commas;

        // Only commas before the first byte that is neither a digit nor a comma.
        commas &= (others & (0 - others)) - 1;
        var cellStart = i;
        var stored = 0;
        var room = count - k;
        while (commas != 0 && stored < room)
        {
            var end = i + BitOperations.TrailingZeroCount(commas);
            commas &= commas - 1;
            var digits = end - cellStart;
            if (digits is 0 or > 8)
            {
                break;
            }

            var word = Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref bytes, cellStart)) - 0x3030303030303030UL;
            var number = Swar(word << (64 - (8 * digits)));
            cellStart = end + 1;
            if (!TStore.Store(number, ref Unsafe.Add(ref destination, (k + stored) * TStore.Size)))
            {
                outOfRange = -(number + 1);
                stored++;
                break;
            }

            stored++;
        }

        i = cellStart;
        return stored;
    }

    /// <summary>Bit n of <c>commas</c> is set when byte n is a comma, of <c>nonDigits</c> when it is not 0-9.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static (ulong Commas, ulong NonDigits) Masks(ref byte at)
    {
        if (Vector512.IsHardwareAccelerated)
        {
            var v = Vector512.LoadUnsafe(ref at);
            return (Vector512.Equals(v, Vector512.Create((byte)',')).ExtractMostSignificantBits(),
                Vector512.GreaterThan(v - Vector512.Create((byte)'0'), Vector512.Create((byte)9)).ExtractMostSignificantBits());
        }

        if (Vector256.IsHardwareAccelerated)
        {
            var low = Vector256.LoadUnsafe(ref at);
            var high = Vector256.LoadUnsafe(ref at, 32);
            var comma = Vector256.Create((byte)',');
            var zero = Vector256.Create((byte)'0');
            var nine = Vector256.Create((byte)9);
            return (Vector256.Equals(low, comma).ExtractMostSignificantBits() | ((ulong)Vector256.Equals(high, comma).ExtractMostSignificantBits() << 32),
                Vector256.GreaterThan(low - zero, nine).ExtractMostSignificantBits() | ((ulong)Vector256.GreaterThan(high - zero, nine).ExtractMostSignificantBits() << 32));
        }

        ulong commas = 0;
        ulong nonDigits = 0;
        for (var part = 0; part < 4; part++)
        {
            var v = Vector128.LoadUnsafe(ref at, (nuint)(part * 16));
            commas |= (ulong)Vector128.Equals(v, Vector128.Create((byte)',')).ExtractMostSignificantBits() << (part * 16);
            nonDigits |= (ulong)Vector128.GreaterThan(v - Vector128.Create((byte)'0'), Vector128.Create((byte)9)).ExtractMostSignificantBits() << (part * 16);
        }

        return (commas, nonDigits);
    }

    /// <summary>
    /// The value of eight decimal digits (0-9 each, first digit in the lowest byte; leading zeros allowed), by the usual
    /// multiply-and-add of pairs, quads, then halves.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static long Swar(ulong digits)
    {
        digits = (digits * 10) + (digits >> 8);
        digits = ((digits & 0x000000FF000000FFUL) * (100 + (1000000UL << 32))) + (((digits >> 16) & 0x000000FF000000FFUL) * (1 + (10000UL << 32)));
        return (long)(digits >> 32);
    }
}
