using Rampart.Wire.Spdm;
using static Rampart.Wire.Tests.Spdm.SpdmTestHex;

namespace Rampart.Wire.Tests.Spdm;

/// <summary>Hand-assembled DSP0274 layouts and sizes from the spec tables.</summary>
public sealed class SpdmVectorTests
{
    [Fact]
    public void Get_version_is_four_bytes_at_version_1_0()
    {
        var buffer = new byte[16];
        Assert.True(GetVersion.TryWriteRequest(buffer, out var n));
        Assert.Equal(GetVersion.RequestSize, n);
        Assert.Equal(Bytes("10 84 00 00"), buffer[..n]);
        Assert.Equal(WireStatus.Done, GetVersion.TryReadRequest(Bytes("10 84 00 00")));
        Assert.Equal(WireStatus.Invalid, GetVersion.TryReadRequest(Bytes("12 84 00 00")));
    }

    [Fact]
    public void Version_lists_entries_and_picks_the_highest_common()
    {
        var buffer = new byte[32];
        Assert.True(GetVersion.TryWriteResponse(buffer, [SpdmVersion.V12, SpdmVersion.V13], out var n));
        Assert.Equal(Bytes("10 04 00 00 00 02 00 12 00 13"), buffer[..n]);
        Assert.Equal(WireStatus.Done, GetVersion.TryReadResponse(buffer.AsSpan(0, n), out var entries));
        Assert.Equal(SpdmVersion.V13, GetVersion.HighestCommon(entries, [SpdmVersion.V12, SpdmVersion.V13]));
        Assert.Equal(SpdmVersion.V12, GetVersion.HighestCommon(entries, [SpdmVersion.V11, SpdmVersion.V12]));
        Assert.Equal(0, GetVersion.HighestCommon(entries, [SpdmVersion.V11]));
    }

    [Fact]
    public void Get_capabilities_1_2_matches_table_10()
    {
        // ver 12, code E1, param 00 00, rsvd, CTExponent 0x0C, rsvd2, flags 0x0000_7AC6, DTS 0x1200, MaxMsg 0x1200
        var expected = Bytes("12 E1 00 00 00 0C 00 00 C6 7A 00 00 00 12 00 00 00 12 00 00");
        var caps = new GetCapabilities(SpdmVersion.V12, 0x0C, (SpdmCapabilityFlags)0x7AC6, 0x1200, 0x1200);
        var buffer = new byte[64];
        Assert.True(caps.TryWrite(buffer, SpdmCode.GetCapabilities, out var n));
        Assert.Equal(GetCapabilities.Size12, n);
        Assert.Equal(expected, buffer[..n]);
        Assert.Equal(WireStatus.Done, GetCapabilities.TryRead(expected, SpdmCode.GetCapabilities, out var read, out var length));
        Assert.Equal(caps, read);
        Assert.Equal(20, length);
    }

    [Fact]
    public void Negotiate_algorithms_fixed_parts_match_tables_14_and_18()
    {
        var request = new NegotiateAlgorithms
        {
            Version = SpdmVersion.V12,
            MeasurementSpecification = SpdmMeasurementSpecification.Dmtf,
            OtherParams = 0x02,
            BaseAsym = SpdmBaseAsymAlgo.EcdsaP384,
            BaseHash = SpdmBaseHashAlgo.Sha384,
            Dhe = SpdmDheGroup.Secp384r1,
            Aead = SpdmAeadSuite.Aes256Gcm,
            ReqBaseAsym = SpdmBaseAsymAlgo.EcdsaP384,
            KeySchedule = SpdmKeyScheduleAlgo.Spdm,
        };
        var buffer = new byte[128];
        Assert.True(request.TryWrite(buffer, response: false, out var n));
        Assert.Equal(NegotiateAlgorithms.RequestFixedSize + 16, n);
        Assert.Equal(
            Bytes("12 E3 04 00 30 00 01 02 80 00 00 00 02 00 00 00" + " 00 00 00 00 00 00 00 00 00 00 00 00" + " 00 00 00 00" +
                  "02 20 10 00 03 20 02 00 04 20 80 00 05 20 01 00"),
            buffer[..n]);
        Assert.Equal(WireStatus.Done, NegotiateAlgorithms.TryRead(buffer.AsSpan(0, n), response: false, out var read));
        Assert.Equal(SpdmDheGroup.Secp384r1, read.Dhe);
        Assert.Equal(SpdmKeyScheduleAlgo.Spdm, read.KeySchedule);

        var response = request with { MeasurementHash = SpdmMeasurementHashAlgo.Sha384 };
        Assert.True(response.TryWrite(buffer, response: true, out n));
        Assert.Equal(NegotiateAlgorithms.ResponseFixedSize + 16, n);
        Assert.Equal(Bytes("12 63 04 00 34 00 01 02 04 00 00 00 80 00 00 00 02 00 00 00"), buffer[..20]);
        Assert.Equal(WireStatus.Done, NegotiateAlgorithms.TryRead(buffer.AsSpan(0, n), response: true, out var readRsp));
        Assert.Equal(SpdmMeasurementHashAlgo.Sha384, readRsp.MeasurementHash);
        Assert.Equal(SpdmAeadSuite.Aes256Gcm, readRsp.Aead);
    }

    [Theory]
    [InlineData("1.2 signed", 0x12, 0x01, 4 + 32 + 1)]
    [InlineData("1.3 signed", 0x13, 0x01, 4 + 32 + 1 + 8)]
    [InlineData("1.2 unsigned", 0x12, 0x00, 4)]
    [InlineData("1.3 unsigned", 0x13, 0x00, 4 + 8)]
    public void Get_measurements_size_follows_table_40(string name, byte version, byte attributes, int size)
    {
        Assert.NotNull(name);
        var request = new GetMeasurements { Version = version, Attributes = attributes, Operation = 0xFF, Nonce = new byte[32], SlotId = 0, RequesterContext = new byte[8] };
        var buffer = new byte[64];
        Assert.True(request.TryWrite(buffer, out var n));
        Assert.Equal(size, n);
        Assert.Equal(WireStatus.Done, GetMeasurements.TryRead(buffer.AsSpan(0, n), out var read));
        Assert.Equal(size, read.Length);
        Assert.Equal(WireStatus.NeedMoreData, GetMeasurements.TryRead(buffer.AsSpan(0, n - 1), out _));
    }

    [Theory]
    [InlineData(0x12, 36)]
    [InlineData(0x13, 44)]
    public void Challenge_size_follows_table_25(byte version, int size)
    {
        var challenge = new Challenge { Version = version, SlotId = 0, HashType = 0xFF, Nonce = new byte[32], RequesterContext = new byte[8] };
        var buffer = new byte[64];
        Assert.True(challenge.TryWrite(buffer, out var n));
        Assert.Equal(size, n);
    }

    [Fact]
    public void Get_certificate_request_is_eight_bytes()
    {
        var buffer = new byte[8];
        Assert.True(new GetCertificate(SpdmVersion.V12, 0, 0, 0x400).TryWriteRequest(buffer, out var n));
        Assert.Equal(Bytes("12 82 00 00 00 00 00 04"), buffer[..n]);
    }

    [Fact]
    public void Secured_record_over_mctp_has_a_two_byte_sequence_number()
    {
        var buffer = new byte[64];
        var header = SecuredMessage.WriteHeader(buffer, 0xFFFE_0001, 0x0102_0304, SecuredMessage.MctpSequenceNumberSize, 20);
        Assert.Equal(8, header);
        Assert.Equal(Bytes("01 00 FE FF 04 03 24 00"), buffer[..8]);
        buffer.AsSpan(8, 36).Fill(0xAA);
        Assert.Equal(WireStatus.Done, SecuredMessage.TryRead(buffer.AsSpan(0, 44), 2, out var record));
        Assert.Equal(0xFFFE_0001u, record.SessionId);
        Assert.Equal(20, record.Ciphertext.Length);
        Assert.Equal(8, record.AssociatedData.Length);
        Assert.Equal(44, record.Length);
    }

    [Fact]
    public void Error_with_response_not_ready_carries_four_bytes()
    {
        var buffer = new byte[16];
        Assert.True(ErrorResponse.TryWriteResponseNotReady(buffer, SpdmVersion.V12, 10, 0xE0, 3, 2, out var n));
        Assert.Equal(Bytes("12 7F 42 00 0A E0 03 02"), buffer[..n]);
        Assert.Equal(WireStatus.Done, ErrorResponse.TryRead(buffer.AsSpan(0, n), out var error));
        Assert.Equal(SpdmErrorCode.ResponseNotReady, error.Code);
        Assert.Equal(WireStatus.NeedMoreData, ErrorResponse.TryRead(Bytes("12 7F 42 00 0A"), out _));
    }

    [Fact]
    public void Every_code_has_a_name_and_requests_have_the_top_bit()
    {
        foreach (var code in Enum.GetValues<SpdmCode>())
        {
            Assert.NotNull(SpdmCodes.Name((byte)code));
            Assert.Equal((byte)code >= 0x80, SpdmCodes.IsRequest((byte)code));
        }

        Assert.Null(SpdmCodes.Name(0x30));
    }
}
