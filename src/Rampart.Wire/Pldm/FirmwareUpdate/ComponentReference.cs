using System.Buffers.Binary;

namespace Rampart.Wire.Pldm.FirmwareUpdate;

/// <summary>
/// The component a UA names in ActivatePendingComponentImage (0x1F) and UpdateSecurityRevision
/// (0x22) requests (DSP0267 1.3 §"ActivatePendingComponentImage", §"UpdateSecurityRevision").
/// With classification 0xFFFF (downstream device) the identifier is the downstream device index
/// and the classification index is 0x00 (that device) or 0xFF (every device with its descriptors).
/// </summary>
/// <param name="Classification">The component classification.</param>
/// <param name="Identifier">The component identifier (or downstream device index).</param>
/// <param name="ClassificationIndex">The component classification index.</param>
public readonly record struct ComponentReference(ComponentClassification Classification, ushort Identifier, byte ClassificationIndex)
{
    // +0 ComponentClassification      u16 LE
    // +2 ComponentIdentifier          u16 LE
    // +4 ComponentClassificationIndex u8

    /// <summary>The encoded size.</summary>
    public const int Length = 5;

    private const int IdentifierOffset = 2;
    private const int IndexOffset = 4;

    /// <summary>Reads exactly <see cref="Length"/> bytes (every value is carried as is).</summary>
    internal static WireStatus TryRead(ReadOnlySpan<byte> source, out ComponentReference reference)
    {
        reference = default;
        var status = PldmBody.CheckExact(source, Length);
        if (status != WireStatus.Done)
        {
            return status;
        }

        reference = new ComponentReference(
            (ComponentClassification)BinaryPrimitives.ReadUInt16LittleEndian(source),
            BinaryPrimitives.ReadUInt16LittleEndian(source[IdentifierOffset..]),
            source[IndexOffset]);
        return WireStatus.Done;
    }

    /// <summary>Writes the five bytes; false when <paramref name="destination"/> is short.</summary>
    internal bool TryWrite(Span<byte> destination, out int bytesWritten)
    {
        bytesWritten = 0;
        if (destination.Length < Length)
        {
            return false;
        }

        BinaryPrimitives.WriteUInt16LittleEndian(destination, (ushort)Classification);
        BinaryPrimitives.WriteUInt16LittleEndian(destination[IdentifierOffset..], Identifier);
        destination[IndexOffset] = ClassificationIndex;
        bytesWritten = Length;
        return true;
    }
}
