using CsCheck;
using Rampart.Protocols.Spdm;
using Rampart.Wire;

namespace Rampart.Protocols.Tests.Spdm;

/// <summary>The provisioned requester-trust record (decision 0277): round trip, refusals, and no throw on any bytes.</summary>
public sealed class SpdmRequesterTrustRecordTests
{
    private static SpdmRequesterTrust Trust(int chainLength, byte slot = 1)
    {
        var chain = new byte[chainLength];
        chain[0] = (byte)chainLength;
        chain[1] = (byte)(chainLength >> 8);
        chain[^1] = 0xA5;
        return new SpdmRequesterTrust { SlotId = slot, PublicKey = Enumerable.Repeat((byte)7, 96).ToArray(), CertificateChain = chain };
    }

    [Fact]
    public void A_record_reads_back_what_was_written()
    {
        var record = SpdmRequesterTrustRecord.Encode(Trust(600, slot: 5));

        Assert.Equal(SpdmRequesterTrustRecord.HeaderSize + 600, record.Length);
        Assert.Equal(new byte[] { 1, 5, 0x58, 0x02 }, record[..4]);
        Assert.Equal(WireStatus.Done, SpdmRequesterTrustRecord.TryRead(record, out var read));
        Assert.Equal(5, read!.SlotId);
        Assert.Equal(Trust(600).CertificateChain.ToArray(), read.CertificateChain.ToArray());
        Assert.Equal(Enumerable.Repeat((byte)7, 96), read.PublicKey.ToArray());
    }

    [Theory]
    [InlineData("unknown format", 0, 2)]
    [InlineData("slot 8", 1, 8)]
    [InlineData("chain length one short", 2, 0x2B)]
    [InlineData("the chain's own length disagrees", 100, 0x2D)]
    public void A_record_that_disagrees_with_itself_is_invalid(string name, int offset, byte value)
    {
        Assert.NotEmpty(name);
        var record = SpdmRequesterTrustRecord.Encode(Trust(0x2C));
        record[offset] = value;

        Assert.Equal(WireStatus.Invalid, SpdmRequesterTrustRecord.TryRead(record, out var read));
        Assert.Null(read);
    }

    [Fact]
    public void What_does_not_fit_is_not_written()
    {
        Assert.False(SpdmRequesterTrustRecord.TryWrite(Trust(SpdmRequesterTrustRecord.MaxSize), new byte[2 * SpdmRequesterTrustRecord.MaxSize], out _));
        Assert.False(SpdmRequesterTrustRecord.TryWrite(Trust(100, slot: 8), new byte[400], out _));
        Assert.False(SpdmRequesterTrustRecord.TryWrite(Trust(100), new byte[150], out _));
        Assert.False(SpdmRequesterTrustRecord.TryWrite(Trust(100) with { PublicKey = new byte[64] }, new byte[400], out _));
        Assert.Throws<ArgumentException>(() => SpdmRequesterTrustRecord.Encode(Trust(100, slot: 9)));
    }

    [Fact]
    public void Any_bytes_read_without_throwing() =>
        Gen.Byte.Array[0, 400].Sample(bytes =>
        {
            var status = SpdmRequesterTrustRecord.TryRead(bytes, out var trust);
            return status == WireStatus.Done ? trust is not null && SpdmRequesterTrustRecord.Encode(trust).AsSpan().SequenceEqual(bytes) : trust is null;
        });
}
