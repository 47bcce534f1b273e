namespace Rampart.Crypto.Tests;

/// <summary>Small helpers for byte vectors in tests.</summary>
internal static class TestBytes
{
    public static byte[] Hex(string hex) => Convert.FromHexString(hex.Replace(" ", string.Empty, StringComparison.Ordinal));

    public static byte[] Ascii(string text) => System.Text.Encoding.ASCII.GetBytes(text);

    /// <summary>A copy with one bit flipped.</summary>
    public static byte[] Flip(ReadOnlySpan<byte> bytes, int bitIndex)
    {
        byte[] copy = bytes.ToArray();
        copy[bitIndex / 8] ^= (byte)(1 << (bitIndex % 8));
        return copy;
    }

    /// <summary>Bytes 0, 1, 2, … of the given length (wrapping).</summary>
    public static byte[] Counting(int length, int start = 0)
    {
        byte[] bytes = new byte[length];
        for (int i = 0; i < length; i++)
        {
            bytes[i] = (byte)(start + i);
        }

        return bytes;
    }
}
