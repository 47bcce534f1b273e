using Rampart.Wire.Spdm;
using static Rampart.Wire.Tests.Spdm.SpdmTestHex;

namespace Rampart.Wire.Tests.Spdm;

/// <summary>Named bad inputs: each gets a status, never an exception, and yields default outputs.</summary>
public sealed class SpdmNegativeTests
{
    private static readonly SpdmSizes Sizes = SpdmSizes.P384(SpdmVersion.V12);

    [Theory]
    [InlineData("empty", "")]
    [InlineData("three bytes", "12 E1 00")]
    [InlineData("1.2 caps cut at flags", "12 E1 00 00 00 0C 00 00 C6 7A")]
    public void Truncated_capabilities_need_more_data(string name, string hex)
    {
        Assert.NotNull(name);
        Assert.Equal(WireStatus.NeedMoreData, GetCapabilities.TryRead(Bytes(hex), SpdmCode.GetCapabilities, out var value, out var length));
        Assert.Equal(default, value);
        Assert.Equal(0, length);
    }

    [Theory]
    [InlineData("wrong code", "12 E2 00 00 00 0C 00 00 00 00 00 00 00 00 00 00 00 00 00 00")]
    public void Capabilities_with_another_code_are_invalid(string name, string hex)
    {
        Assert.NotNull(name);
        Assert.Equal(WireStatus.Invalid, GetCapabilities.TryRead(Bytes(hex), SpdmCode.GetCapabilities, out _, out _));
    }

    [Theory]
    [InlineData("length below fixed part", "12 E3 00 00 10 00 01 00 80 00 00 00 02 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00")]
    [InlineData("length above 128", "12 E3 00 00 81 00 01 00 80 00 00 00 02 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00")]
    [InlineData("table count past length", "12 E3 01 00 20 00 01 00 80 00 00 00 02 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00")]
    [InlineData("tables out of order", "12 E3 02 00 28 00 01 00 80 00 00 00 02 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 03 20 02 00 02 20 10 00")]
    [InlineData("fixed alg count not 2", "12 E3 01 00 24 00 01 00 80 00 00 00 02 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 02 10 10 00")]
    [InlineData("unknown alg type", "12 E3 01 00 24 00 01 00 80 00 00 00 02 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 09 20 10 00")]
    [InlineData("trailing bytes inside length", "12 E3 00 00 24 00 01 00 80 00 00 00 02 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00")]
    public void Malformed_negotiate_algorithms_is_invalid(string name, string hex)
    {
        Assert.NotNull(name);
        Assert.Equal(WireStatus.Invalid, NegotiateAlgorithms.TryRead(Bytes(hex), response: false, out var value));
        Assert.Equal(0, value.Length);
    }

    [Theory]
    [InlineData("slot 8", "12 82 08 00 00 00 00 04")]
    public void Get_certificate_with_a_bad_slot_is_invalid(string name, string hex)
    {
        Assert.NotNull(name);
        Assert.Equal(WireStatus.Invalid, GetCertificate.TryReadRequest(Bytes(hex), out var value));
        Assert.Equal(default, value);
    }

    [Theory]
    [InlineData("hash type 2", "12 83 00 02")]
    [InlineData("slot 9", "12 83 09 00")]
    public void Challenge_with_reserved_values_is_invalid(string name, string header)
    {
        Assert.NotNull(name);
        var message = Bytes(header).Concat(new byte[32]).ToArray();
        Assert.Equal(WireStatus.Invalid, Challenge.TryRead(message, out var value));
        Assert.Equal(0, value.Length);
    }

    [Fact]
    public void Measurements_whose_record_does_not_hold_the_blocks_is_invalid()
    {
        // One block declared, record of 4 bytes with a measurement size of 9.
        var message = Bytes("12 60 00 00 01 04 00 00 01 01 09 00").Concat(new byte[32]).Concat(Bytes("00 00")).ToArray();
        Assert.Equal(WireStatus.Invalid, Measurements.TryRead(message, Sizes, signed: false, out _));
    }

    [Fact]
    public void Secured_record_with_a_length_below_the_mac_is_invalid()
    {
        Assert.Equal(WireStatus.Invalid, SecuredMessage.TryRead(Bytes("01 00 FE FF 00 00 05 00 00 00 00 00 00"), 2, out var record));
        Assert.Equal(0, record.Length);
    }

    [Fact]
    public void Secured_plaintext_with_a_length_past_the_end_is_invalid()
    {
        Assert.Equal(WireStatus.Invalid, SecuredMessage.TryReadPlaintext(Bytes("10 00 12 84"), out var data));
        Assert.True(data.IsEmpty);
    }

    [Fact]
    public void Error_with_oversized_extended_data_is_invalid()
    {
        var message = Bytes("12 7F 05 00").Concat(new byte[33]).ToArray();
        Assert.Equal(WireStatus.Invalid, ErrorResponse.TryRead(message, out _));
    }

    [Fact]
    public void Set_certificate_whose_chain_length_exceeds_the_message_is_invalid()
    {
        Assert.Equal(WireStatus.Invalid, SetCertificate.TryRead(Bytes("12 EE 00 00 40 00 00 00 01 02"), out var value));
        Assert.True(value.CertChain.IsEmpty);
    }
}
