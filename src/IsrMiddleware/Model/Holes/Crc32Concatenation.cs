namespace IsrMiddleware.Model;

/// <summary>
/// The CRC-32 (gzip's) of a concatenation from the CRCs of its parts: appending a part of n bytes multiplies the CRC
/// so far by x^(8n) modulo the polynomial, then adds the part's CRC. A shell's parts are checked once per version;
/// a request checks only its holes.
/// </summary>
internal static class Crc32Concatenation
{
    private const uint Polynomial = 0xEDB88320; // reflected: x^0 is the top bit

    // x^(2^k) modulo the polynomial; the sequence repeats after 32 squarings, as x's order divides 2^32 - 1.
    private static readonly uint[] SquaredPowers = MakeSquaredPowers();

    /// <summary>The factor that appending <paramref name="length"/> bytes multiplies the CRC so far by.</summary>
    public static uint ShiftOf(long length)
    {
        var product = 1u << 31; // x^0
        var k = 3; // x^(8n) = x^(2^3 n)
        for (var n = length; n != 0; n >>= 1, k++)
        {
            if ((n & 1) != 0)
            {
                product = Multiply(SquaredPowers[k & 31], product);
            }
        }

        return product;
    }

    /// <summary>The CRC of A followed by B, from A's CRC, B's CRC and B's shift (<see cref="ShiftOf"/>).</summary>
    public static uint Append(uint crcOfA, uint crcOfB, uint shiftOfB) => Multiply(shiftOfB, crcOfA) ^ crcOfB;

    private static uint Multiply(uint a, uint b)
    {
        var product = 0u;
        for (var bit = 1u << 31; bit != 0 && a != 0; bit >>= 1)
        {
            if ((a & bit) != 0)
            {
                product ^= b;
                a &= ~bit;
            }

            b = (b & 1) != 0 ? (b >> 1) ^ Polynomial : b >> 1;
        }

        return product;
    }

    private static uint[] MakeSquaredPowers()
    {
        var powers = new uint[32];
        var power = 1u << 30; // x^1
        for (var k = 0; k < powers.Length; k++)
        {
            powers[k] = power;
            power = Multiply(power, power);
        }

        return powers;
    }
}
