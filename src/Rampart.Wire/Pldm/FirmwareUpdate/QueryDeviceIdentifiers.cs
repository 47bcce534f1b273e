using System.Buffers.Binary;

namespace Rampart.Wire.Pldm.FirmwareUpdate;

/// <summary>QueryDeviceIdentifiers request (DSP0267 1.3 §"QueryDeviceIdentifiers"): no body.</summary>
public readonly record struct QueryDeviceIdentifiersRequest : IPldmMessage<QueryDeviceIdentifiersRequest>
{
    /// <summary>The body size.</summary>
    public const int Length = 0;

    /// <inheritdoc/>
    public static PldmType Type => PldmType.FirmwareUpdate;

    /// <inheritdoc/>
    public static byte Command => (byte)FirmwareUpdateCommand.QueryDeviceIdentifiers;

    /// <inheritdoc/>
    public static bool IsResponse => false;

    /// <inheritdoc/>
    public int EncodedLength => Length;

    /// <inheritdoc/>
    public static WireStatus TryRead(ReadOnlySpan<byte> source, out QueryDeviceIdentifiersRequest message, out int bytesConsumed)
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

/// <summary>
/// QueryDeviceIdentifiers response (DSP0267 1.3 §"QueryDeviceIdentifiers"): the FD's
/// descriptors, the first of them an initial descriptor type (DSP0267 "Descriptor identifier table").
/// </summary>
public readonly ref struct QueryDeviceIdentifiersResponse : IPldmMessage<QueryDeviceIdentifiersResponse>
{
    // +0 CompletionCode          u8
    // +1 DeviceIdentifiersLength u32 LE (bytes of the descriptors)
    // +5 DescriptorCount         u8 (≥ 1)
    // +6 Descriptors             DeviceIdentifiersLength bytes

    /// <summary>The fixed part of a successful body.</summary>
    public const int FixedLength = 6;

    private const int LengthOffset = 1;
    private const int CountOffset = 5;

    /// <summary>A response.</summary>
    public QueryDeviceIdentifiersResponse(PldmCompletionCode completionCode, DescriptorList descriptors)
    {
        CompletionCode = completionCode;
        Descriptors = descriptors;
    }

    /// <summary>The completion code.</summary>
    public PldmCompletionCode CompletionCode { get; }

    /// <summary>The descriptors.</summary>
    public DescriptorList Descriptors { get; }

    /// <inheritdoc/>
    public static PldmType Type => PldmType.FirmwareUpdate;

    /// <inheritdoc/>
    public static byte Command => (byte)FirmwareUpdateCommand.QueryDeviceIdentifiers;

    /// <inheritdoc/>
    public static bool IsResponse => true;

    /// <inheritdoc/>
    public int EncodedLength => CompletionCode == PldmCompletionCode.Success ? FixedLength + Descriptors.Bytes.Length : PldmBody.CompletionCodeLength;

    /// <summary>
    /// Reads the body. Invalid when the length field disagrees with the bytes, the count is 0,
    /// a descriptor is malformed, or the first is not an initial descriptor type.
    /// </summary>
    public static WireStatus TryRead(ReadOnlySpan<byte> source, out QueryDeviceIdentifiersResponse message, out int bytesConsumed)
    {
        message = default;
        bytesConsumed = 0;
        var status = PldmBody.ReadCompletionCode(source, out var code, out var errorOnly);
        if (status != WireStatus.Done)
        {
            return status;
        }

        if (errorOnly)
        {
            message = new QueryDeviceIdentifiersResponse(code, default);
            bytesConsumed = source.Length;
            return WireStatus.Done;
        }

        status = PldmBody.CheckAtLeast(source, FixedLength);
        if (status != WireStatus.Done)
        {
            return status;
        }

        var length = BinaryPrimitives.ReadUInt32LittleEndian(source[LengthOffset..]);
        int count = source[CountOffset];
        var rest = source[FixedLength..];
        if ((ulong)rest.Length < length)
        {
            return WireStatus.NeedMoreData;
        }

        if ((ulong)rest.Length > length || count == 0)
        {
            return WireStatus.Invalid;
        }

        status = DescriptorList.TryRead(rest, count, out var list, out var used);
        if (status != WireStatus.Done || used != rest.Length)
        {
            // The length field promised exactly these bytes: a short or long list is a length error.
            return WireStatus.Invalid;
        }

        if (!list.TryGetFirst(out var first) || !DescriptorTypes.IsInitialDescriptorType(first.Type))
        {
            return WireStatus.Invalid;
        }

        message = new QueryDeviceIdentifiersResponse(code, list);
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
        if (destination.Length < EncodedLength || Descriptors.Count is 0 or > byte.MaxValue)
        {
            return false;
        }

        destination[0] = (byte)CompletionCode;
        BinaryPrimitives.WriteUInt32LittleEndian(destination[LengthOffset..], (uint)Descriptors.Bytes.Length);
        destination[CountOffset] = (byte)Descriptors.Count;
        Descriptors.Bytes.CopyTo(destination[FixedLength..]);
        bytesWritten = EncodedLength;
        return true;
    }
}
