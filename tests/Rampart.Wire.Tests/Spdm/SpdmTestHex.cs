namespace Rampart.Wire.Tests.Spdm;

internal static class SpdmTestHex
{
    public static byte[] Bytes(string hex) => Convert.FromHexString(hex.Replace(" ", string.Empty, StringComparison.Ordinal));
}
