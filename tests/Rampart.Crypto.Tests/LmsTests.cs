using Rampart.Hal.Crypto;

namespace Rampart.Crypto.Tests;

public sealed class LmsTests
{
    private static readonly LmsEngine Engine = new();
    private static readonly byte[] CaliptraKey = TestBytes.Hex(LmsKatValues.PublicKey);
    private static readonly byte[] CaliptraMessage = TestBytes.Ascii("this is the message I want signed");

    [Theory]
    [InlineData("q = 12", LmsKatValues.SignatureQ12)]
    [InlineData("q = 30", LmsKatValues.SignatureQ30)]
    public void Caliptra_n24_w4_h5_vectors_verify(string name, string signatureHex)
    {
        byte[] signature = TestBytes.Hex(signatureHex);
        Assert.Equal(LmsSha256N24.SignatureSize(5), signature.Length);
        Assert.True(Engine.Verify(CaliptraKey, CaliptraMessage, signature) == Verdict.Valid, name);
    }

    [Fact]
    public void Caliptra_rom_h15_kat_vector_verifies_and_rejects_a_flipped_path_bit()
    {
        byte[] key = TestBytes.Hex(LmsKatValues.H15PublicKey);
        byte[] message = TestBytes.Hex(LmsKatValues.H15Message);
        byte[] signature = TestBytes.Hex(LmsKatValues.H15Signature);
        Assert.Equal(LmsSha256N24.SignatureSize(15), signature.Length);
        Assert.Equal(Verdict.Valid, Engine.Verify(key, message, signature));
        Assert.Equal(Verdict.Invalid, Engine.Verify(key, message, TestBytes.Flip(signature, (signature.Length * 8) - 100)));
        Assert.Equal(Verdict.Invalid, Engine.Verify(CaliptraKey, message, signature));
    }

    [Theory]
    [InlineData("q", 0)]
    [InlineData("C", 8 * 10)]
    [InlineData("y", 8 * 500)]
    [InlineData("path", 8 * 1300)]
    [InlineData("last bit", (8 * 1380) - 1)]
    public void A_flipped_signature_bit_is_rejected(string name, int bit)
    {
        byte[] signature = TestBytes.Hex(LmsKatValues.SignatureQ12);
        Assert.True(Engine.Verify(CaliptraKey, CaliptraMessage, TestBytes.Flip(signature, bit + 0)) == Verdict.Invalid, name);
    }

    [Fact]
    public void A_flipped_message_or_key_bit_is_rejected()
    {
        byte[] signature = TestBytes.Hex(LmsKatValues.SignatureQ12);
        Assert.Equal(Verdict.Invalid, Engine.Verify(CaliptraKey, TestBytes.Flip(CaliptraMessage, 12), signature));
        Assert.Equal(Verdict.Invalid, Engine.Verify(TestBytes.Flip(CaliptraKey, 8 * 30), CaliptraMessage, signature));
        Assert.Equal(Verdict.Invalid, Engine.Verify(TestBytes.Flip(CaliptraKey, 8 * 10), CaliptraMessage, signature));
    }

    [Theory]
    [InlineData("truncated signature", 48, 1379)]
    [InlineData("long signature", 48, 1381)]
    [InlineData("empty signature", 48, 0)]
    [InlineData("truncated key", 47, 1380)]
    [InlineData("empty key", 0, 1380)]
    public void Wrong_sizes_are_invalid(string name, int keyLength, int signatureLength)
    {
        byte[] signature = new byte[signatureLength];
        TestBytes.Hex(LmsKatValues.SignatureQ12).AsSpan(0, Math.Min(1380, signatureLength)).CopyTo(signature);
        Assert.True(Engine.Verify(CaliptraKey.AsSpan(0, keyLength), CaliptraMessage, signature) == Verdict.Invalid, name);
    }

    [Theory]
    [InlineData("n32 LMS type in key", 3, 0x05)]
    [InlineData("W8 OTS type in key", 7, 0x08)]
    [InlineData("unknown LMS type", 3, 0x7F)]
    public void Other_parameter_sets_are_invalid(string name, int byteIndex, byte value)
    {
        byte[] key = (byte[])CaliptraKey.Clone();
        key[byteIndex] = value;
        Assert.True(Engine.Verify(key, CaliptraMessage, TestBytes.Hex(LmsKatValues.SignatureQ12)) == Verdict.Invalid, name);
    }

    [Fact]
    public void Signer_round_trip_with_an_h5_tree()
    {
        var store = new InMemoryLmsIndexStore();
        using var signer = new LmsSigner(5, TestBytes.Counting(16), TestBytes.Counting(24, 50), store);
        byte[] publicKey = signer.PublicKey;
        Assert.Equal(LmsSha256N24.PublicKeySize, publicKey.Length);
        byte[] signature = new byte[signer.SignatureSize];
        Assert.Equal(0u, signer.Sign("image header"u8, signature));
        Assert.Equal(Verdict.Valid, Engine.Verify(publicKey, "image header"u8, signature));
        Assert.Equal(Verdict.Invalid, Engine.Verify(publicKey, "image headez"u8, signature));
        Assert.Equal(Verdict.Invalid, Engine.Verify(publicKey, "image header"u8, TestBytes.Flip(signature, 8 * 700)));
    }

    [Fact]
    public void Same_identifier_and_seed_give_the_same_public_key()
    {
        using var a = new LmsSigner(5, TestBytes.Counting(16), TestBytes.Counting(24), new InMemoryLmsIndexStore());
        using var b = new LmsSigner(5, TestBytes.Counting(16), TestBytes.Counting(24), new InMemoryLmsIndexStore());
        using var c = new LmsSigner(5, TestBytes.Counting(16), TestBytes.Counting(24, 1), new InMemoryLmsIndexStore());
        Assert.Equal(a.PublicKey, b.PublicKey);
        Assert.NotEqual(a.PublicKey, c.PublicKey);
    }

    [Fact]
    public void Every_signature_uses_a_new_leaf_committed_before_release_until_the_tree_is_exhausted()
    {
        var store = new InMemoryLmsIndexStore();
        using var signer = new LmsSigner(5, TestBytes.Counting(16), TestBytes.Counting(24), store);
        byte[] publicKey = signer.PublicKey;
        byte[] signature = new byte[signer.SignatureSize];
        var used = new HashSet<uint>();
        for (int i = 0; i < 32; i++)
        {
            uint q = signer.Sign([(byte)i], signature);
            Assert.True(used.Add(q));
            Assert.Equal(q + 1, store.NextIndex);
            Assert.Equal(i + 1, store.CommitCount);
            Assert.Equal(Verdict.Valid, Engine.Verify(publicKey, [(byte)i], signature));
        }

        Assert.Equal(0u, signer.Remaining);
        Assert.Throws<InvalidOperationException>(() => signer.Sign("one too many"u8, signature));
        Assert.Equal(32, store.CommitCount);
    }

    [Fact]
    public void A_store_reloaded_from_its_persisted_bytes_continues_after_the_last_leaf()
    {
        var store = new InMemoryLmsIndexStore();
        byte[] signature = new byte[LmsSha256N24.SignatureSize(5)];
        using (var signer = new LmsSigner(5, TestBytes.Counting(16), TestBytes.Counting(24), store))
        {
            signer.Sign("a"u8, signature);
            signer.Sign("b"u8, signature);
            signer.Sign("c"u8, signature);
        }

        Assert.True(InMemoryLmsIndexStore.TryLoad(store.PersistedBytes, out InMemoryLmsIndexStore? reloaded));
        using var restarted = new LmsSigner(5, TestBytes.Counting(16), TestBytes.Counting(24), reloaded!);
        Assert.Equal(3u, restarted.Sign("d"u8, signature));
        Assert.Equal(Verdict.Valid, Engine.Verify(restarted.PublicKey, "d"u8, signature));
    }

    [Theory]
    [InlineData("index byte", 7)]
    [InlineData("magic byte", 0)]
    [InlineData("digest byte", 20)]
    public void A_corrupted_index_record_is_refused(string name, int byteIndex)
    {
        var store = new InMemoryLmsIndexStore();
        store.Commit(4);
        byte[] record = store.PersistedBytes;
        record[byteIndex] ^= 0x01;
        Assert.False(InMemoryLmsIndexStore.TryLoad(record, out _), name);
        Assert.False(InMemoryLmsIndexStore.TryLoad(record.AsSpan(1), out _), name);
    }

    [Fact]
    public void The_index_record_never_moves_backwards()
    {
        var store = new InMemoryLmsIndexStore();
        store.Commit(5);
        Assert.Throws<InvalidOperationException>(() => store.Commit(5));
        Assert.Throws<InvalidOperationException>(() => store.Commit(2));
        Assert.Equal(5u, store.NextIndex);
    }

    [Fact]
    public void No_signature_is_released_when_the_store_cannot_commit()
    {
        var store = new FailingStore();
        using var signer = new LmsSigner(5, TestBytes.Counting(16), TestBytes.Counting(24), store);
        byte[] signature = new byte[signer.SignatureSize];
        Assert.Throws<IOException>(() => signer.Sign("m"u8, signature));
        Assert.True(signature.All(b => b == 0));
    }

    [Fact]
    public void Bad_signer_parameters_are_caller_bugs()
    {
        var store = new InMemoryLmsIndexStore();
        Assert.Throws<ArgumentOutOfRangeException>(() => new LmsSigner(6, new byte[16], new byte[24], store));
        Assert.Throws<ArgumentException>(() => new LmsSigner(5, new byte[15], new byte[24], store));
        Assert.Throws<ArgumentException>(() => new LmsSigner(5, new byte[16], new byte[32], store));
    }

    private sealed class FailingStore : ILmsIndexStore
    {
        public uint NextIndex => 0;

        public void Commit(uint nextIndex) => throw new IOException("disk full");
    }
}
