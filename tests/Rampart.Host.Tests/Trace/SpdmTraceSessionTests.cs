using Rampart.Host.Trace;
using Rampart.Wire.Capture;
using Rampart.Wire.Mctp;
using Rampart.Wire.Spdm;

namespace Rampart.Host.Tests.Trace;

/// <summary>
/// Size-dependent SPDM messages decode once their connection's ALGORITHMS response is in the
/// capture, per connection (captures built with the Wire/Spdm codecs).
/// </summary>
public sealed class SpdmTraceSessionTests
{
    private const byte V12 = 0x12;

    [Fact]
    public void Messages_after_ALGORITHMS_decode_with_the_negotiated_sizes()
    {
        var algorithms = Algorithms();
        var digests = Digests();
        var challenge = Challenge(summaryHashType: 0);
        var auth = ChallengeAuth();

        // Connection 0x0A<->0x08 negotiates; connection 0x0B<->0x08 does not, so its DIGESTS stays a payload.
        var file = Capture(
            (0x08, 0x0A, algorithms),
            (0x08, 0x0A, digests),
            (0x0A, 0x08, challenge),
            (0x08, 0x0A, auth),
            (0x08, 0x0B, digests));
        var result = TraceDecoder.Decode(file);
        Assert.Equal(0, result.Flagged);
        Assert.Equal(5, result.Records.Count);

        Assert.Equal("DIGESTS", result.Records[1].Name);
        Assert.Contains(result.Records[1].Fields, f => f.Name == "provisioned slots" && f.Value == "0x01");
        Assert.Contains(result.Records[1].Fields, f => f.Name == "digest[0]" && f.Value.StartsWith("11 11", StringComparison.Ordinal));

        Assert.Equal("CHALLENGE_AUTH", result.Records[3].Name);
        Assert.Contains(result.Records[3].Fields, f => f.Name == "CertChainHash" && f.Value.StartsWith("22 22", StringComparison.Ordinal));
        Assert.Contains(result.Records[3].Fields, f => f.Name == "nonce" && f.Value.StartsWith("33 33", StringComparison.Ordinal));
        Assert.Contains(result.Records[3].Fields, f => f.Name == "signature");
        Assert.DoesNotContain(result.Records[3].Fields, f => f.Name == "MeasurementSummaryHash");

        Assert.DoesNotContain(result.Records[4].Fields, f => f.Name == "provisioned slots");
        Assert.Contains(result.Records[4].Fields, f => f.Name == "payload");
    }

    [Fact]
    public void A_short_size_dependent_message_is_flagged_after_ALGORITHMS()
    {
        var auth = ChallengeAuth();
        var file = Capture((0x08, 0x0A, Algorithms()), (0x08, 0x0A, auth[..^10]));
        var result = TraceDecoder.Decode(file);
        Assert.Equal(1, result.Flagged);
        Assert.Contains("malformed CHALLENGE_AUTH", result.Records[1].Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(SpdmBaseHashAlgo.Sha256, 32)]
    [InlineData(SpdmBaseHashAlgo.Sha384, 48)]
    [InlineData(SpdmBaseHashAlgo.Sha3_512, 64)]
    [InlineData(SpdmBaseHashAlgo.Sha256 | SpdmBaseHashAlgo.Sha384, 0)]
    public void Hash_sizes(SpdmBaseHashAlgo hash, int size) => Assert.Equal(size, SpdmTraceSession.HashSize(hash));

    [Theory]
    [InlineData(SpdmBaseAsymAlgo.EcdsaP384, 96)]
    [InlineData(SpdmBaseAsymAlgo.EcdsaP521, 132)]
    [InlineData(SpdmBaseAsymAlgo.RsaPss3072, 384)]
    [InlineData(SpdmBaseAsymAlgo.Ed448, 114)]
    [InlineData(SpdmBaseAsymAlgo.None, 0)]
    public void Signature_sizes(SpdmBaseAsymAlgo asym, int size) => Assert.Equal(size, SpdmTraceSession.SignatureSize(asym));

    private static byte[] Algorithms()
    {
        var message = new NegotiateAlgorithms
        {
            Version = V12,
            MeasurementSpecification = SpdmMeasurementSpecification.Dmtf,
            BaseAsym = SpdmBaseAsymAlgo.EcdsaP384,
            BaseHash = SpdmBaseHashAlgo.Sha384,
            MeasurementHash = SpdmMeasurementHashAlgo.Sha384,
            Dhe = SpdmDheGroup.Secp384r1,
            Aead = SpdmAeadSuite.Aes256Gcm,
            KeySchedule = SpdmKeyScheduleAlgo.Spdm,
        };
        var buffer = new byte[256];
        Assert.True(message.TryWrite(buffer, true, out var written));
        return buffer[..written];
    }

    private static byte[] Digests()
    {
        var buffer = new byte[256];
        Assert.True(GetDigests.TryWriteResponse(buffer, V12, 0x01, 0x01, Enumerable.Repeat((byte)0x11, 48).ToArray(), out var written));
        return buffer[..written];
    }

    private static byte[] Challenge(byte summaryHashType)
    {
        var nonce = new byte[32];
        var message = new Challenge { Version = V12, SlotId = 0, HashType = summaryHashType, Nonce = nonce };
        var buffer = new byte[64];
        Assert.True(message.TryWrite(buffer, out var written));
        return buffer[..written];
    }

    private static byte[] ChallengeAuth()
    {
        var hash = Enumerable.Repeat((byte)0x22, 48).ToArray();
        var nonce = Enumerable.Repeat((byte)0x33, 32).ToArray();
        var message = new ChallengeAuth { Version = V12, SlotId = 0, SlotMask = 0x01, CertChainHash = hash, Nonce = nonce };
        var buffer = new byte[512];
        Assert.True(message.TryWriteUnsigned(buffer, 96, out _, out var total));
        return buffer[..total];
    }

    private static byte[] Capture(params (byte Source, byte Destination, byte[] Spdm)[] messages)
    {
        using var stream = new MemoryStream();
        var writer = new PcapWriter(stream, PcapLinkType.Mctp);
        var packet = new byte[68];
        byte tag = 0;
        long time = 0;
        foreach (var (source, destination, spdm) in messages)
        {
            var packetizer = new MctpPacketizer([0x05, .. spdm], 64, destination, source, true, (byte)(tag++ & 7));
            while (packetizer.TryWriteNext(packet, out var n))
            {
                writer.WriteMctpPacket(time++, packet.AsSpan(0, n));
            }
        }

        return stream.ToArray();
    }
}
