using Rampart.Protocols.Spdm;
using Rampart.Wire;
using Rampart.Wire.Bindings;
using Rampart.Wire.Doe;

namespace Rampart.Host.SpdmEmu;

/// <summary>
/// The transport payload inside an spdm-emu frame (SPDM-EMU.md "Payload per transport"):
/// MCTP = message type byte (5 SPDM, 6 secured) then the message; PCI_DOE = a DOE data object
/// (type 1 SPDM, 2 secured, 0 discovery).
/// </summary>
public static class SpdmEmuPayload
{
    /// <summary>MCTP message type of SPDM.</summary>
    public const byte MctpSpdm = 0x05;

    /// <summary>MCTP message type of secured SPDM.</summary>
    public const byte MctpSecuredSpdm = 0x06;

    /// <summary>The secured-record profile a transport implies.</summary>
    public static SecuredTransportProfile Profile(SpdmEmuTransport transport) =>
        transport == SpdmEmuTransport.PciDoe ? SecuredTransportProfile.Doe : SecuredTransportProfile.Mctp;

    /// <summary>Wraps an SPDM message (or secured record) for the transport.</summary>
    public static byte[] Wrap(SpdmEmuTransport transport, ReadOnlySpan<byte> message, bool secured)
    {
        switch (transport)
        {
            case SpdmEmuTransport.Mctp:
                return [secured ? MctpSecuredSpdm : MctpSpdm, .. message];
            case SpdmEmuTransport.PciDoe:
                var type = secured ? DoeDataObjectType.SecuredSpdm : DoeDataObjectType.Spdm;
                var buffer = new byte[DoeDataObject.GetEncodedSize(message.Length)];
                DoeDataObject.TryWrite(type, message, buffer, out var written);
                return buffer[..written];
            default:
                return message.ToArray();
        }
    }

    /// <summary>What a received payload holds.</summary>
    public enum Kind
    {
        /// <summary>Not understood.</summary>
        Malformed,

        /// <summary>A plain SPDM message.</summary>
        Spdm,

        /// <summary>A DSP0277 secured record.</summary>
        Secured,

        /// <summary>A DOE discovery request.</summary>
        DoeDiscovery,
    }

    /// <summary>Unwraps a payload; <paramref name="message"/> is the SPDM message, record or discovery body.</summary>
    public static Kind Unwrap(SpdmEmuTransport transport, ReadOnlySpan<byte> payload, out ReadOnlySpan<byte> message)
    {
        message = default;
        switch (transport)
        {
            case SpdmEmuTransport.Mctp:
                if (payload.IsEmpty)
                {
                    return Kind.Malformed;
                }

                message = payload[1..];
                return payload[0] switch
                {
                    MctpSpdm => Kind.Spdm,
                    MctpSecuredSpdm => Kind.Secured,
                    _ => Kind.Malformed,
                };
            case SpdmEmuTransport.PciDoe:
                // Every type this server speaks is the PCI-SIG vendor's; another vendor's type 0 is not discovery.
                if (DoeDataObject.TryRead(payload, out var header, out var data, out _) != WireStatus.Done
                    || header.VendorId != DoeDataObjectHeader.PciSigVendorId)
                {
                    return Kind.Malformed;
                }

                message = data;
                return header.Type switch
                {
                    DoeDataObjectType.Spdm => Kind.Spdm,
                    DoeDataObjectType.SecuredSpdm => Kind.Secured,
                    DoeDataObjectType.Discovery => Kind.DoeDiscovery,
                    _ => Kind.Malformed,
                };
            case SpdmEmuTransport.None:
                message = payload;
                return Kind.Spdm;
            default:
                return Kind.Malformed;
        }
    }
}
