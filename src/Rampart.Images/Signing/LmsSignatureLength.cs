using System.Buffers.Binary;

namespace Rampart.Images.Signing;

/// <summary>
/// Reads the length of an RFC 8554 §5.4 LMS signature from its own type codes, so a signature
/// can be cut out of Caliptra's fixed 4628-byte PQC field:
/// <code>
/// q(4) | LM-OTS type(4) | C(n) | y[0..p-1](n each) | LMS type(4) | path[0..h-1](m each)
/// </code>
/// Type codes are those of RFC 8554 §4.1/§5.1 (SHA-256, n=m=32) and SP 800-208 §4 (SHA-256/192, n=m=24).
/// </summary>
public static class LmsSignatureLength
{
    /// <summary>Returns the encoded length, or 0 when the prefix is too short or names an unknown type.</summary>
    public static int Read(ReadOnlySpan<byte> signature)
    {
        if (signature.Length < 8)
        {
            return 0;
        }

        var otsType = BinaryPrimitives.ReadUInt32BigEndian(signature[4..]);
        var (n, p) = OtsParameters(otsType);
        if (n == 0)
        {
            return 0;
        }

        var lmsTypeOffset = 8 + n + (p * n);
        if (signature.Length < lmsTypeOffset + 4)
        {
            return 0;
        }

        var lmsType = BinaryPrimitives.ReadUInt32BigEndian(signature[lmsTypeOffset..]);
        var (m, h) = LmsParameters(lmsType);
        if (m == 0 || m != n)
        {
            return 0;
        }

        var length = lmsTypeOffset + 4 + (h * m);
        return length <= signature.Length ? length : 0;
    }

    private static (int N, int P) OtsParameters(uint type) => type switch
    {
        0x01 => (32, 265),
        0x02 => (32, 133),
        0x03 => (32, 67),
        0x04 => (32, 34),
        0x05 => (24, 200),
        0x06 => (24, 101),
        0x07 => (24, 51),
        0x08 => (24, 26),
        _ => (0, 0),
    };

    private static (int M, int H) LmsParameters(uint type) => type switch
    {
        0x05 => (32, 5),
        0x06 => (32, 10),
        0x07 => (32, 15),
        0x08 => (32, 20),
        0x09 => (32, 25),
        0x0A => (24, 5),
        0x0B => (24, 10),
        0x0C => (24, 15),
        0x0D => (24, 20),
        0x0E => (24, 25),
        _ => (0, 0),
    };
}
