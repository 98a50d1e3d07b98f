using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using BatchScoring.Core.Data;
using BatchScoring.Storage.Formats.Values;

namespace BatchScoring.Storage.Formats.Csv;

/// <summary>
/// The fast path of CSV decoding: a run of consecutive feature cells (<c>pixel_0 .. pixel_783</c>) holding plain whole
/// numbers, read in one tight loop per element type (sign, digits, terminator, range check, store), with no per-cell
/// dispatch or bounds checks. It stops at the first cell that is anything else (quoted, with a fraction, an exponent, a
/// space, empty) and hands it back to the general path.
/// </summary>
internal static class CsvWholeRuns
{
    /// <summary>What reading a run stopped at.</summary>
    public enum Stop
    {
        /// <summary>Every cell of the run was read; the record goes on.</summary>
        RunDone,

        /// <summary>The record ended (newline or end of data) after the last cell consumed.</summary>
        RecordEnd,

        /// <summary>The cell at <c>consumed</c> is not a plain whole number: nothing of it was consumed.</summary>
        NotWhole,

        /// <summary>The cell at <c>consumed - 1</c> is a whole number out of the element type's range (it was consumed).</summary>
        OutOfRange,
    }

    /// <summary>
    /// Reads up to <paramref name="count"/> cells from <paramref name="pos"/> into consecutive elements from
    /// <paramref name="destination"/>; <paramref name="consumed"/> cells were consumed and <paramref name="pos"/> is past
    /// the last one's terminator.
    /// </summary>
    public static Stop Read(FeatureElementType type, ReadOnlySpan<byte> data, ref int pos, ref byte destination, int count, out int consumed, out long value) => type switch
    {
        FeatureElementType.UInt8 => Read<UInt8Store>(data, ref pos, ref destination, count, out consumed, out value),
        FeatureElementType.Int8 => Read<Int8Store>(data, ref pos, ref destination, count, out consumed, out value),
        FeatureElementType.Int16 => Read<Int16Store>(data, ref pos, ref destination, count, out consumed, out value),
        FeatureElementType.UInt16 => Read<UInt16Store>(data, ref pos, ref destination, count, out consumed, out value),
        FeatureElementType.Int32 => Read<Int32Store>(data, ref pos, ref destination, count, out consumed, out value),
        FeatureElementType.Int64 => Read<Int64Store>(data, ref pos, ref destination, count, out consumed, out value),
        FeatureElementType.Float => Read<FloatStore>(data, ref pos, ref destination, count, out consumed, out value),
        _ => Read<DoubleStore>(data, ref pos, ref destination, count, out consumed, out value),
    };

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static Stop Read<TStore>(ReadOnlySpan<byte> data, ref int pos, ref byte destination, int count, out int consumed, out long value)
        where TStore : struct, IIntegerStore
    {
        ref byte bytes = ref MemoryMarshal.GetReference(data);
        var length = data.Length;
        var i = pos;
        value = 0;
        var k = 0;
        while (k < count)
        {
            if (i + WindowBytes + sizeof(ulong) <= length)
            {
                // Many cells at once: every cell of the next 64 bytes that ends with a comma before any other kind of
                // byte. The rest (the record's last cell, a sign, a fraction, a quote) takes the one-cell path below.
                var before = k;
                var window = Window<TStore>(ref bytes, ref i, ref destination, k, count, out value);
                k += window;
                if (value < 0)
                {
                    // Out of range: the cell was consumed; `value` carries its number negated and offset by one.
                    value = -(value + 1);
                    consumed = k;
                    pos = i;
                    return Stop.OutOfRange;
                }

                if (k == count)
                {
                    pos = i;
                    consumed = count;
                    return Stop.RunDone;
                }

                if (k > before)
                {
                    continue;
                }
            }

            var start = i;
            var negative = i < length && Unsafe.Add(ref bytes, i) == (byte)'-';
            if (negative)
            {
                i++;
            }

            var first = i;
            long number;
            if (i + sizeof(ulong) <= length)
            {
                // Eight bytes at once (SWAR): how many leading digits, and their value, without a branch per digit
                // (cells of 1 to 3 digits in random order would mispredict the end of a digit loop every time).
                var word = Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref bytes, i)) - 0x3030303030303030UL;
                var nonDigits = (word + 0x7676767676767676UL | word) & 0x8080808080808080UL;
                var length8 = BitOperations.TrailingZeroCount(nonDigits) >> 3;
                number = length8 is > 0 and < 8 ? Swar(word << (64 - (8 * length8))) : 0;
                i += length8 == 8 ? 0 : length8;
                if (length8 == 8)
                {
                    number = 0;
                    while (i < length)
                    {
                        var d = (uint)(Unsafe.Add(ref bytes, i) - '0');
                        if (d > 9)
                        {
                            break;
                        }

                        number = (number * 10) + d;
                        i++;
                    }
                }
            }
            else
            {
                number = 0;
                while (i < length)
                {
                    var d = (uint)(Unsafe.Add(ref bytes, i) - '0');
                    if (d > 9)
                    {
                        break;
                    }

                    number = (number * 10) + d;
                    i++;
                }
            }

            var digits = i - first;
            var end = Stop.RunDone;
            if (digits is 0 or > 18)
            {
                consumed = k;
                pos = start;
                return Stop.NotWhole;
            }

            if (i == length)
            {
                end = Stop.RecordEnd;
            }
            else
            {
                var terminator = Unsafe.Add(ref bytes, i);
                if (terminator == (byte)',')
                {
                    i++;
                }
                else if (terminator == (byte)'\n')
                {
                    i++;
                    end = Stop.RecordEnd;
                }
                else if (terminator == (byte)'\r' && (i + 1 == length || Unsafe.Add(ref bytes, i + 1) == (byte)'\n'))
                {
                    i = Math.Min(length, i + 2);
                    end = Stop.RecordEnd;
                }
                else
                {
                    consumed = k;
                    pos = start;
                    return Stop.NotWhole;
                }
            }

            value = negative ? -number : number;
            pos = i;
            if (!TStore.Store(value, ref Unsafe.Add(ref destination, k * TStore.Size)))
            {
                consumed = k + 1;
                return Stop.OutOfRange;
            }

            if (end == Stop.RecordEnd)
            {
                consumed = k + 1;
                return Stop.RecordEnd;
            }

            k++;
        }

        consumed = count;
        return Stop.RunDone;
    }

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
