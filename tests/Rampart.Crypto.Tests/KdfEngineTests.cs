using System.Security.Cryptography;
using CsCheck;
using Rampart.Hal.Crypto;

namespace Rampart.Crypto.Tests;

public sealed class KdfEngineTests
{
    private static readonly KdfEngine Engine = new();

    [Fact]
    public void Caliptra_kdf_is_hmac512_over_counter_label_separator_context()
    {
        Gen.Select(Gen.Byte.Array[1, 80], Gen.Byte.Array[0, 40], Gen.Byte.Array[0, 70]).Sample((key, label, context) =>
        {
            byte[] expectedInput = context.Length == 0
                ? [0, 0, 0, 1, .. label]
                : [0, 0, 0, 1, .. label, 0x00, .. context];
            byte[] output = new byte[64];
            Engine.CaliptraHmacKdf(key, label, context, output);
            return output.AsSpan().SequenceEqual(HMACSHA512.HashData(key, expectedInput));
        }, iter: 100);
    }

    [Theory]
    [InlineData("label only", "idevid_cdi", "", "f0f938c663a008b3318082a6dc36e1007201291a1d0cc75c11ffd4ce011cb15a1e1f914f523db2fe265a906b612950f2c3eb6309449ee2200b00b278865074db")]
    [InlineData("label and context", "ldevid_cdi", "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f", "8d0a757553022ad0b73fb941bc4b4d9636d720de3a6b5ad9243c2803d1118b543da1c0a1e42f5e50afd08ed6664cb26eb02ffe2fc3938bcc29341731ef85588d")]
    public void Caliptra_kdf_vectors_match(string name, string label, string contextHex, string expectedHex)
    {
        byte[] output = new byte[64];
        Engine.CaliptraHmacKdf(TestBytes.Counting(64), TestBytes.Ascii(label), TestBytes.Hex(contextHex), output);
        Assert.True(TestBytes.Hex(expectedHex).AsSpan().SequenceEqual(output), name);
    }

    [Fact]
    public void Caliptra_kdf_output_must_be_64_bytes()
    {
        Assert.Throws<ArgumentException>(() => Engine.CaliptraHmacKdf(new byte[64], "x"u8, [], new byte[48]));
    }

    [Fact]
    public void Caliptra_kdf_separates_label_and_context()
    {
        byte[] a = new byte[64];
        byte[] b = new byte[64];
        Engine.CaliptraHmacKdf(new byte[64], "ab"u8, "c"u8, a);
        Engine.CaliptraHmacKdf(new byte[64], "a"u8, "bc"u8, b);
        Assert.NotEqual(a, b);
        Engine.CaliptraHmacKdf(TestBytes.Flip(new byte[64], 0), "ab"u8, "c"u8, b);
        Assert.NotEqual(a, b);
    }

    [Theory]
    [InlineData("RFC 8009 Kc", "0000000299", "B31A018A48F54776F403E9A396325DC3")]
    [InlineData("RFC 8009 Ke", "00000002AA", "9B197DD1E8C5609D6E67C3E37C62C72E")]
    [InlineData("RFC 8009 Ki", "0000000255", "9FDA0E56AB2D85E1569A688696C26A6C")]
    public void Sp800108_counter_matches_rfc8009_key_derivation(string name, string labelHex, string expectedHex)
    {
        byte[] output = new byte[16];
        Engine.Sp800108Counter(ShaAlgorithm.Sha256, TestBytes.Hex("3705D96080C17728A0E800EAB6E0D23C"), TestBytes.Hex(labelHex), [], output);
        Assert.True(TestBytes.Hex(expectedHex).AsSpan().SequenceEqual(output), name);
    }

    [Fact]
    public void Sp800108_counter_layout_is_counter_label_zero_context_length()
    {
        byte[] key = TestBytes.Counting(48);
        byte[] label = TestBytes.Ascii("label");
        byte[] context = TestBytes.Ascii("context");
        byte[] output = new byte[80];
        Engine.Sp800108Counter(ShaAlgorithm.Sha384, key, label, context, output);
        byte[] firstInput = [0, 0, 0, 1, .. label, 0, .. context, 0, 0, 0x02, 0x80];
        byte[] secondInput = [0, 0, 0, 2, .. label, 0, .. context, 0, 0, 0x02, 0x80];
        byte[] first = HMACSHA384.HashData(key, firstInput);
        byte[] second = HMACSHA384.HashData(key, secondInput);
        Assert.Equal([.. first, .. second.AsSpan(0, 32)], output);
    }
}
