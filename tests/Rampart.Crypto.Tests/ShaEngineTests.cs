using CsCheck;
using Rampart.Hal.Crypto;

namespace Rampart.Crypto.Tests;

public sealed class ShaEngineTests
{
    private static readonly ShaEngine Engine = new();

    private const string Msg448 = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
    private const string Msg896 = "abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu";

    [Theory]
    [InlineData("SHA-256 abc", ShaAlgorithm.Sha256, "abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")]
    [InlineData("SHA-256 empty", ShaAlgorithm.Sha256, "", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")]
    [InlineData("SHA-256 448-bit", ShaAlgorithm.Sha256, Msg448, "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")]
    [InlineData("SHA-384 abc", ShaAlgorithm.Sha384, "abc", "cb00753f45a35e8bb5a03d699ac65007272c32ab0eded1631a8b605a43ff5bed8086072ba1e7cc2358baeca134c825a7")]
    [InlineData("SHA-384 empty", ShaAlgorithm.Sha384, "", "38b060a751ac96384cd9327eb1b1e36a21fdb71114be07434c0cc7bf63f6e1da274edebfe76f65fbd51ad2f14898b95b")]
    [InlineData("SHA-384 896-bit", ShaAlgorithm.Sha384, Msg896, "09330c33f71147e83d192fc782cd1b4753111b173b3b05d22fa08086e3b0f712fcc7c71a557e2db966c3e9fa91746039")]
    [InlineData("SHA-512 abc", ShaAlgorithm.Sha512, "abc", "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f")]
    [InlineData("SHA-512 896-bit", ShaAlgorithm.Sha512, Msg896, "8e959b75dae313da8cf4f72814fc143f8f7779c6eb9f7fa17299aeadb6889018501d289e4900f7e4331b99dec4b5433ac7d329eeb6dd26545e96e55b874be909")]
    public void Fips180_examples_match(string name, ShaAlgorithm algorithm, string message, string expectedHex)
    {
        Span<byte> digest = stackalloc byte[64];
        int n = Engine.Hash(algorithm, TestBytes.Ascii(message), digest);
        Assert.True(TestBytes.Hex(expectedHex).AsSpan().SequenceEqual(digest[..n]), name);
    }

    [Fact]
    public void Sha384_of_a_million_a_matches_fips180_long_message()
    {
        byte[] message = new byte[1_000_000];
        message.AsSpan().Fill((byte)'a');
        using IHashContext context = Engine.CreateContext(ShaAlgorithm.Sha384);
        for (int i = 0; i < message.Length; i += 4096)
        {
            context.Append(message.AsSpan(i, Math.Min(4096, message.Length - i)));
        }

        byte[] digest = new byte[48];
        context.GetHashAndReset(digest);
        Assert.Equal(TestBytes.Hex("9d0e1809716474cb086e834e310a4a1ced149e9c00f248527972cec5704c2a5b07b8b3dc38ecc4ebae97ddd87f3d8985"), digest);
    }

    [Fact]
    public void Incremental_hash_equals_one_shot_for_any_split()
    {
        Gen.Select(Gen.Byte.Array[0, 600], Gen.Int[0, 600], Gen.OneOfConst(ShaAlgorithm.Sha256, ShaAlgorithm.Sha384, ShaAlgorithm.Sha512))
            .Sample((data, cut, algorithm) =>
            {
                cut = Math.Min(cut, data.Length);
                byte[] oneShot = new byte[64];
                byte[] incremental = new byte[64];
                int n = Engine.Hash(algorithm, data, oneShot);
                using IHashContext context = Engine.CreateContext(algorithm);
                context.Append(data.AsSpan(0, cut));
                context.Append(data.AsSpan(cut));
                return context.GetHashAndReset(incremental) == n && oneShot.AsSpan(0, n).SequenceEqual(incremental.AsSpan(0, n));
            }, iter: 200);
    }

    [Fact]
    public void GetCurrentHash_does_not_end_the_hash_and_reset_starts_over()
    {
        using IHashContext context = Engine.CreateContext(ShaAlgorithm.Sha256);
        byte[] partial = new byte[32];
        byte[] full = new byte[32];
        context.Append("ab"u8);
        context.GetCurrentHash(partial);
        context.Append("c"u8);
        context.GetHashAndReset(full);
        Assert.Equal(TestBytes.Hex("fb8e20fc2e4c3f248c60c39bd652f3c1347298bb977b8b4d5903b85055620603"), partial);
        Assert.Equal(TestBytes.Hex("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"), full);

        context.Append("abc"u8);
        context.GetHashAndReset(full);
        Assert.Equal(TestBytes.Hex("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"), full);
    }

    [Fact]
    public void A_too_small_digest_buffer_is_a_caller_bug()
    {
        Assert.Throws<ArgumentException>(() => Engine.Hash(ShaAlgorithm.Sha384, "abc"u8, new byte[47]));
        Assert.Throws<ArgumentOutOfRangeException>(() => Engine.Hash((ShaAlgorithm)1, "abc"u8, new byte[64]));
    }

    [Fact]
    public void One_flipped_message_bit_changes_the_digest()
    {
        byte[] message = TestBytes.Ascii("abc");
        byte[] a = new byte[48];
        byte[] b = new byte[48];
        Engine.Hash(ShaAlgorithm.Sha384, message, a);
        Engine.Hash(ShaAlgorithm.Sha384, TestBytes.Flip(message, 5), b);
        Assert.NotEqual(a, b);
    }
}
