using System.Security.Cryptography;
using Rampart.Firmware.Caliptra.Runtime;
using Rampart.Hal.Peripherals;
using Rampart.Protocols.Caliptra;
using Rampart.Wire;

namespace Rampart.Firmware.Tests.CaliptraRuntime;

public sealed class CmAesGcmRuntimeTests
{
    private static readonly byte[] Aad = [0xAA, 0xBB, 0xCC];

    private static readonly byte[] Message = RuntimeKeys.Pattern(100, 4);

    private static byte[] Seal(CaliptraCommand command, ReadOnlySpan<byte> request)
    {
        var bytes = request.ToArray();
        MailboxChecksum.SealRequest((uint)command, bytes);
        return bytes;
    }

    private static (byte[] Ciphertext, byte[] Tag) Reference(byte[] key, byte[] iv, byte[] plaintext, byte[] aad)
    {
        using var aes = new AesGcm(key, 16);
        var ciphertext = new byte[plaintext.Length];
        var tag = new byte[16];
        aes.Encrypt(iv, plaintext, ciphertext, tag, aad);
        return (ciphertext, tag);
    }

    [Fact]
    public async Task Encrypt_and_decrypt_in_steps_match_system_aes_gcm()
    {
        var rt = await Runtime.BootAsync();
        using var owned = rt;
        var keyBytes = RuntimeKeys.Pattern(32, 1);
        var key = rt.Import(CmKeyUsage.Aes, keyBytes);

        var (iv, tag, ciphertext) = rt.Encrypt(key, Aad, Message);
        Assert.Equal(Reference(keyBytes, iv, Message, Aad), (ciphertext, tag), PairComparer.Instance);
        Assert.Equal(0, rt.Service.OpenGcmContexts);

        var (verified, plaintext) = rt.Decrypt(key, iv, Aad, ciphertext, tag);
        Assert.True(verified);
        Assert.Equal(Message, plaintext);
        Assert.Equal(0, rt.Service.OpenGcmContexts);

        var (_, tag2, ciphertext2) = rt.Encrypt(key, Aad, Message);
        Assert.NotEqual(ciphertext, ciphertext2);
        Assert.NotEqual(tag, tag2);
    }

    [Fact]
    public async Task Tampered_ciphertext_tag_aad_or_iv_answers_tag_not_verified_without_plaintext()
    {
        var rt = await Runtime.BootAsync();
        using var owned = rt;
        var key = rt.Import(CmKeyUsage.Aes, RuntimeKeys.Pattern(32, 2));
        var (iv, tag, ciphertext) = rt.Encrypt(key, Aad, Message);

        var badCiphertext = ciphertext.ToArray();
        badCiphertext[7] ^= 0x01;
        var badTag = tag.ToArray();
        badTag[15] ^= 0x80;
        var badIv = iv.ToArray();
        badIv[0] ^= 0x01;
        foreach (var (i, a, c, t) in new[] { (iv, Aad, badCiphertext, tag), (iv, Aad, ciphertext, badTag), (iv, [0xAA], ciphertext, tag), (badIv, Aad, ciphertext, tag) })
        {
            var (verified, plaintext) = rt.Decrypt(key, i, a, c, t);
            Assert.False(verified);
            Assert.Empty(plaintext);
        }

        Assert.Equal(0, rt.Service.OpenGcmContexts);
        Assert.Contains(rt.Hardware.Traces, t => t.Contains("cm.gcm.tag-mismatch", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Hkdf_chain_import_extract_expand_to_aes_encrypts_and_decrypts()
    {
        var rt = await Runtime.BootAsync();
        using var owned = rt;
        var ikm = RuntimeKeys.Pattern(48, 3);
        var salt = RuntimeKeys.Pattern(48, 9);
        var info = "rampart aes"u8.ToArray();
        var prk = rt.Extract(rt.Import(CmKeyUsage.Hmac, salt), rt.Import(CmKeyUsage.Hmac, ikm));
        var aesKey = rt.Expand(prk, CmKeyUsage.Aes, 32, info);

        var expectedKey = HKDF.Expand(HashAlgorithmName.SHA384, HKDF.Extract(HashAlgorithmName.SHA384, ikm, salt), 32, info);
        var (iv, tag, ciphertext) = rt.Encrypt(aesKey, Aad, Message);
        Assert.Equal(Reference(expectedKey, iv, Message, Aad), (ciphertext, tag), PairComparer.Instance);

        var (verified, plaintext) = rt.Decrypt(aesKey, iv, Aad, ciphertext, tag);
        Assert.True(verified);
        Assert.Equal(Message, plaintext);

        ciphertext[^1] ^= 1;
        Assert.False(rt.Decrypt(aesKey, iv, Aad, ciphertext, tag).Verified);
        ciphertext[^1] ^= 1;
        tag[0] ^= 1;
        Assert.False(rt.Decrypt(aesKey, iv, Aad, ciphertext, tag).Verified);

        // The PRK and an HMAC-usage expansion are HMAC keys, never AES keys.
        rt.Fails(CaliptraCommand.CmAesGcmEncryptInit, CaliptraRuntimeTests.Request(b => (new CmAesGcmEncryptInitRequest(prk, Aad).TryWrite(b, out var w), w)));
        rt.Fails(CaliptraCommand.CmHmac, CaliptraRuntimeTests.Request(b => (new CmHmacRequest(aesKey, CmHashAlgorithm.Sha384, info).TryWrite(b, out var w), w)));
    }

    [Theory]
    [InlineData(CmHashAlgorithm.Sha384, 48)]
    [InlineData(CmHashAlgorithm.Sha512, 64)]
    public async Task Hmac_of_info_and_0x01_truncated_is_hkdf_expand_to_public_bytes(CmHashAlgorithm algorithm, int hashSize)
    {
        var rt = await Runtime.BootAsync();
        using var owned = rt;
        var name = algorithm == CmHashAlgorithm.Sha384 ? HashAlgorithmName.SHA384 : HashAlgorithmName.SHA512;
        var ikm = RuntimeKeys.Pattern(hashSize, 5);
        var salt = RuntimeKeys.Pattern(hashSize, 6);
        var info = "spdm iv info"u8.ToArray();
        var prk = rt.Extract(rt.Import(CmKeyUsage.Hmac, salt), rt.Import(CmKeyUsage.Hmac, ikm), algorithm);
        var prkBytes = HKDF.Extract(name, ikm, salt);
        Assert.Equal(HKDF.Expand(name, prkBytes, 12, info), rt.Hmac(prk, [.. info, 0x01], algorithm)[..12]);

        // A secret produced by CM_HKDF_EXPAND with HMAC usage works the same (the SPDM direction secret).
        var secret = rt.Expand(prk, CmKeyUsage.Hmac, hashSize, "secret"u8.ToArray(), algorithm);
        var secretBytes = HKDF.Expand(name, prkBytes, hashSize, "secret"u8.ToArray());
        Assert.Equal(HKDF.Expand(name, secretBytes, 12, info), rt.Hmac(secret, [.. info, 0x01], algorithm)[..12]);
    }

    [Fact]
    public async Task Spdm_init_derives_key_and_iv_from_the_major_secret_and_xors_the_counter()
    {
        var rt = await Runtime.BootAsync();
        using var owned = rt;

        // libspdm's vector quoted by caliptra-sw's runtime tests: SPDM 1.1, SHA-384 major secret.
        var majorSecret = Convert.FromHexString("EDC06197770F538CB25085B0BC98C04954DB9CA64B2C782850F2CA5AD337162F2F244285702AB0749B6E1B43C30ADBC4");
        var expectedKey = Convert.FromHexString("2382FC62B2E82AD4D6296E3FC7388F484EF7FD27D5C7664C6F388497BB9FCB53");
        var derivedIv = Convert.FromHexString("862B00C958445F37E886A4A0");
        Assert.Equal(expectedKey, HKDF.Expand(HashAlgorithmName.SHA384, majorSecret, 32, [0x20, 0x00, .. "spdm1.1 key"u8]));
        var secret = rt.Import(CmKeyUsage.Hmac, majorSecret);

        var littleIv = Convert.FromHexString("872B00C958445F37E886A4A0");
        var bigIv = Convert.FromHexString("862B00C958445F37E886A4A1");
        foreach (var (bigEndian, counter, iv) in new[] { (false, 1UL, littleIv), (true, 2UL, Convert.FromHexString("862B00C958445F37E886A4A2")) })
        {
            var (tag, ciphertext) = rt.SpdmEncrypt(new CmAesGcmSpdmInitRequest(0x11, bigEndian, counter, secret, Aad), Message);
            Assert.Equal(Reference(expectedKey, iv, Message, Aad), (ciphertext, tag), PairComparer.Instance);
            var (verified, plaintext) = rt.SpdmDecrypt(new CmAesGcmSpdmInitRequest(0x11, bigEndian, counter, secret, Aad), ciphertext, tag);
            Assert.True(verified);
            Assert.Equal(Message, plaintext);
        }

        // Decryption takes any counter (here 1 big-endian); encryption never reuses or lowers one.
        var (bigCiphertext, bigTag) = Reference(expectedKey, bigIv, Message, Aad);
        Assert.True(rt.SpdmDecrypt(new CmAesGcmSpdmInitRequest(0x11, true, 1, secret, Aad), bigCiphertext, bigTag).Verified);
        foreach (var counter in new ulong[] { 2, 1 })
        {
            rt.Fails(CaliptraCommand.CmAesGcmSpdmEncryptInit, Runtime.SpdmInitRequest(new CmAesGcmSpdmInitRequest(0x11, false, counter, secret, Aad), CaliptraCommand.CmAesGcmSpdmEncryptInit));
        }

        rt.Fails(CaliptraCommand.CmAesGcmSpdmEncryptInit, Runtime.SpdmInitRequest(new CmAesGcmSpdmInitRequest(0x15, false, 9, secret, Aad), CaliptraCommand.CmAesGcmSpdmEncryptInit));
        var aesKey = rt.Import(CmKeyUsage.Aes, expectedKey);
        rt.Fails(CaliptraCommand.CmAesGcmSpdmDecryptInit, Runtime.SpdmInitRequest(new CmAesGcmSpdmInitRequest(0x11, false, 9, aesKey, Aad), CaliptraCommand.CmAesGcmSpdmDecryptInit));
        var shortSecret = rt.Import(CmKeyUsage.Hmac, majorSecret[..32]);
        rt.Fails(CaliptraCommand.CmAesGcmSpdmDecryptInit, Runtime.SpdmInitRequest(new CmAesGcmSpdmInitRequest(0x11, false, 9, shortSecret, Aad), CaliptraCommand.CmAesGcmSpdmDecryptInit));
        Assert.Equal(0, rt.Service.OpenGcmContexts);
    }

    [Fact]
    public async Task Bad_requests_fail_and_contexts_are_consumed_and_bounded()
    {
        var rt = await Runtime.BootAsync();
        using var owned = rt;
        var key = rt.Import(CmKeyUsage.Aes, RuntimeKeys.Pattern(32, 8));
        var hmacKey = rt.Import(CmKeyUsage.Hmac, RuntimeKeys.Pattern(48, 8));

        // Wrong usage, short AES key, truncated and padded requests.
        rt.Fails(CaliptraCommand.CmAesGcmEncryptInit, Runtime.EncryptInitRequest(hmacKey, Aad));
        rt.Fails(CaliptraCommand.CmAesGcmDecryptInit, CaliptraRuntimeTests.Request(b => (new CmAesGcmDecryptInitRequest(hmacKey, new byte[12], Aad).TryWrite(b, out var w), w)));
        rt.Fails(CaliptraCommand.CmAesGcmEncryptInit, Runtime.EncryptInitRequest(rt.Import(CmKeyUsage.Aes, RuntimeKeys.Pattern(16, 8)), Aad));
        var init = Runtime.EncryptInitRequest(key, Aad);
        rt.Fails(CaliptraCommand.CmAesGcmEncryptInit, Seal(CaliptraCommand.CmAesGcmEncryptInit, init.AsSpan(0, init.Length - 1)));
        rt.Fails(CaliptraCommand.CmAesGcmEncryptInit, Seal(CaliptraCommand.CmAesGcmEncryptInit, [.. init, 0]));
        Assert.Equal(0, rt.Service.OpenGcmContexts);

        // Unknown context; a context of the other direction; reuse after FINAL.
        var unknown = new CmKeyHandle(999);
        rt.Fails(CaliptraCommand.CmAesGcmEncryptUpdate, Runtime.DataRequest(CaliptraCommand.CmAesGcmEncryptUpdate, unknown, Message));
        rt.Fails(CaliptraCommand.CmAesGcmDecryptFinal, Runtime.DecryptFinalRequest(unknown, new byte[16], Message));
        var (context, _) = rt.EncryptInit(key, Aad);
        rt.Fails(CaliptraCommand.CmAesGcmDecryptUpdate, Runtime.DataRequest(CaliptraCommand.CmAesGcmDecryptUpdate, context, Message));
        rt.Fails(CaliptraCommand.CmAesGcmDecryptFinal, Runtime.DecryptFinalRequest(context, new byte[16], Message));
        rt.Fails(CaliptraCommand.CmAesGcmEncryptUpdate, Runtime.DataRequest(CaliptraCommand.CmAesGcmEncryptUpdate, context, []));
        var final = Runtime.DataRequest(CaliptraCommand.CmAesGcmEncryptFinal, context, Message);
        rt.Ok(CaliptraCommand.CmAesGcmEncryptFinal, final);
        rt.Fails(CaliptraCommand.CmAesGcmEncryptFinal, final);
        rt.Fails(CaliptraCommand.CmAesGcmEncryptUpdate, Runtime.DataRequest(CaliptraCommand.CmAesGcmEncryptUpdate, context, Message));

        // A message above the bound is refused at UPDATE (context kept) and at FINAL (context consumed).
        (context, _) = rt.EncryptInit(key, Aad);
        rt.Ok(CaliptraCommand.CmAesGcmEncryptUpdate, Runtime.DataRequest(CaliptraCommand.CmAesGcmEncryptUpdate, context, new byte[RuntimeMailboxService.MaxGcmMessageSize]));
        rt.Fails(CaliptraCommand.CmAesGcmEncryptUpdate, Runtime.DataRequest(CaliptraCommand.CmAesGcmEncryptUpdate, context, [1]));
        rt.Fails(CaliptraCommand.CmAesGcmEncryptFinal, Runtime.DataRequest(CaliptraCommand.CmAesGcmEncryptFinal, context, [1]));
        Assert.Equal(0, rt.Service.OpenGcmContexts);

        // Only 16-byte tags; the FINAL that names the context consumes it.
        var (decrypting, _) = rt.DecryptInit(key, new byte[12], Aad);
        rt.Fails(CaliptraCommand.CmAesGcmDecryptFinal, Runtime.DecryptFinalRequest(decrypting, new byte[12], Message));
        Assert.Equal(0, rt.Service.OpenGcmContexts);

        // Bounded in number; CM_DELETE closes one; FINAL frees one.
        var open = Enumerable.Range(0, RuntimeMailboxService.MaxGcmContexts).Select(_ => rt.EncryptInit(key, Aad).Context).ToList();
        rt.Fails(CaliptraCommand.CmAesGcmEncryptInit, Runtime.EncryptInitRequest(key, Aad));
        rt.Ok(CaliptraCommand.CmDelete, CaliptraRuntimeTests.Request(b => (new CmDeleteRequest(open[0]).TryWrite(b, out var w), w)));
        rt.Fails(CaliptraCommand.CmAesGcmEncryptFinal, Runtime.DataRequest(CaliptraCommand.CmAesGcmEncryptFinal, open[0], Message));
        rt.EncryptInit(key, Aad);
        rt.Fails(CaliptraCommand.CmAesGcmDecryptInit, CaliptraRuntimeTests.Request(b => (new CmAesGcmDecryptInitRequest(key, new byte[12], Aad).TryWrite(b, out var w), w)));
        rt.Ok(CaliptraCommand.CmAesGcmEncryptFinal, Runtime.DataRequest(CaliptraCommand.CmAesGcmEncryptFinal, open[1], Message));
        Assert.Equal(RuntimeMailboxService.MaxGcmContexts - 1, rt.Service.OpenGcmContexts);
    }

    [Fact]
    public async Task A_context_keeps_its_key_when_the_key_is_deleted()
    {
        var rt = await Runtime.BootAsync();
        using var owned = rt;
        var keyBytes = RuntimeKeys.Pattern(32, 11);
        var key = rt.Import(CmKeyUsage.Aes, keyBytes);
        var (context, iv) = rt.EncryptInit(key, Aad);
        rt.Ok(CaliptraCommand.CmDelete, CaliptraRuntimeTests.Request(b => (new CmDeleteRequest(key).TryWrite(b, out var w), w)));
        var response = rt.Ok(CaliptraCommand.CmAesGcmEncryptFinal, Runtime.DataRequest(CaliptraCommand.CmAesGcmEncryptFinal, context, Message));
        Assert.Equal(WireStatus.Done, CmAesGcmEncryptFinalResponse.TryRead(response, out var final));
        Assert.Equal(Reference(keyBytes, iv, Message, Aad), (final!.Ciphertext.ToArray(), final.Tag.ToArray()), PairComparer.Instance);
        rt.Fails(CaliptraCommand.CmAesGcmEncryptInit, Runtime.EncryptInitRequest(key, Aad));
    }

    /// <summary>Compares (ciphertext, tag) pairs by content.</summary>
    private sealed class PairComparer : IEqualityComparer<(byte[], byte[])>
    {
        public static readonly PairComparer Instance = new();

        public bool Equals((byte[], byte[]) x, (byte[], byte[]) y) => x.Item1.AsSpan().SequenceEqual(y.Item1) && x.Item2.AsSpan().SequenceEqual(y.Item2);

        public int GetHashCode((byte[], byte[]) obj) => obj.Item1.Length;
    }
}
