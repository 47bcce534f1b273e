using System.Buffers.Binary;

namespace Rampart.Wire.Pldm.Base;

/// <summary>GetPLDMVersion request (DSP0240 1.1 §8.3, Table 12).</summary>
/// <param name="DataTransferHandle">0 for the first part, else the NextDataTransferHandle received.</param>
/// <param name="TransferOperationFlag">GetFirstPart or GetNextPart.</param>
/// <param name="PldmType">The PLDM type whose versions are asked for.</param>
public readonly record struct GetPldmVersionRequest(uint DataTransferHandle, TransferOperationFlag TransferOperationFlag, PldmType PldmType)
    : IPldmMessage<GetPldmVersionRequest>
{
    // +0 DataTransferHandle    u32 LE
    // +4 TransferOperationFlag u8
    // +5 PLDMType              u8

    /// <summary>The body size.</summary>
    public const int Length = 6;

    private const int HandleOffset = 0;
    private const int FlagOffset = 4;
    private const int TypeOffset = 5;

    /// <inheritdoc/>
    public static PldmType Type => PldmType.Base;

    /// <inheritdoc/>
    public static byte Command => (byte)BaseCommand.GetPldmVersion;

    /// <inheritdoc/>
    public static bool IsResponse => false;

    /// <inheritdoc/>
    public int EncodedLength => Length;

    /// <inheritdoc/>
    public static WireStatus TryRead(ReadOnlySpan<byte> source, out GetPldmVersionRequest message, out int bytesConsumed)
    {
        message = default;
        bytesConsumed = 0;
        var status = PldmBody.CheckExact(source, Length);
        if (status != WireStatus.Done)
        {
            return status;
        }

        var flag = (TransferOperationFlag)source[FlagOffset];
        if (!TransferFlags.IsDefined(flag) || source[TypeOffset] > PldmHeader.MaxType)
        {
            return WireStatus.Invalid;
        }

        message = new GetPldmVersionRequest(
            BinaryPrimitives.ReadUInt32LittleEndian(source[HandleOffset..]), flag, (PldmType)source[TypeOffset]);
        bytesConsumed = Length;
        return WireStatus.Done;
    }

    /// <inheritdoc/>
    public bool TryWrite(Span<byte> destination, out int bytesWritten)
    {
        bytesWritten = 0;
        if (destination.Length < Length)
        {
            return false;
        }

        BinaryPrimitives.WriteUInt32LittleEndian(destination[HandleOffset..], DataTransferHandle);
        destination[FlagOffset] = (byte)TransferOperationFlag;
        destination[TypeOffset] = (byte)PldmType;
        bytesWritten = Length;
        return true;
    }
}

/// <summary>
/// GetPLDMVersion response (DSP0240 1.1 §8.3, Table 12). The portion is a slice of the caller's
/// buffer; once all parts are joined, <see cref="PldmVersionData"/> reads it (a single
/// StartAndEnd part can be read directly with <see cref="TryGetVersionData"/>).
/// </summary>
public readonly ref struct GetPldmVersionResponse : IPldmMessage<GetPldmVersionResponse>
{
    // +0 CompletionCode          u8
    // +1 NextDataTransferHandle  u32 LE
    // +5 TransferFlag            u8
    // +6 PortionOfVersionData    (rest of the message, at least 1 byte)

    /// <summary>The fixed part of a successful body.</summary>
    public const int FixedLength = 6;

    private const int HandleOffset = 1;
    private const int FlagOffset = 5;

    /// <summary>A response.</summary>
    public GetPldmVersionResponse(PldmCompletionCode completionCode, uint nextDataTransferHandle, TransferFlag transferFlag, ReadOnlySpan<byte> portion)
    {
        CompletionCode = completionCode;
        NextDataTransferHandle = nextDataTransferHandle;
        TransferFlag = transferFlag;
        Portion = portion;
    }

    /// <summary>The completion code.</summary>
    public PldmCompletionCode CompletionCode { get; }

    /// <summary>The handle for the next part.</summary>
    public uint NextDataTransferHandle { get; }

    /// <summary>Which part this is.</summary>
    public TransferFlag TransferFlag { get; }

    /// <summary>This part of the version data.</summary>
    public ReadOnlySpan<byte> Portion { get; }

    /// <inheritdoc/>
    public static PldmType Type => PldmType.Base;

    /// <inheritdoc/>
    public static byte Command => (byte)BaseCommand.GetPldmVersion;

    /// <inheritdoc/>
    public static bool IsResponse => true;

    /// <inheritdoc/>
    public int EncodedLength => CompletionCode == PldmCompletionCode.Success ? FixedLength + Portion.Length : PldmBody.CompletionCodeLength;

    /// <summary>An error response.</summary>
    public static GetPldmVersionResponse Error(PldmCompletionCode completionCode) => new(completionCode, 0, default, default);

    /// <summary>Reads the version data when this response is the only part (StartAndEnd).</summary>
    public WireStatus TryGetVersionData(out PldmVersionData data)
    {
        data = default;
        if (CompletionCode != PldmCompletionCode.Success || TransferFlag != TransferFlag.StartAndEnd)
        {
            return WireStatus.Unsupported;
        }

        return PldmVersionData.TryRead(Portion, out data);
    }

    /// <inheritdoc/>
    public static WireStatus TryRead(ReadOnlySpan<byte> source, out GetPldmVersionResponse message, out int bytesConsumed)
    {
        message = default;
        bytesConsumed = 0;
        var status = PldmBody.ReadCompletionCode(source, out var code, out var errorOnly);
        if (status != WireStatus.Done)
        {
            return status;
        }

        if (!errorOnly)
        {
            status = PldmBody.CheckAtLeast(source, FixedLength + 1);
            if (status != WireStatus.Done)
            {
                return status;
            }

            var flag = (TransferFlag)source[FlagOffset];
            if (!TransferFlags.IsDefined(flag))
            {
                return WireStatus.Invalid;
            }

            message = new GetPldmVersionResponse(code, BinaryPrimitives.ReadUInt32LittleEndian(source[HandleOffset..]), flag, source[FixedLength..]);
        }
        else
        {
            message = Error(code);
        }

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
        if (destination.Length < EncodedLength || Portion.IsEmpty)
        {
            // A successful response carries at least one byte of version data (DSP0240 Table 12).
            return false;
        }

        destination[0] = (byte)CompletionCode;
        BinaryPrimitives.WriteUInt32LittleEndian(destination[HandleOffset..], NextDataTransferHandle);
        destination[FlagOffset] = (byte)TransferFlag;
        Portion.CopyTo(destination[FixedLength..]);
        bytesWritten = EncodedLength;
        return true;
    }
}
