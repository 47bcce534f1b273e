namespace Rampart.Crypto;

/// <summary>Hex decoding of the built-in known-answer vectors.</summary>
internal static class Hex
{
    /// <summary>Decodes a hex string that may contain spaces.</summary>
    public static byte[] Decode(string hex) => Convert.FromHexString(hex.Replace(" ", string.Empty, StringComparison.Ordinal));
}
