using CsCheck;
using Rampart.Hal.Crypto;

namespace Rampart.Crypto.Tests;

public sealed class HmacEngineTests
{
    private static readonly HmacEngine Engine = new();

    private const string Case1Key = "0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b";
    private const string Case1Data = "4869205468657265";
    private const string Case6Data = "54657374205573696e67204c6172676572205468616e20426c6f636b2d53697a65204b6579202d2048617368204b6579204669727374";

    public static TheoryData<string, ShaAlgorithm, string, string, string> Rfc4231 => new()
    {
        { "case 1 SHA-256", ShaAlgorithm.Sha256, Case1Key, Case1Data, "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7" },
        { "case 1 SHA-384", ShaAlgorithm.Sha384, Case1Key, Case1Data, "afd03944d84895626b0825f4ab46907f15f9dadbe4101ec682aa034c7cebc59cfaea9ea9076ede7f4af152e8b2fa9cb6" },
        { "case 1 SHA-512", ShaAlgorithm.Sha512, Case1Key, Case1Data, "87aa7cdea5ef619d4ff0b4241a1d6cb02379f4e2ce4ec2787ad0b30545e17cdedaa833b7d6b8a702038b274eaea3f4e4be9d914eeb61f1702e696c203a126854" },
        { "case 2 SHA-384", ShaAlgorithm.Sha384, "4a656665", "7768617420646f2079612077616e7420666f72206e6f7468696e673f", "af45d2e376484031617f78d2b58a6b1b9c7ef464f5a01b47e42ec3736322445e8e2240ca5e69e2c78b3239ecfab21649" },
        { "case 6 SHA-256", ShaAlgorithm.Sha256, new string('a', 262), Case6Data, "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54" },
        { "case 6 SHA-384", ShaAlgorithm.Sha384, new string('a', 262), Case6Data, "4ece084485813e9088d2c63a041bc5b44f9ef1012a2b588f3cd11f05033ac4c60c2ef6ab4030fe8296248df163f44952" },
        { "case 6 SHA-512", ShaAlgorithm.Sha512, new string('a', 262), Case6Data, "80b24263c7c1a3ebb71493c1dd7be8b49b46d1f41b4aeec1121b013783f8f3526b56d037e05f2598bd0fd2215d6a1e5295e64f73f63f0aec8b915a985d786598" },
    };

    [Theory]
    [MemberData(nameof(Rfc4231))]
    public void Rfc4231_vectors_match_and_verify(string name, ShaAlgorithm algorithm, string keyHex, string dataHex, string macHex)
    {
        byte[] key = TestBytes.Hex(keyHex);
        byte[] data = TestBytes.Hex(dataHex);
        byte[] expected = TestBytes.Hex(macHex);
        byte[] mac = new byte[64];
        int n = Engine.Mac(algorithm, key, data, mac);
        Assert.True(expected.AsSpan().SequenceEqual(mac.AsSpan(0, n)), name);
        Assert.Equal(Verdict.Valid, Engine.VerifyMac(algorithm, key, data, expected));
    }

    [Theory]
    [MemberData(nameof(Rfc4231))]
    public void A_flipped_bit_in_key_data_or_mac_is_rejected(string name, ShaAlgorithm algorithm, string keyHex, string dataHex, string macHex)
    {
        byte[] key = TestBytes.Hex(keyHex);
        byte[] data = TestBytes.Hex(dataHex);
        byte[] mac = TestBytes.Hex(macHex);
        Assert.True(Engine.VerifyMac(algorithm, TestBytes.Flip(key, 3), data, mac) == Verdict.Invalid, $"{name}: key bit");
        Assert.True(Engine.VerifyMac(algorithm, key, TestBytes.Flip(data, 9), mac) == Verdict.Invalid, $"{name}: data bit");
        Assert.True(Engine.VerifyMac(algorithm, key, data, TestBytes.Flip(mac, (mac.Length * 8) - 1)) == Verdict.Invalid, $"{name}: mac bit");
    }

    [Fact]
    public void A_truncated_or_extended_mac_is_invalid_not_an_exception()
    {
        byte[] key = TestBytes.Hex(Case1Key);
        byte[] data = TestBytes.Hex(Case1Data);
        byte[] mac = TestBytes.Hex("b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7");
        Assert.Equal(Verdict.Invalid, Engine.VerifyMac(ShaAlgorithm.Sha256, key, data, mac.AsSpan(0, 31)));
        Assert.Equal(Verdict.Invalid, Engine.VerifyMac(ShaAlgorithm.Sha256, key, data, [.. mac, 0]));
        Assert.Equal(Verdict.Invalid, Engine.VerifyMac(ShaAlgorithm.Sha256, key, data, []));
    }

    public static TheoryData<string, string, string, string, string, string> Rfc5869 => new()
    {
        {
            "case 1", "0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b", "000102030405060708090a0b0c", "f0f1f2f3f4f5f6f7f8f9",
            "077709362c2e32df0ddc3f0dc47bba6390b6c73bb50f9c3122ec844ad7c2b3e5",
            "3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf34007208d5b887185865"
        },
        {
            "case 3 (no salt, no info)", "0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b", "", "",
            "19ef24a32c717b167f33a91d6f648bdf96596776afdb6377ac434c1c293ccb04",
            "8da4e775a563c18f715f802a063c5a31b8a11f5c5ee1879ec3454e5f3c738d2d9d201395faa4b61a96c8"
        },
    };

    [Theory]
    [MemberData(nameof(Rfc5869))]
    public void Rfc5869_vectors_match(string name, string ikm, string salt, string info, string prkHex, string okmHex)
    {
        byte[] prk = new byte[32];
        Assert.Equal(32, Engine.HkdfExtract(ShaAlgorithm.Sha256, TestBytes.Hex(ikm), TestBytes.Hex(salt), prk));
        Assert.True(TestBytes.Hex(prkHex).AsSpan().SequenceEqual(prk), name);
        byte[] okm = new byte[okmHex.Length / 2];
        Engine.HkdfExpand(ShaAlgorithm.Sha256, prk, TestBytes.Hex(info), okm);
        Assert.True(TestBytes.Hex(okmHex).AsSpan().SequenceEqual(okm), name);
    }

    [Fact]
    public void Hkdf_output_changes_when_one_input_bit_flips()
    {
        byte[] ikm = TestBytes.Counting(22);
        byte[] salt = TestBytes.Counting(13);
        byte[] prk = new byte[48];
        byte[] prk2 = new byte[48];
        Engine.HkdfExtract(ShaAlgorithm.Sha384, ikm, salt, prk);
        Engine.HkdfExtract(ShaAlgorithm.Sha384, TestBytes.Flip(ikm, 0), salt, prk2);
        Assert.NotEqual(prk, prk2);
        Engine.HkdfExtract(ShaAlgorithm.Sha384, ikm, TestBytes.Flip(salt, 7), prk2);
        Assert.NotEqual(prk, prk2);
    }

    [Fact]
    public void Hkdf_expand_beyond_255_blocks_is_a_caller_bug()
    {
        byte[] prk = new byte[32];
        Assert.Throws<ArgumentException>(() => Engine.HkdfExpand(ShaAlgorithm.Sha256, prk, [], new byte[(255 * 32) + 1]));
    }

    [Fact]
    public void Mac_matches_the_dotnet_hmac_for_any_key_and_data()
    {
        Gen.Select(Gen.Byte.Array[0, 200], Gen.Byte.Array[0, 300]).Sample((key, data) =>
        {
            byte[] mac = new byte[48];
            Engine.Mac(ShaAlgorithm.Sha384, key, data, mac);
            return Engine.VerifyMac(ShaAlgorithm.Sha384, key, data, mac) == Verdict.Valid
                && mac.AsSpan().SequenceEqual(System.Security.Cryptography.HMACSHA384.HashData(key, data));
        }, iter: 100);
    }
}
