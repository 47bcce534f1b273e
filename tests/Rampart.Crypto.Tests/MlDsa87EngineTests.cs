using System.Security.Cryptography;
using Rampart.Hal.Crypto;

namespace Rampart.Crypto.Tests;

public sealed class MlDsa87EngineTests
{
    private static readonly MlDsa87Engine Engine = new();
    private static readonly (byte[] Private, byte[] Public) Key = Derive(TestBytes.Counting(32));

    private static (byte[] Private, byte[] Public) Derive(byte[] seed)
    {
        byte[] priv = new byte[MlDsa87.PrivateKeySize];
        byte[] pub = new byte[MlDsa87.PublicKeySize];
        Engine.DeriveKeyPair(seed, priv, pub);
        return (priv, pub);
    }

    [Fact]
    public void Key_generation_matches_openssl()
    {
        Assert.Equal(TestBytes.Hex("91dc389cfaa01470b7f66eee45a4ae9026d154817c754dfe22298b3fa241ffcd"), SHA256.HashData(Key.Public));
    }

    [Fact]
    public void A_signature_made_by_openssl_verifies()
    {
        byte[] signature = TestBytes.Hex(OpenSslVectors.MlDsa87Signature);
        Assert.Equal(MlDsa87.SignatureSize, signature.Length);
        Assert.Equal(Verdict.Valid, Engine.Verify(Key.Public, "signed by OpenSSL"u8, signature));
        Assert.Equal(Verdict.Invalid, Engine.Verify(Key.Public, "signed by OpenSSL!"u8, signature));
    }

    [Fact]
    public void Round_trip_is_deterministic_and_sizes_match_fips204()
    {
        byte[] s1 = new byte[MlDsa87.SignatureSize];
        byte[] s2 = new byte[MlDsa87.SignatureSize];
        Engine.Sign(Key.Private, "firmware manifest"u8, s1);
        Engine.Sign(Key.Private, "firmware manifest"u8, s2);
        Assert.Equal(s1, s2);
        Assert.Equal(Verdict.Valid, Engine.Verify(Key.Public, "firmware manifest"u8, s1));
        Assert.Equal(Key, Derive(TestBytes.Counting(32)), new KeyComparer());
    }

    [Theory]
    [InlineData("first byte", 0)]
    [InlineData("challenge c-tilde", 40)]
    [InlineData("response z", 2000)]
    [InlineData("hint", MlDsa87.SignatureSize - 3)]
    public void An_altered_signature_is_rejected(string name, int byteIndex)
    {
        byte[] signature = new byte[MlDsa87.SignatureSize];
        Engine.Sign(Key.Private, "message"u8, signature);
        Assert.True(Engine.Verify(Key.Public, "message"u8, TestBytes.Flip(signature, (byteIndex * 8) + 1)) == Verdict.Invalid, name);
    }

    [Fact]
    public void An_altered_message_or_key_is_rejected()
    {
        byte[] signature = new byte[MlDsa87.SignatureSize];
        Engine.Sign(Key.Private, "message"u8, signature);
        Assert.Equal(Verdict.Invalid, Engine.Verify(Key.Public, "messagf"u8, signature));
        Assert.Equal(Verdict.Invalid, Engine.Verify(TestBytes.Flip(Key.Public, 1000), "message"u8, signature));
    }

    [Theory]
    [InlineData("truncated signature", MlDsa87.PublicKeySize, MlDsa87.SignatureSize - 1)]
    [InlineData("padded Caliptra field", MlDsa87.PublicKeySize, MlDsa87.CaliptraSignatureFieldSize)]
    [InlineData("empty signature", MlDsa87.PublicKeySize, 0)]
    [InlineData("short key", MlDsa87.PublicKeySize - 1, MlDsa87.SignatureSize)]
    public void Wrong_sizes_are_invalid(string name, int keyLength, int signatureLength)
    {
        byte[] signature = new byte[MlDsa87.SignatureSize];
        Engine.Sign(Key.Private, "m"u8, signature);
        byte[] sized = new byte[signatureLength];
        signature.AsSpan(0, Math.Min(signatureLength, signature.Length)).CopyTo(sized);
        Assert.True(Engine.Verify(Key.Public.AsSpan(0, Math.Min(keyLength, Key.Public.Length)).ToArray(), "m"u8, sized) == Verdict.Invalid, name);
    }

    [Fact]
    public void Garbage_of_the_right_sizes_is_invalid_not_an_exception()
    {
        byte[] key = Enumerable.Repeat((byte)0xFF, MlDsa87.PublicKeySize).ToArray();
        byte[] signature = Enumerable.Repeat((byte)0xFF, MlDsa87.SignatureSize).ToArray();
        Assert.Equal(Verdict.Invalid, Engine.Verify(key, "m"u8, signature));
        Assert.Equal(Verdict.Invalid, Engine.Verify(Key.Public, "m"u8, signature));
    }

    [Fact]
    public void Wrong_buffer_sizes_for_signing_are_caller_bugs()
    {
        Assert.Throws<ArgumentException>(() => Engine.DeriveKeyPair(new byte[31], new byte[MlDsa87.PrivateKeySize], new byte[MlDsa87.PublicKeySize]));
        Assert.Throws<ArgumentException>(() => Engine.Sign(Key.Private, "m"u8, new byte[MlDsa87.CaliptraSignatureFieldSize]));
        Assert.Throws<ArgumentException>(() => Engine.Sign(Key.Private.AsSpan(1), "m"u8, new byte[MlDsa87.SignatureSize]));
    }

    private sealed class KeyComparer : IEqualityComparer<(byte[] Private, byte[] Public)>
    {
        public bool Equals((byte[] Private, byte[] Public) x, (byte[] Private, byte[] Public) y) =>
            x.Private.AsSpan().SequenceEqual(y.Private) && x.Public.AsSpan().SequenceEqual(y.Public);

        public int GetHashCode((byte[] Private, byte[] Public) obj) => obj.Public[0];
    }
}
