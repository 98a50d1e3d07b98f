using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using BatchScoring.Core.Data;
using BatchScoring.Storage.Formats.Values;

namespace BatchScoring.Storage.Formats.Csv;

/// <summary>
/// The fast path of CSV decoding: a run of consecutive feature cells (<c>pixel_0 .. pixel_783</c>) holding plain whole
/// numbers, read in one tight loop per element type (sign, digits, terminator, range check, store), with no per-cell
/// dispatch or bounds checks. It stops at the first cell that is anything else (quoted, with a fraction, an exponent, a
/// space, empty) and hands it back to the general path.
/// </summary>
internal static partial class CsvWholeRuns
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
        FeatureElementType.UInt8 => Read<IntegerStore<byte>>(data, ref pos, ref destination, count, out consumed, out value),
        FeatureElementType.Int8 => Read<IntegerStore<sbyte>>(data, ref pos, ref destination, count, out consumed, out value),
        FeatureElementType.Int16 => Read<IntegerStore<short>>(data, ref pos, ref destination, count, out consumed, out value),
        FeatureElementType.UInt16 => Read<IntegerStore<ushort>>(data, ref pos, ref destination, count, out consumed, out value),
        FeatureElementType.Int32 => Read<IntegerStore<int>>(data, ref pos, ref destination, count, out consumed, out value),
        FeatureElementType.Int64 => Read<IntegerStore<long>>(data, ref pos, ref destination, count, out consumed, out value),
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
                var window = 0;
                if (typeof(TStore) == typeof(IntegerStore<byte>) && BytesWindowSupported)
                {
                    // uint8 on AVX-512 VBMI2: the 64 bytes' cells in one step, where they are all plain.
                    window = BytesWindow(ref bytes, ref i, ref destination, k, count);
                    value = 0;
                }

                if (window == 0)
                {
                    window = Window<TStore>(ref bytes, ref i, ref destination, k, count, out value);
                }

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
                    number = DigitByDigit(ref bytes, ref i, length);
                }
            }
            else
            {
                number = DigitByDigit(ref bytes, ref i, length);
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

    /// <summary>The value of the digits from <paramref name="i"/> on, one at a time; <paramref name="i"/> ends past them.</summary>
    private static long DigitByDigit(ref byte bytes, ref int i, int length)
    {
        long number = 0;
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

        return number;
    }
}
