using System.Security.Cryptography;
using Rampart.Hal.Crypto;

namespace Rampart.Crypto.Tests;

public sealed class MlKem1024EngineTests
{
    private static readonly MlKem1024Engine Engine = new();

    private static (byte[] Dk, byte[] Ek) Derive(byte[] seed)
    {
        byte[] dk = new byte[MlKem1024.DecapsulationKeySize];
        byte[] ek = new byte[MlKem1024.EncapsulationKeySize];
        Engine.DeriveKeyPair(seed, dk, ek);
        return (dk, ek);
    }

    [Fact]
    public void Key_generation_matches_openssl()
    {
        (_, byte[] ek) = Derive(TestBytes.Counting(64));
        Assert.Equal(TestBytes.Hex("c7b8fa0aa471d5ae18922d6ccad5b31e1d84f92ae723abfd13747018740a8530"), SHA256.HashData(ek));
    }

    [Fact]
    public void Round_trip_agrees_and_encapsulation_is_deterministic_in_its_randomness()
    {
        (byte[] dk, byte[] ek) = Derive(TestBytes.Counting(64, 7));
        byte[] ct1 = new byte[MlKem1024.CiphertextSize], ss1 = new byte[32], ct2 = new byte[MlKem1024.CiphertextSize], ss2 = new byte[32], ct3 = new byte[MlKem1024.CiphertextSize], ss3 = new byte[32];
        Assert.True(Engine.TryEncapsulate(ek, TestBytes.Counting(32), ct1, ss1));
        Assert.True(Engine.TryEncapsulate(ek, TestBytes.Counting(32), ct2, ss2));
        Assert.True(Engine.TryEncapsulate(ek, TestBytes.Counting(32, 1), ct3, ss3));
        Assert.Equal(ct1, ct2);
        Assert.Equal(ss1, ss2);
        Assert.NotEqual(ss1, ss3);

        byte[] decapsulated = new byte[32];
        Assert.True(Engine.TryDecapsulate(dk, ct1, decapsulated));
        Assert.Equal(ss1, decapsulated);
    }

    [Theory]
    [InlineData("first byte", 0)]
    [InlineData("middle", 800)]
    [InlineData("last byte", MlKem1024.CiphertextSize - 1)]
    public void An_altered_ciphertext_gives_a_different_secret(string name, int byteIndex)
    {
        (byte[] dk, byte[] ek) = Derive(TestBytes.Counting(64, 3));
        byte[] ct = new byte[MlKem1024.CiphertextSize], ss = new byte[32], other = new byte[32];
        Assert.True(Engine.TryEncapsulate(ek, new byte[32], ct, ss));
        Assert.True(Engine.TryDecapsulate(dk, TestBytes.Flip(ct, (byteIndex * 8) + 2), other), name);
        Assert.False(ss.AsSpan().SequenceEqual(other), name);
    }

    [Fact]
    public void Wrong_sizes_are_refused_without_exceptions()
    {
        (byte[] dk, byte[] ek) = Derive(TestBytes.Counting(64));
        byte[] ss = Enumerable.Repeat((byte)0xAA, 32).ToArray();
        Assert.False(Engine.TryDecapsulate(dk, new byte[MlKem1024.CiphertextSize - 1], ss));
        Assert.True(ss.All(b => b == 0));
        Assert.False(Engine.TryDecapsulate(dk.AsSpan(1), new byte[MlKem1024.CiphertextSize], ss));
        Assert.False(Engine.TryEncapsulate(ek.AsSpan(1), new byte[32], new byte[MlKem1024.CiphertextSize], ss));
    }

    [Fact]
    public void An_encapsulation_key_failing_the_fips203_modulus_check_is_refused()
    {
        byte[] ek = Enumerable.Repeat((byte)0xFF, MlKem1024.EncapsulationKeySize).ToArray();
        byte[] ct = Enumerable.Repeat((byte)0x55, MlKem1024.CiphertextSize).ToArray();
        byte[] ss = Enumerable.Repeat((byte)0xAA, 32).ToArray();
        Assert.False(Engine.TryEncapsulate(ek, new byte[32], ct, ss));
        Assert.True(ss.All(b => b == 0));
        Assert.True(ct.All(b => b == 0));
    }

    [Fact]
    public void Wrong_randomness_or_seed_sizes_are_caller_bugs()
    {
        (_, byte[] ek) = Derive(TestBytes.Counting(64));
        Assert.Throws<ArgumentException>(() => Engine.TryEncapsulate(ek, new byte[31], new byte[MlKem1024.CiphertextSize], new byte[32]));
        Assert.Throws<ArgumentException>(() => Engine.DeriveKeyPair(new byte[32], new byte[MlKem1024.DecapsulationKeySize], new byte[MlKem1024.EncapsulationKeySize]));
    }
}
