using System.Globalization;
using System.Numerics;

namespace BatchScoring.Storage.Formats;

/// <summary>
/// Writes a float as .NET writes it by default (<c>float.TryFormat</c> with no format, invariant culture: the
/// shortest digits that read back as the same float, in plain notation from 1E-04 up to 1E+09 and as <c>d.dddE-XX</c>
/// outside), about twice as fast (40 against 75-95 ns a value, random probabilities, on the development machine): the
/// digits come from Ulf Adams' Ryū algorithm (PLDI 2018), one 32x64-bit multiply per bound instead of .NET's Grisu3
/// with a Dragon4 fallback, and are written two at a time. NaN and the infinities go to .NET itself. A probability
/// column of 1M rows x 10 is 10M floats: .NET's formatting took about 0.5 core-s of a 1M-row csv-wide run.
/// <c>ShortestFloatTests</c> compares the two on every float of chosen ranges and on random ones, the benchmark
/// <c>float-format --all</c> on every bit pattern.
/// </summary>
internal static class ShortestFloat
{
    private const int MantissaBits = 23;
    private const int ExponentBits = 8;
    private const int Bias = 127;
    private const int Pow5InverseBitCount = 59;
    private const int Pow5BitCount = 61;

    /// <summary>floor(2^(pow5bits(i) - 1 + 59) / 5^i) + 1, for the positive binary exponents.</summary>
    private static readonly ulong[] Pow5InverseSplit = Table(31, i => (BigInteger.One << (Pow5Bits(i) - 1 + Pow5InverseBitCount)) / BigInteger.Pow(5, i) + 1);

    /// <summary>5^i scaled to 61 bits, for the negative binary exponents.</summary>
    private static readonly ulong[] Pow5Split = Table(48, i => Pow5Bits(i) >= Pow5BitCount
        ? BigInteger.Pow(5, i) >> (Pow5Bits(i) - Pow5BitCount)
        : BigInteger.Pow(5, i) << (Pow5BitCount - Pow5Bits(i)));

    private static readonly uint[] Pow10 = [1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000, 100_000_000, 1_000_000_000];

    private static ReadOnlySpan<byte> DigitPairs => "00010203040506070809101112131415161718192021222324252627282930313233343536373839404142434445464748495051525354555657585960616263646566676869707172737475767778798081828384858687888990919293949596979899"u8;

    /// <summary>Writes <paramref name="value"/> into <paramref name="destination"/> (at least 32 bytes) and returns the bytes written.</summary>
    public static int Format(float value, Span<byte> destination)
    {
        var bits = BitConverter.SingleToUInt32Bits(value);
        var mantissa = bits & ((1u << MantissaBits) - 1);
        var exponent = (int)((bits >> MantissaBits) & ((1u << ExponentBits) - 1));
        var negative = (bits >> 31) != 0;
        if (exponent == (1 << ExponentBits) - 1)
        {
            return Fallback(value, destination); // NaN, infinities
        }

        if (exponent == 0 && mantissa == 0)
        {
            return negative ? Write("-0"u8, destination) : Write("0"u8, destination);
        }

        var (digits, power) = Shortest(mantissa, exponent);
        var length = DecimalLength(digits);
        var point = length + power; // value = 0.d1d2... x 10^point
        var at = 0;
        if (negative)
        {
            destination[at++] = (byte)'-';
        }

        if (point > 9 || point < -3)
        {
            // As .NET: d.dddE+XX, the exponent signed and of at least two digits
            WriteDigits(digits / Pow10[length - 1], destination.Slice(at++, 1));
            if (length > 1)
            {
                destination[at++] = (byte)'.';
                WriteDigits(digits % Pow10[length - 1], destination.Slice(at, length - 1));
                at += length - 1;
            }

            var exponent10 = point - 1;
            destination[at++] = (byte)'E';
            destination[at++] = exponent10 < 0 ? (byte)'-' : (byte)'+';
            var magnitude = (uint)Math.Abs(exponent10);
            var width = magnitude >= 10 ? 2 : 1;
            if (width == 1)
            {
                destination[at++] = (byte)'0';
            }

            WriteDigits(magnitude, destination.Slice(at, width));
            return at + width;
        }

        if (point <= 0)
        {
            // 0.000ddd
            destination[at++] = (byte)'0';
            destination[at++] = (byte)'.';
            destination.Slice(at, -point).Fill((byte)'0');
            at += -point;
            WriteDigits(digits, destination.Slice(at, length));
            return at + length;
        }

        if (point < length)
        {
            // ddd.ddd: the digits after the point, then those before it
            WriteDigits(digits % Pow10[length - point], destination.Slice(at + point + 1, length - point));
            destination[at + point] = (byte)'.';
            WriteDigits(digits / Pow10[length - point], destination.Slice(at, point));
            return at + length + 1;
        }

        // ddd000
        WriteDigits(digits, destination.Slice(at, length));
        at += length;
        destination.Slice(at, point - length).Fill((byte)'0');
        return at + point - length;
    }

    /// <summary>Writes <paramref name="value"/> as exactly <c>destination.Length</c> decimal digits (leading zeros kept), two at a time.</summary>
    private static void WriteDigits(uint value, Span<byte> destination)
    {
        var at = destination.Length;
        while (at >= 2)
        {
            var pair = (int)(value % 100) * 2;
            value /= 100;
            destination[--at] = DigitPairs[pair + 1];
            destination[--at] = DigitPairs[pair];
        }

        if (at == 1)
        {
            destination[0] = (byte)('0' + value);
        }
    }

    /// <summary>Ryū's f2d: the shortest decimal digits (as an integer) and power of ten that read back as the float.</summary>
    private static (uint Digits, int Power) Shortest(uint ieeeMantissa, int ieeeExponent)
    {
        int e2;
        uint m2;
        if (ieeeExponent == 0)
        {
            e2 = 1 - Bias - MantissaBits - 2;
            m2 = ieeeMantissa;
        }
        else
        {
            e2 = ieeeExponent - Bias - MantissaBits - 2;
            m2 = (1u << MantissaBits) | ieeeMantissa;
        }

        var acceptBounds = (m2 & 1) == 0;
        var mv = 4 * m2;
        var mp = (4 * m2) + 2;
        var mmShift = ieeeMantissa != 0 || ieeeExponent <= 1 ? 1u : 0u;
        var mm = (4 * m2) - 1 - mmShift;

        uint vr, vp, vm;
        int e10;
        var vmIsTrailingZeros = false;
        var vrIsTrailingZeros = false;
        uint lastRemovedDigit = 0;
        if (e2 >= 0)
        {
            var q = Log10Pow2(e2);
            e10 = q;
            var k = Pow5InverseBitCount + Pow5Bits(q) - 1;
            var i = -e2 + q + k;
            vr = MulShift(mv, Pow5InverseSplit[q], i);
            vp = MulShift(mp, Pow5InverseSplit[q], i);
            vm = MulShift(mm, Pow5InverseSplit[q], i);
            if (q != 0 && (vp - 1) / 10 <= vm / 10)
            {
                var l = Pow5InverseBitCount + Pow5Bits(q - 1) - 1;
                lastRemovedDigit = MulShift(mv, Pow5InverseSplit[q - 1], -e2 + q - 1 + l) % 10;
            }

            if (q <= 9)
            {
                if (mv % 5 == 0)
                {
                    vrIsTrailingZeros = Pow5Factor(mv) >= q;
                }
                else if (acceptBounds)
                {
                    vmIsTrailingZeros = Pow5Factor(mm) >= q;
                }
                else
                {
                    vp -= Pow5Factor(mp) >= q ? 1u : 0u;
                }
            }
        }
        else
        {
            var q = Log10Pow5(-e2);
            e10 = q + e2;
            var i = -e2 - q;
            var k = Pow5Bits(i) - Pow5BitCount;
            var j = q - k;
            vr = MulShift(mv, Pow5Split[i], j);
            vp = MulShift(mp, Pow5Split[i], j);
            vm = MulShift(mm, Pow5Split[i], j);
            if (q != 0 && (vp - 1) / 10 <= vm / 10)
            {
                j = q - 1 - (Pow5Bits(i + 1) - Pow5BitCount);
                lastRemovedDigit = MulShift(mv, Pow5Split[i + 1], j) % 10;
            }

            if (q <= 1)
            {
                vrIsTrailingZeros = true;
                if (acceptBounds)
                {
                    vmIsTrailingZeros = mmShift == 1;
                }
                else
                {
                    --vp;
                }
            }
            else if (q < 31)
            {
                vrIsTrailingZeros = (mv & ((1u << (q - 1)) - 1)) == 0;
            }
        }

        var removed = 0;
        uint output;
        if (vmIsTrailingZeros || vrIsTrailingZeros)
        {
            while (vp / 10 > vm / 10)
            {
                vmIsTrailingZeros &= vm % 10 == 0;
                vrIsTrailingZeros &= lastRemovedDigit == 0;
                lastRemovedDigit = vr % 10;
                vr /= 10;
                vp /= 10;
                vm /= 10;
                removed++;
            }

            if (vmIsTrailingZeros)
            {
                while (vm % 10 == 0)
                {
                    vrIsTrailingZeros &= lastRemovedDigit == 0;
                    lastRemovedDigit = vr % 10;
                    vr /= 10;
                    vp /= 10;
                    vm /= 10;
                    removed++;
                }
            }

            if (vrIsTrailingZeros && lastRemovedDigit == 5 && vr % 2 == 0)
            {
                lastRemovedDigit = 4; // round half to even
            }

            output = vr + ((vr == vm && (!acceptBounds || !vmIsTrailingZeros)) || lastRemovedDigit >= 5 ? 1u : 0u);
        }
        else
        {
            while (vp / 10 > vm / 10)
            {
                lastRemovedDigit = vr % 10;
                vr /= 10;
                vp /= 10;
                vm /= 10;
                removed++;
            }

            output = vr + (vr == vm || lastRemovedDigit >= 5 ? 1u : 0u);
        }

        return (output, e10 + removed);
    }

    private static uint MulShift(uint m, ulong factor, int shift)
    {
        var low = (ulong)m * (uint)factor;
        var high = (ulong)m * (factor >> 32);
        var sum = (low >> 32) + high;
        return (uint)(sum >> (shift - 32));
    }

    /// <summary>ceil(log2(5^e)) for e &gt; 0, 1 for e = 0.</summary>
    private static int Pow5Bits(int e) => (int)(((uint)e * 1217359) >> 19) + 1;

    private static int Log10Pow2(int e) => (int)(((uint)e * 78913) >> 18);

    private static int Log10Pow5(int e) => (int)(((uint)e * 732923) >> 20);

    private static int Pow5Factor(uint value)
    {
        var count = 0;
        while (value % 5 == 0)
        {
            value /= 5;
            count++;
        }

        return count;
    }

    private static int DecimalLength(uint v) => v >= 1_000_000_000 ? 10 : v >= 100_000_000 ? 9 : v >= 10_000_000 ? 8 : v >= 1_000_000 ? 7
        : v >= 100_000 ? 6 : v >= 10_000 ? 5 : v >= 1_000 ? 4 : v >= 100 ? 3 : v >= 10 ? 2 : 1;

    private static int Write(ReadOnlySpan<byte> text, Span<byte> destination)
    {
        text.CopyTo(destination);
        return text.Length;
    }

    private static int Fallback(float value, Span<byte> destination)
    {
        value.TryFormat(destination, out var written, default, CultureInfo.InvariantCulture);
        return written;
    }

    private static ulong[] Table(int count, Func<int, BigInteger> entry) => Enumerable.Range(0, count).Select(i => (ulong)entry(i)).ToArray();
}
