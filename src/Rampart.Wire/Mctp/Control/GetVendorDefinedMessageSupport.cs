using System.Buffers.Binary;

namespace Rampart.Wire.Mctp.Control;

/// <summary>Vendor ID format of Get Vendor Defined Message Support (DSP0236 §12).</summary>
public enum MctpVendorIdFormat : byte
{
    /// <summary>PCI vendor ID: 2 bytes, most significant byte first.</summary>
    Pci = 0x00,

    /// <summary>IANA enterprise number: 4 bytes, most significant byte first.</summary>
    Iana = 0x01,
}

/// <summary>Get Vendor Defined Message Support request body (DSP0236 §12), after the control header.</summary>
/// <param name="VendorIdSetSelector">Which vendor ID set to return (0 first).</param>
public readonly record struct GetVendorDefinedMessageSupportRequest(byte VendorIdSetSelector)
{
    /// <summary>Request data size.</summary>
    public const int Size = 1;

    /// <summary>Reads the body.</summary>
    public static WireStatus TryRead(ReadOnlySpan<byte> source, out GetVendorDefinedMessageSupportRequest value, out int consumed)
    {
        value = default;
        consumed = 0;
        var lengthStatus = MctpCompletionCodes.CheckLength(source.Length, Size);
        if (lengthStatus != WireStatus.Done)
        {
            return lengthStatus;
        }

        value = new GetVendorDefinedMessageSupportRequest(source[0]);
        consumed = Size;
        return WireStatus.Done;
    }

    /// <summary>Writes the body.</summary>
    public bool TryWrite(Span<byte> destination, out int written)
    {
        written = 0;
        if (destination.Length < Size)
        {
            return false;
        }

        destination[0] = VendorIdSetSelector;
        written = Size;
        return true;
    }
}

/// <summary>
/// Get Vendor Defined Message Support response body (DSP0236 §12, Tables 20 and 21), after the
/// control header. Vendor ID and command set type are sent most significant byte first.
/// </summary>
/// <param name="CompletionCode">Completion code; on anything but success the body is this byte alone.</param>
/// <param name="NextVendorIdSetSelector">Selector of the next set; 0xFF when this is the last.</param>
/// <param name="Format">PCI (2-byte vendor ID) or IANA (4-byte enterprise number).</param>
/// <param name="VendorId">The vendor ID (fits 16 bits when the format is PCI).</param>
/// <param name="CommandSetType">The vendor's command set type / version.</param>
public readonly record struct GetVendorDefinedMessageSupportResponse(
    MctpCompletionCode CompletionCode,
    byte NextVendorIdSetSelector,
    MctpVendorIdFormat Format,
    uint VendorId,
    ushort CommandSetType)
{
    /// <summary>Response size with a PCI vendor ID: CC, selector, format, 2-byte ID, 2-byte type.</summary>
    public const int PciSize = 7;

    /// <summary>Response size with an IANA enterprise number: CC, selector, format, 4-byte ID, 2-byte type.</summary>
    public const int IanaSize = 9;

    /// <summary>The selector value that says no more sets follow.</summary>
    public const byte NoMoreSets = 0xFF;

    // +0 [ completion code ]   +1 [ next vendor ID set selector ]   +2 [ vendor ID format ]
    // +3 [ vendor ID: 2 (PCI) or 4 (IANA) bytes, big-endian ]   then [ command set type: u16 big-endian ]
    private const int SelectorOffset = 1;
    private const int FormatOffset = 2;
    private const int VendorIdOffset = 3;

    /// <summary>The size this response takes on the wire.</summary>
    public int WireSize => CompletionCode != MctpCompletionCode.Success ? 1 : Format == MctpVendorIdFormat.Pci ? PciSize : IanaSize;

    /// <summary>Reads the body; an unknown vendor ID format is <see cref="WireStatus.Unsupported"/>.</summary>
    public static WireStatus TryRead(ReadOnlySpan<byte> source, out GetVendorDefinedMessageSupportResponse value, out int consumed)
    {
        value = default;
        consumed = 0;
        var status = MctpCompletionCodes.TryRead(source, out var code);
        if (status != WireStatus.Done)
        {
            return status;
        }

        if (code != MctpCompletionCode.Success)
        {
            if (source.Length != 1)
            {
                return WireStatus.Invalid;
            }

            value = new GetVendorDefinedMessageSupportResponse { CompletionCode = code };
            consumed = 1;
            return WireStatus.Done;
        }

        if (source.Length <= FormatOffset)
        {
            return WireStatus.NeedMoreData;
        }

        var format = (MctpVendorIdFormat)source[FormatOffset];
        int size;
        uint vendorId;
        switch (format)
        {
            case MctpVendorIdFormat.Pci:
                size = PciSize;
                if (MctpCompletionCodes.CheckLength(source.Length, size) is var pciStatus and not WireStatus.Done)
                {
                    return pciStatus;
                }

                vendorId = BinaryPrimitives.ReadUInt16BigEndian(source[VendorIdOffset..]);
                break;
            case MctpVendorIdFormat.Iana:
                size = IanaSize;
                if (MctpCompletionCodes.CheckLength(source.Length, size) is var ianaStatus and not WireStatus.Done)
                {
                    return ianaStatus;
                }

                vendorId = BinaryPrimitives.ReadUInt32BigEndian(source[VendorIdOffset..]);
                break;
            default:
                return WireStatus.Unsupported;
        }

        value = new GetVendorDefinedMessageSupportResponse(
            code,
            source[SelectorOffset],
            format,
            vendorId,
            BinaryPrimitives.ReadUInt16BigEndian(source[(size - 2)..]));
        consumed = size;
        return WireStatus.Done;
    }

    /// <summary>Writes the body (the completion code alone when it is not success).</summary>
    public bool TryWrite(Span<byte> destination, out int written)
    {
        written = 0;
        if (CompletionCode == MctpCompletionCode.Success)
        {
            if (Format == MctpVendorIdFormat.Pci)
            {
                ArgumentOutOfRangeException.ThrowIfGreaterThan(VendorId, ushort.MaxValue);
            }
            else if (Format != MctpVendorIdFormat.Iana)
            {
                throw new ArgumentOutOfRangeException(nameof(Format));
            }
        }

        var size = WireSize;
        if (destination.Length < size)
        {
            return false;
        }

        destination[0] = (byte)CompletionCode;
        if (CompletionCode == MctpCompletionCode.Success)
        {
            destination[SelectorOffset] = NextVendorIdSetSelector;
            destination[FormatOffset] = (byte)Format;
            if (Format == MctpVendorIdFormat.Pci)
            {
                BinaryPrimitives.WriteUInt16BigEndian(destination[VendorIdOffset..], (ushort)VendorId);
            }
            else
            {
                BinaryPrimitives.WriteUInt32BigEndian(destination[VendorIdOffset..], VendorId);
            }

            BinaryPrimitives.WriteUInt16BigEndian(destination[(size - 2)..], CommandSetType);
        }

        written = size;
        return true;
    }
}
