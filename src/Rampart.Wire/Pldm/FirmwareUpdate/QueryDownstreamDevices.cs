using System.Buffers.Binary;

namespace Rampart.Wire.Pldm.FirmwareUpdate;

/// <summary>QueryDownstreamDevices request (DSP0267 1.3 §"QueryDownstreamDevices"): no body.</summary>
public readonly record struct QueryDownstreamDevicesRequest : IPldmMessage<QueryDownstreamDevicesRequest>
{
    /// <summary>The body size.</summary>
    public const int Length = 0;

    /// <inheritdoc/>
    public static PldmType Type => PldmType.FirmwareUpdate;

    /// <inheritdoc/>
    public static byte Command => (byte)FirmwareUpdateCommand.QueryDownstreamDevices;

    /// <inheritdoc/>
    public static bool IsResponse => false;

    /// <inheritdoc/>
    public int EncodedLength => Length;

    /// <inheritdoc/>
    public static WireStatus TryRead(ReadOnlySpan<byte> source, out QueryDownstreamDevicesRequest message, out int bytesConsumed)
    {
        message = default;
        bytesConsumed = 0;
        return PldmBody.CheckExact(source, Length);
    }

    /// <inheritdoc/>
    public bool TryWrite(Span<byte> destination, out int bytesWritten)
    {
        bytesWritten = 0;
        return true;
    }
}

/// <summary>QueryDownstreamDevices response (DSP0267 1.3 §"QueryDownstreamDevices").</summary>
/// <param name="CompletionCode">The completion code.</param>
/// <param name="DownstreamDeviceUpdateSupported">True when the FDP can update downstream devices.</param>
/// <param name="NumberOfDownstreamDevices">Devices attached now.</param>
/// <param name="MaxNumberOfDownstreamDevices">Devices the FDP can handle.</param>
/// <param name="Capabilities">Bit 0 dynamically attached, bit 1 dynamically removed, bit 2 updated simultaneously.</param>
public readonly record struct QueryDownstreamDevicesResponse(
    PldmCompletionCode CompletionCode,
    bool DownstreamDeviceUpdateSupported,
    ushort NumberOfDownstreamDevices,
    ushort MaxNumberOfDownstreamDevices,
    uint Capabilities) : IPldmMessage<QueryDownstreamDevicesResponse>
{
    // +0 CompletionCode                  u8
    // +1 DownstreamDeviceUpdateSupported enum8 (0 not supported, 1 supported)
    // +2 NumberOfDownstreamDevices       u16 LE
    // +4 MaxNumberOfDownstreamDevices    u16 LE
    // +6 Capabilities                    bitfield32 LE

    /// <summary>The body size on success.</summary>
    public const int Length = 10;

    private const int SupportedOffset = 1;
    private const int NumberOffset = 2;
    private const int MaxOffset = 4;
    private const int CapabilitiesOffset = 6;

    /// <inheritdoc/>
    public static PldmType Type => PldmType.FirmwareUpdate;

    /// <inheritdoc/>
    public static byte Command => (byte)FirmwareUpdateCommand.QueryDownstreamDevices;

    /// <inheritdoc/>
    public static bool IsResponse => true;

    /// <inheritdoc/>
    public int EncodedLength => CompletionCode == PldmCompletionCode.Success ? Length : PldmBody.CompletionCodeLength;

    /// <summary>Reads the body; Invalid when DownstreamDeviceUpdateSupported is neither 0 nor 1.</summary>
    public static WireStatus TryRead(ReadOnlySpan<byte> source, out QueryDownstreamDevicesResponse message, out int bytesConsumed)
    {
        message = default;
        bytesConsumed = 0;
        var status = PldmBody.ReadCompletionCode(source, out var code, out var errorOnly);
        if (status == WireStatus.Done && !errorOnly)
        {
            status = PldmBody.CheckExact(source, Length);
            if (status == WireStatus.Done && source[SupportedOffset] > 1)
            {
                status = WireStatus.Invalid;
            }
        }

        if (status != WireStatus.Done)
        {
            return status;
        }

        message = errorOnly
            ? new QueryDownstreamDevicesResponse(code, false, 0, 0, 0)
            : new QueryDownstreamDevicesResponse(
                code,
                source[SupportedOffset] == 1,
                BinaryPrimitives.ReadUInt16LittleEndian(source[NumberOffset..]),
                BinaryPrimitives.ReadUInt16LittleEndian(source[MaxOffset..]),
                BinaryPrimitives.ReadUInt32LittleEndian(source[CapabilitiesOffset..]));
        bytesConsumed = source.Length;
        return WireStatus.Done;
    }

    /// <inheritdoc/>
    public bool TryWrite(Span<byte> destination, out int bytesWritten)
    {
        if (CompletionCode != PldmCompletionCode.Success)
        {
            return PldmBody.TryWriteErrorOnly(CompletionCode, destination, out bytesWritten);
        }

        bytesWritten = 0;
        if (destination.Length < Length)
        {
            return false;
        }

        destination[0] = (byte)CompletionCode;
        destination[SupportedOffset] = DownstreamDeviceUpdateSupported ? (byte)1 : (byte)0;
        BinaryPrimitives.WriteUInt16LittleEndian(destination[NumberOffset..], NumberOfDownstreamDevices);
        BinaryPrimitives.WriteUInt16LittleEndian(destination[MaxOffset..], MaxNumberOfDownstreamDevices);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[CapabilitiesOffset..], Capabilities);
        bytesWritten = Length;
        return true;
    }
}
