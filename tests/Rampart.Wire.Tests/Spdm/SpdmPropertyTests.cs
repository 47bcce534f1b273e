using CsCheck;
using Rampart.Wire.Spdm;

namespace Rampart.Wire.Tests.Spdm;

/// <summary>Round trips (write → read → equal) and arbitrary bytes into every SPDM decoder.</summary>
public sealed class SpdmPropertyTests
{
    private static readonly Gen<byte> GenVersion = Gen.OneOfConst(SpdmVersion.V12, SpdmVersion.V13);

    [Fact]
    public void Capabilities_round_trip() =>
        Gen.Select(GenVersion, Gen.Byte, Gen.UInt, Gen.UInt, Gen.UInt).Sample(t =>
        {
            var (version, ct, flags, dts, max) = t;
            var caps = new GetCapabilities(version, ct, (SpdmCapabilityFlags)flags, dts, max);
            var buffer = new byte[32];
            Assert.True(caps.TryWrite(buffer, SpdmCode.Capabilities, out var n));
            Assert.Equal(WireStatus.Done, GetCapabilities.TryRead(buffer.AsSpan(0, n), SpdmCode.Capabilities, out var read, out _));
            Assert.Equal(caps, read);
        });

    [Fact]
    public void Algorithms_round_trip() =>
        Gen.Select(GenVersion, Gen.UInt, Gen.UInt, Gen.UShort, Gen.UShort).Sample(t =>
        {
            var (version, asym, hash, dhe, aead) = t;
            var value = new NegotiateAlgorithms
            {
                Version = version,
                BaseAsym = (SpdmBaseAsymAlgo)asym,
                BaseHash = (SpdmBaseHashAlgo)hash,
                MeasurementHash = SpdmMeasurementHashAlgo.Sha384,
                Dhe = (SpdmDheGroup)dhe,
                Aead = (SpdmAeadSuite)aead,
                KeySchedule = SpdmKeyScheduleAlgo.Spdm,
            };
            var buffer = new byte[128];
            Assert.True(value.TryWrite(buffer, response: true, out var n));
            Assert.Equal(WireStatus.Done, NegotiateAlgorithms.TryRead(buffer.AsSpan(0, n), response: true, out var read));
            Assert.Equal(value.BaseAsym, read.BaseAsym);
            Assert.Equal(value.BaseHash, read.BaseHash);
            Assert.Equal(value.Dhe, read.Dhe);
            Assert.Equal(value.Aead, read.Aead);
            Assert.Equal(n, read.Length);
        });

    [Fact]
    public void Key_exchange_round_trip() =>
        Gen.Select(GenVersion, Gen.UShort, Gen.Byte.Array[32], Gen.Byte.Array[96], Gen.Byte.Array[0, 64]).Sample(t =>
        {
            var (version, sessionId, random, exchange, opaque) = t;
            var sizes = SpdmSizes.P384(version);
            var value = new KeyExchange { Version = version, HashType = 0xFF, SlotId = 0, ReqSessionId = sessionId, RandomData = random, ExchangeData = exchange, OpaqueData = opaque };
            var buffer = new byte[256];
            Assert.True(value.TryWrite(buffer, out var n));
            Assert.Equal(WireStatus.Done, KeyExchange.TryRead(buffer.AsSpan(0, n), sizes, out var read));
            Assert.Equal(sessionId, read.ReqSessionId);
            Assert.Equal(exchange, read.ExchangeData.ToArray());
            Assert.Equal(opaque, read.OpaqueData.ToArray());
            Assert.Equal(n, read.Length);
        });

    [Fact]
    public void Measurements_round_trip() =>
        Gen.Select(GenVersion, Gen.Byte.Array[48].Array[1, 6], Gen.Byte.Array[32], Gen.Bool).Sample(t =>
        {
            var (version, digests, nonce, signed) = t;
            var sizes = SpdmSizes.P384(version);
            var record = new byte[digests.Length * (MeasurementBlock.HeaderSize + MeasurementBlock.DmtfHeaderSize + 48)];
            var writer = new WireWriter(record);
            for (var i = 0; i < digests.Length; i++)
            {
                new MeasurementBlock { Index = (byte)(i + 1), ValueType = (byte)DmtfMeasurementType.MutableFirmware, Value = digests[i] }.TryWrite(ref writer);
            }

            var value = new Measurements { Version = version, NumberOfBlocks = (byte)digests.Length, Record = record, Nonce = nonce, RequesterContext = new byte[8] };
            var buffer = new byte[1024];
            Assert.True(value.TryWriteUnsigned(buffer, signed ? sizes.SignatureSize : 0, out var sigOffset, out var n));
            Assert.Equal(WireStatus.Done, Measurements.TryRead(buffer.AsSpan(0, n), sizes, signed, out var read));
            Assert.Equal(sigOffset, read.SignatureOffset);
            Assert.Equal(record, read.Record.ToArray());
            Assert.Equal(WireStatus.Done, MeasurementBlock.TryRead(read.Record, out var first));
            Assert.Equal(digests[0], first.Value.ToArray());
        });

    [Fact]
    public void Chunks_round_trip() =>
        Gen.Select(Gen.UShort[0, 5], Gen.Byte.Array[0, 100], Gen.Bool).Sample(t =>
        {
            var (seq, data, last) = t;
            var chunk = new Chunk { Version = SpdmVersion.V12, Attributes = last ? Chunk.LastChunk : (byte)0, Handle = 7, SequenceNumber = seq, LargeMessageSize = 5000, Data = data };
            var buffer = new byte[200];
            Assert.True(chunk.TryWrite(buffer, SpdmCode.ChunkSend, out var n));
            Assert.Equal(WireStatus.Done, Chunk.TryRead(buffer.AsSpan(0, n), SpdmCode.ChunkSend, out var read));
            Assert.Equal(seq, read.SequenceNumber);
            Assert.Equal(last, read.IsLast);
            Assert.Equal(data, read.Data.ToArray());
            Assert.Equal(seq == 0 ? 5000u : 0u, read.LargeMessageSize);
        });

    [Fact]
    public void Vendor_defined_round_trip() =>
        Gen.Select(Gen.UShort, Gen.Byte.Array[0, 8], Gen.Byte.Array[0, 80]).Sample(t =>
        {
            var (standard, vendor, payload) = t;
            var value = new VendorDefined { Version = SpdmVersion.V13, StandardId = standard, VendorId = vendor, Payload = payload };
            var buffer = new byte[128];
            Assert.True(value.TryWrite(buffer, response: true, out var n));
            Assert.Equal(WireStatus.Done, VendorDefined.TryRead(buffer.AsSpan(0, n), response: true, out var read));
            Assert.Equal(standard, read.StandardId);
            Assert.Equal(vendor, read.VendorId.ToArray());
            Assert.Equal(payload, read.Payload.ToArray());
        });

    [Fact]
    public void Psk_exchange_round_trip() =>
        Gen.Select(Gen.Byte.Array[0, 16], Gen.Byte.Array[0, 48], Gen.Byte.Array[0, 20]).Sample(t =>
        {
            var (hint, context, opaque) = t;
            var value = new PskExchange { Version = SpdmVersion.V12, HashType = 0, ReqSessionId = 0xABCD, PskHint = hint, RequesterContext = context, OpaqueData = opaque };
            var buffer = new byte[128];
            Assert.True(value.TryWrite(buffer, out var n));
            Assert.Equal(WireStatus.Done, PskExchange.TryRead(buffer.AsSpan(0, n), out var read));
            Assert.Equal(hint, read.PskHint.ToArray());
            Assert.Equal(context, read.RequesterContext.ToArray());
            Assert.Equal(opaque, read.OpaqueData.ToArray());
            Assert.Equal(n, read.Length);
        });

    [Fact]
    public void Arbitrary_bytes_never_throw_from_any_decoder() =>
        Gen.Byte.Array[0, 300].Sample(bytes =>
        {
            var sizes = SpdmSizes.P384(bytes.Length > 0 && bytes[0] == 0x13 ? SpdmVersion.V13 : SpdmVersion.V12);
            _ = SpdmHeader.TryRead(bytes, out _);
            _ = GetVersion.TryReadRequest(bytes);
            _ = GetVersion.TryReadResponse(bytes, out _);
            _ = GetCapabilities.TryRead(bytes, SpdmCode.GetCapabilities, out _, out _);
            _ = NegotiateAlgorithms.TryRead(bytes, false, out _);
            _ = NegotiateAlgorithms.TryRead(bytes, true, out _);
            _ = GetDigests.TryReadResponse(bytes, 48, out _, out _, out _);
            _ = GetCertificate.TryReadRequest(bytes, out _);
            _ = GetCertificate.TryReadResponse(bytes, out _, out _, out _, out _);
            _ = Challenge.TryRead(bytes, out _);
            _ = ChallengeAuth.TryRead(bytes, sizes, true, out _);
            _ = GetMeasurements.TryRead(bytes, out _);
            _ = Measurements.TryRead(bytes, sizes, true, out _);
            _ = MeasurementBlock.TryRead(bytes, out _);
            _ = KeyExchange.TryRead(bytes, sizes, out _);
            _ = KeyExchangeRsp.TryRead(bytes, sizes, true, false, out _);
            _ = Finish.TryRead(bytes, sizes, out _);
            _ = Finish.TryReadResponse(bytes, sizes, true, out _);
            _ = PskExchange.TryRead(bytes, out _);
            _ = PskExchangeRsp.TryRead(bytes, sizes, true, out _);
            _ = PskFinish.TryReadRequest(bytes, sizes, out _);
            _ = Chunk.TryRead(bytes, SpdmCode.ChunkSend, out _);
            _ = ChunkAck.TryRead(bytes, SpdmCode.ChunkSendAck, out _);
            _ = VendorDefined.TryRead(bytes, false, out _);
            _ = GetCsr.TryRead(bytes, out _);
            _ = GetCsr.TryReadResponse(bytes, out _);
            _ = SetCertificate.TryRead(bytes, out _);
            _ = ErrorResponse.TryRead(bytes, out _);
            _ = SecuredMessage.TryRead(bytes, 2, out _);
            _ = SecuredMessage.TryReadPlaintext(bytes, out _);
        }, iter: 20_000);
}
