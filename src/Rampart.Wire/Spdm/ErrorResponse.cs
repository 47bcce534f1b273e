namespace Rampart.Wire.Spdm;

/// <summary>ERROR (0x7F), DSP0274 §10.10, Tables 57–61.</summary>
/// <remarks>
/// <code>
/// header (Param1: ErrorCode, Param2: ErrorData) | ExtendedErrorData (0..32)
/// ResponseNotReady extended data: RDExponent (1) | RequestCode (1) | Token (1) | RDTM (1)
/// LargeResponse extended data:    Handle (1)
/// VendorDefined extended data:    Len (1) | VendorID [Len] | opaque
/// </code>
/// An ERROR to an unsupported request carries the request code in ErrorData.
/// </remarks>
public readonly ref struct ErrorResponse
{
    /// <summary>Largest extended error data (DSP0274 Table 57).</summary>
    public const int MaxExtendedDataSize = 32;

    /// <summary>Version.</summary>
    public byte Version { get; init; }

    /// <summary>The error code byte (possibly not a defined <see cref="SpdmErrorCode"/>).</summary>
    public byte ErrorCode { get; init; }

    /// <summary>ErrorData.</summary>
    public byte ErrorData { get; init; }

    /// <summary>ExtendedErrorData.</summary>
    public ReadOnlySpan<byte> ExtendedData { get; init; }

    /// <summary>The code as an enum.</summary>
    public SpdmErrorCode Code => (SpdmErrorCode)ErrorCode;

    /// <summary>Reads ERROR; more than 32 bytes of extended data is Invalid; ResponseNotReady needs its 4 bytes.</summary>
    public static WireStatus TryRead(ReadOnlySpan<byte> message, out ErrorResponse value)
    {
        value = default;
        var status = SpdmMessage.ReadHeader(message, SpdmCode.Error, out var header);
        if (status != WireStatus.Done)
        {
            return status;
        }

        var extended = message[SpdmHeader.Size..];
        if (extended.Length > MaxExtendedDataSize)
        {
            return WireStatus.Invalid;
        }

        if (header.Param1 == (byte)SpdmErrorCode.ResponseNotReady && extended.Length < 4)
        {
            return WireStatus.NeedMoreData;
        }

        if (header.Param1 == (byte)SpdmErrorCode.LargeResponse && extended.Length < 1)
        {
            return WireStatus.NeedMoreData;
        }

        value = new ErrorResponse { Version = header.Version, ErrorCode = header.Param1, ErrorData = header.Param2, ExtendedData = extended };
        return WireStatus.Done;
    }

    /// <summary>Writes an ERROR.</summary>
    public static bool TryWrite(Span<byte> destination, byte version, SpdmErrorCode code, byte errorData, ReadOnlySpan<byte> extendedData, out int written)
    {
        if (extendedData.Length > MaxExtendedDataSize)
        {
            written = 0;
            return false;
        }

        var writer = new WireWriter(destination);
        SpdmMessage.WriteHeader(ref writer, version, SpdmCode.Error, (byte)code, errorData);
        writer.TryWriteBytes(extendedData);
        return SpdmMessage.Finish(writer, out written);
    }

    /// <summary>Writes ERROR(ResponseNotReady) with its extended data.</summary>
    public static bool TryWriteResponseNotReady(Span<byte> destination, byte version, byte rdExponent, byte requestCode, byte token, byte rdtm, out int written)
    {
        ReadOnlySpan<byte> data = [rdExponent, requestCode, token, rdtm];
        return TryWrite(destination, version, SpdmErrorCode.ResponseNotReady, 0, data, out written);
    }
}
