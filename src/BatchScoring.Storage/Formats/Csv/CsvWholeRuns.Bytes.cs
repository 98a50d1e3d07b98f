using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace BatchScoring.Storage.Formats.Csv;

/// <summary>
/// The uint8 window of <see cref="CsvWholeRuns"/> on processors with AVX-512 VBMI and VBMI2: every cell of 1 to 3
/// digits in 64 bytes valued at once, with no loop over the cells. Each comma's lane gathers the one to three digits
/// before it (byte permutes), values them in byte arithmetic, and one compress and one masked store write the values of
/// the commas, in order, to consecutive elements. A cell it cannot take (empty, four digits or more, above 255, a sign, a quote,
/// anything not a digit) ends it before that cell; <see cref="Window{TStore}"/> and the one-cell path take over there,
/// so every refusal and its message stay theirs.
/// </summary>
internal static partial class CsvWholeRuns
{
    private static bool BytesWindowSupported => Avx512Vbmi.IsSupported && Avx512Vbmi2.IsSupported;

    /// <summary>
    /// Reads, from <paramref name="i"/> (a cell's start), the cells of the next 64 bytes that hold 1 to 3 digits with a
    /// value up to 255 and end with a comma, before any cell that does not; stores them from element
    /// <paramref name="k"/> on (at most <paramref name="count"/> - k) and moves <paramref name="i"/> past the last one's
    /// comma. Returns how many it stored (0: the first cell is not one it takes).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe int BytesWindow(ref byte bytes, ref int i, ref byte destination, int k, int count)
    {
        var v = Vector512.LoadUnsafe(ref bytes, (nuint)i);
        var value = v - Vector512.Create((byte)'0');
        var isDigit = Vector512.LessThanOrEqual(value, Vector512.Create((byte)9));
        var isComma = Vector512.Equals(v, Vector512.Create((byte)','));
        var digits = value & isDigit;

        // At a comma's lane: whether the 1st to 4th bytes before it are digits, and the digits themselves (0 where
        // the byte is no digit). Lanes before the window read as no digit: the window starts at a cell's start.
        var d1 = Before(isDigit, 1);
        var d2 = Before(isDigit, 2);
        var d3 = Before(isDigit, 3);
        var ones = Before(digits, 1);
        var tens = Before(digits, 2) & d1;
        var hundreds = Before(digits, 3) & d1 & d2;
        var twice = tens + tens;
        var low = ones + (twice << 2) + twice;
        var number = low + (hundreds << 6) + (hundreds << 5) + (hundreds << 2);

        // Cells it leaves to the general path: empty, four digits or more, or above 255 (2xx with xx above 55).
        var refused = ~d1 | (d1 & d2 & d3 & Before(isDigit, 4))
            | Vector512.GreaterThan(hundreds, Vector512.Create((byte)2))
            | (Vector512.Equals(hundreds, Vector512.Create((byte)2)) & Vector512.GreaterThan(low, Vector512.Create((byte)55)));
        var commas = isComma.ExtractMostSignificantBits();
        var stops = (~(isDigit | isComma)).ExtractMostSignificantBits() | (refused & isComma).ExtractMostSignificantBits();
        commas &= (stops & (0 - stops)) - 1;
        for (var over = BitOperations.PopCount(commas) - (count - k); over > 0; over--)
        {
            commas &= ~(1UL << (63 - BitOperations.LeadingZeroCount(commas)));
        }

        if (commas == 0)
        {
            return 0;
        }

        // Compress in a register, then a masked store of the first n bytes (a compress straight to memory is
        // microcoded on AMD Zen 4: several times slower than the two).
        var last = 63 - BitOperations.LeadingZeroCount(commas);
        var n = BitOperations.PopCount(commas);
        var taken = isComma & Vector512.LessThanOrEqual(Lanes, Vector512.Create((byte)last));
        var values = Avx512Vbmi2.Compress(Vector512<byte>.Zero, taken, number);
        fixed (byte* target = &Unsafe.Add(ref destination, k))
        {
            Avx512BW.MaskStore(target, Vector512.LessThan(Lanes, Vector512.Create((byte)n)), values);
        }

        i += last + 1;
        return n;
    }

    /// <summary>0, 1, ..., 63.</summary>
    private static Vector512<byte> Lanes => Vector512<byte>.Indices;

    /// <summary>Lane j holds lane j - <paramref name="n"/> of <paramref name="x"/>, or 0 for j &lt; n.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<byte> Before(Vector512<byte> x, byte n) =>
        // j - n wraps for j < n to an index with bit 6 set: the second table, zeros.
        Avx512Vbmi.PermuteVar64x8x2(x, Lanes - Vector512.Create(n), Vector512<byte>.Zero);
}
