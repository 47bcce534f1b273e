using CsCheck;
using Rampart.Identity.X509;
using Rampart.Wire;

namespace Rampart.Identity.Tests;

public sealed class DecoderFuzzTests
{
    [Fact]
    public void Mutated_certificates_and_requests_never_throw_from_the_decoders()
    {
        var (ecc, mlDsa) = TestChains.Build(TestChains.DefaultSeed, booted: true);
        byte[][] corpus = [.. ecc.Certificates, ecc.IdevIdCsr, mlDsa.Certificates[2], mlDsa.IdevIdCsr];
        var mutation = Gen.Select(Gen.Int[0, corpus.Length - 1], Gen.Select(Gen.Int[0, 1 << 20], Gen.Byte).Array[1, 4], Gen.Int[0, 1 << 20]);
        mutation.Sample((pick, edits, cut) =>
        {
            var bytes = (byte[])corpus[pick].Clone();
            foreach (var (position, value) in edits)
            {
                bytes[position % bytes.Length] = value;
            }

            var truncated = bytes.AsMemory(0, bytes.Length - (cut % 3 == 0 ? cut % bytes.Length : 0));
            var certificate = ParsedCertificate.TryParse(truncated, out var parsed);
            var request = CertificationRequest.TryParse(truncated, out var csr);
            var tcb = DiceTcbInfo.TryDecode(truncated, out var info);
            var spki = SubjectPublicKeyInfo.TryRead(truncated, out _, out var key);
            var ueid = TcgUeid.TryDecode(truncated, out var ueidValue);
            DiceName.CommonNameOf(truncated);
            return (certificate == WireStatus.Done) == (parsed is not null)
                && (request == WireStatus.Done) == (csr is not null)
                && (tcb == WireStatus.Done) == (info is not null)
                && (spki == WireStatus.Done || key.IsEmpty)
                && (ueid == WireStatus.Done || ueidValue.IsEmpty);
        }, iter: 4000);
    }

    [Fact]
    public void Random_bytes_never_throw_from_the_signature_decoder()
    {
        Gen.Byte.Array[0, 120].Sample(bytes =>
        {
            var raw = new byte[96];
            var status = SignatureEncoding.TryDecode(Dice.DiceKeyAlgorithm.EccP384, bytes, raw);
            return status == WireStatus.Done || raw.All(b => b == 0);
        }, iter: 2000);
    }
}
