using CsCheck;
using Rampart.Hal.Crypto;

namespace Rampart.Crypto.Tests;

/// <summary>Arbitrary bytes in the places a peer controls never raise an exception: they give Invalid or false.</summary>
public sealed class UntrustedInputTests
{
    private static readonly Gen<byte[]> AnyBytes = Gen.Byte.Array[0, 200];

    [Fact]
    public void Ecdsa_verify_and_ecdh_accept_any_bytes()
    {
        using var engine = new EccP384Engine();
        byte[] privateKey = new byte[48];
        byte[] publicKey = new byte[96];
        engine.DeriveKeyPair(new byte[48], privateKey, publicKey);
        Gen.Select(Gen.Byte.Array[96], Gen.Byte.Array[96], AnyBytes).Sample((key, signature, digest) =>
        {
            Verdict verdict = engine.Verify(key, digest.Length == 0 ? [1] : digest, signature);
            bool agreed = engine.TryAgree(privateKey, key, new byte[48]);
            return verdict == Verdict.Invalid && !agreed;
        }, iter: 100);
        Gen.Select(AnyBytes, AnyBytes).Sample((key, signature) => engine.Verify(key, new byte[48], signature) == Verdict.Invalid, iter: 100);
    }

    [Fact]
    public void Ml_dsa_verify_accepts_any_bytes()
    {
        var engine = new MlDsa87Engine();
        Gen.Select(Gen.Byte.Array[MlDsa87.PublicKeySize], Gen.Byte.Array[MlDsa87.SignatureSize]).Sample(
            (key, signature) => engine.Verify(key, "m"u8, signature) == Verdict.Invalid, iter: 10);
        Gen.Select(AnyBytes, AnyBytes).Sample((key, signature) => engine.Verify(key, "m"u8, signature) == Verdict.Invalid, iter: 50);
    }

    [Fact]
    public void Lms_verify_accepts_any_bytes_including_valid_headers()
    {
        var engine = new LmsEngine();
        byte[] key = TestBytes.Hex(LmsKatValues.PublicKey);
        byte[] genuine = TestBytes.Hex(LmsKatValues.SignatureQ12);
        Gen.Select(Gen.Byte.Array[LmsSha256N24.SignatureSize(5)], Gen.UInt).Sample((body, q) =>
        {
            genuine.AsSpan(0, 8).CopyTo(body);
            body[4 + LmsSha256N24.OtsSignatureSize + 3] = 0x0A;
            body[4 + LmsSha256N24.OtsSignatureSize] = 0;
            body[4 + LmsSha256N24.OtsSignatureSize + 1] = 0;
            body[4 + LmsSha256N24.OtsSignatureSize + 2] = 0;
            body[3] = (byte)(q % 32);
            return engine.Verify(key, "m"u8, body) == Verdict.Invalid;
        }, iter: 50);
        Gen.Select(AnyBytes, Gen.Byte.Array[0, 1500]).Sample((k, signature) => engine.Verify(k, "m"u8, signature) == Verdict.Invalid, iter: 100);
    }

    [Fact]
    public void Ml_kem_decapsulation_and_encapsulation_accept_any_peer_bytes()
    {
        var engine = new MlKem1024Engine();
        byte[] dk = new byte[MlKem1024.DecapsulationKeySize];
        byte[] ek = new byte[MlKem1024.EncapsulationKeySize];
        engine.DeriveKeyPair(new byte[64], dk, ek);
        Gen.Byte.Array[MlKem1024.CiphertextSize].Sample(ct => engine.TryDecapsulate(dk, ct, new byte[32]), iter: 10);
        Gen.Byte.Array[MlKem1024.EncapsulationKeySize].Sample(key =>
        {
            engine.TryEncapsulate(key, new byte[32], new byte[MlKem1024.CiphertextSize], new byte[32]);
            return true;
        }, iter: 10);
        Gen.Select(AnyBytes, AnyBytes).Sample((key, ct) => !engine.TryDecapsulate(key, ct, new byte[32]), iter: 50);
    }

    [Fact]
    public void Aes_gcm_decrypt_accepts_any_ciphertext_and_tag()
    {
        using var engine = new AesGcmEngine();
        Gen.Select(AnyBytes, Gen.Byte.Array[0, 20], AnyBytes).Sample((ciphertext, tag, aad) =>
            engine.Decrypt(new byte[32], new byte[12], ciphertext, tag, aad, new byte[ciphertext.Length]) == Verdict.Invalid, iter: 100);
    }
}
