using Rampart.Hal.Crypto;

namespace Rampart.Crypto.Tests;

public sealed class AesGcmEngineTests
{
    private const string Key16 = "feffe9928665731c6d6a8f9467308308feffe9928665731c6d6a8f9467308308";
    private const string Nonce16 = "cafebabefacedbaddecaf888";
    private const string Plain16 = "d9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a721c3c0c95956809532fcf0e2449a6b525b16aedf5aa0de657ba637b39";
    private const string Aad16 = "feedfacedeadbeeffeedfacedeadbeefabaddad2";
    private const string Cipher16 = "522dc1f099567d07f47f37a32a84427d643a8cdcbfe5c0c97598a2bd2555d1aa8cb08e48590dbb3da7b08b1056828838c5f61e6393ba7a0abcc9f662";
    private const string Tag16 = "76fc6ece0f4e1768cddf8853bb2d551b";

    [Theory]
    [InlineData("test case 13", "0000000000000000000000000000000000000000000000000000000000000000", "000000000000000000000000", "", "", "", "530f8afbc74536b9a963b4f1c4cb738b")]
    [InlineData("test case 14", "0000000000000000000000000000000000000000000000000000000000000000", "000000000000000000000000", "00000000000000000000000000000000", "", "cea7403d4d606b6e074ec5d3baf39d18", "d0d1c8a799996bf0265b98b5d48ab919")]
    [InlineData("test case 16", Key16, Nonce16, Plain16, Aad16, Cipher16, Tag16)]
    public void Gcm_spec_vectors_encrypt_and_decrypt(string name, string key, string nonce, string plain, string aad, string cipher, string tag)
    {
        using var engine = new AesGcmEngine();
        byte[] p = TestBytes.Hex(plain);
        byte[] c = new byte[p.Length];
        byte[] t = new byte[16];
        engine.Encrypt(TestBytes.Hex(key), TestBytes.Hex(nonce), p, TestBytes.Hex(aad), c, t);
        Assert.True(TestBytes.Hex(cipher).AsSpan().SequenceEqual(c), name);
        Assert.True(TestBytes.Hex(tag).AsSpan().SequenceEqual(t), name);

        byte[] decrypted = new byte[c.Length];
        Assert.Equal(Verdict.Valid, engine.Decrypt(TestBytes.Hex(key), TestBytes.Hex(nonce), c, t, TestBytes.Hex(aad), decrypted));
        Assert.Equal(p, decrypted);
    }

    [Theory]
    [InlineData("key bit", 0)]
    [InlineData("nonce bit", 1)]
    [InlineData("ciphertext bit", 2)]
    [InlineData("tag bit", 3)]
    [InlineData("associated data bit", 4)]
    public void One_flipped_bit_is_rejected_and_the_plaintext_cleared(string name, int what)
    {
        using var engine = new AesGcmEngine();
        byte[] key = TestBytes.Hex(Key16), nonce = TestBytes.Hex(Nonce16), c = TestBytes.Hex(Cipher16), t = TestBytes.Hex(Tag16), aad = TestBytes.Hex(Aad16);
        byte[] plaintext = Enumerable.Repeat((byte)0xEE, c.Length).ToArray();
        Verdict verdict = what switch
        {
            0 => engine.Decrypt(TestBytes.Flip(key, 77), nonce, c, t, aad, plaintext),
            1 => engine.Decrypt(key, TestBytes.Flip(nonce, 3), c, t, aad, plaintext),
            2 => engine.Decrypt(key, nonce, TestBytes.Flip(c, 200), t, aad, plaintext),
            3 => engine.Decrypt(key, nonce, c, TestBytes.Flip(t, 127), aad, plaintext),
            _ => engine.Decrypt(key, nonce, c, t, TestBytes.Flip(aad, 0), plaintext),
        };
        Assert.True(verdict == Verdict.Invalid, name);
        Assert.True(plaintext.All(b => b == 0), name);
    }

    [Fact]
    public void A_short_tag_is_invalid_and_wrong_key_or_nonce_sizes_are_caller_bugs()
    {
        using var engine = new AesGcmEngine();
        byte[] c = TestBytes.Hex(Cipher16);
        byte[] plaintext = new byte[c.Length];
        Assert.Equal(Verdict.Invalid, engine.Decrypt(TestBytes.Hex(Key16), TestBytes.Hex(Nonce16), c, TestBytes.Hex(Tag16).AsSpan(0, 12), TestBytes.Hex(Aad16), plaintext));
        Assert.Throws<ArgumentException>(() => engine.Decrypt(new byte[16], TestBytes.Hex(Nonce16), c, TestBytes.Hex(Tag16), [], plaintext));
        Assert.Throws<ArgumentException>(() => engine.Encrypt(TestBytes.Hex(Key16), new byte[16], [], [], [], new byte[16]));
        Assert.Throws<ArgumentException>(() => engine.Encrypt(TestBytes.Hex(Key16), TestBytes.Hex(Nonce16), new byte[3], [], new byte[2], new byte[16]));
    }

    [Fact]
    public void Switching_keys_uses_the_right_key_each_time()
    {
        using var engine = new AesGcmEngine();
        byte[] keyA = TestBytes.Counting(32);
        byte[] keyB = TestBytes.Counting(32, 100);
        byte[] nonce = new byte[12];
        byte[] message = "switching keys"u8.ToArray();
        byte[] ca = new byte[message.Length], ta = new byte[16], cb = new byte[message.Length], tb = new byte[16], ca2 = new byte[message.Length], ta2 = new byte[16];
        engine.Encrypt(keyA, nonce, message, [], ca, ta);
        engine.Encrypt(keyB, nonce, message, [], cb, tb);
        engine.Encrypt(keyA, nonce, message, [], ca2, ta2);
        Assert.Equal(ca, ca2);
        Assert.Equal(ta, ta2);
        Assert.NotEqual(ca, cb);
        byte[] plain = new byte[message.Length];
        Assert.Equal(Verdict.Invalid, engine.Decrypt(keyA, nonce, cb, tb, [], plain));
        Assert.Equal(Verdict.Valid, engine.Decrypt(keyB, nonce, cb, tb, [], plain));
        Assert.Equal(message, plain);
    }
}
