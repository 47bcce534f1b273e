using Rampart.Wire.Capture;
using Rampart.Wire.Doe;
using Rampart.Wire.Mctp;

namespace Rampart.Host.SpdmDump;

/// <summary>
/// Writes SPDM traffic, one whole message a record, as the pcap DMTF's spdm_dump reads (its
/// doc/spdm_dump.md "SPDM message dump file format"; decision 0276): link type 291 (MCTP) — the
/// 4-byte MCTP transport header, the message type (5 SPDM, 6 secured SPDM) and the message — or
/// 292 (PCI DOE) — the data object: header, CMA/SPDM (type 1) or secured CMA/SPDM (type 2) data,
/// zero padding to a dword. spdm_dump skips the MCTP header, so Rampart writes a synthetic one
/// (SOM and EOM set, tag owner on requests, EIDs <see cref="RequesterEid"/> and
/// <see cref="ResponderEid"/>). Timestamps come from the caller's clock. One writer per file, used
/// from one thread at a time.
/// </summary>
public sealed class SpdmDumpCapture
{
    /// <summary>The requester's EID in the synthetic MCTP header.</summary>
    public const byte RequesterEid = 0x08;

    /// <summary>The responder's EID in the synthetic MCTP header.</summary>
    public const byte ResponderEid = 0x0A;

    /// <summary>
    /// The snap length written: spdm_dump refuses a file whose header announces more than 64 KiB
    /// (its PCAP_PACKET_MAX_SIZE), so the pcap default of 256 KiB is not used here. An SPDM
    /// message is far smaller.
    /// </summary>
    public const int SnapLength = 0x10000;

    private const byte MctpTypeSpdm = 0x05;
    private const byte MctpTypeSecuredSpdm = 0x06;
    private readonly PcapWriter _writer;
    private readonly Func<long> _microseconds;
    private readonly byte[] _prefix = new byte[MctpTransportHeader.Size + 1];

    /// <summary>Starts a capture in <paramref name="stream"/> (the file header is written now).</summary>
    /// <param name="stream">Where the pcap goes.</param>
    /// <param name="doe">True for link type 292 (PCI DOE), false for 291 (MCTP).</param>
    /// <param name="microseconds">The clock records are stamped with (µs).</param>
    public SpdmDumpCapture(Stream stream, bool doe, Func<long> microseconds)
    {
        ArgumentNullException.ThrowIfNull(stream);
        _microseconds = microseconds ?? throw new ArgumentNullException(nameof(microseconds));
        _writer = new PcapWriter(stream, doe ? PcapLinkType.PciDoe : PcapLinkType.Mctp, SnapLength);
    }

    /// <summary>The link type written.</summary>
    public PcapLinkType LinkType => _writer.LinkType;

    /// <summary>Records written.</summary>
    public long Records => _writer.Records;

    /// <summary>Writes one SPDM message (<paramref name="secured"/>: a DSP0277 record) sent by the requester or the responder.</summary>
    public void Write(bool fromRequester, ReadOnlySpan<byte> message, bool secured)
    {
        var time = Math.Max(0, _microseconds());
        if (_writer.LinkType == PcapLinkType.PciDoe)
        {
            var header = DoeDataObjectHeader.ForData(secured ? DoeDataObjectType.SecuredSpdm : DoeDataObjectType.Spdm, message.Length);
            var dataObject = new byte[header.TotalBytes];
            header.TryWrite(dataObject);
            message.CopyTo(dataObject.AsSpan(DoeDataObjectHeader.Size));
            _writer.WriteDoeObject(time, dataObject);
        }
        else
        {
            var (destination, source) = fromRequester ? (ResponderEid, RequesterEid) : (RequesterEid, ResponderEid);
            new MctpTransportHeader(destination, source, startOfMessage: true, endOfMessage: true, 0, tagOwner: fromRequester, 0).TryWrite(_prefix);
            _prefix[MctpTransportHeader.Size] = secured ? MctpTypeSecuredSpdm : MctpTypeSpdm;
            _writer.WriteRecord(time, _prefix, message);
        }

        _writer.Flush();
    }
}
