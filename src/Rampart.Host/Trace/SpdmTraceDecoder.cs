using System.Buffers.Binary;
using System.Globalization;
using Rampart.Wire;
using Rampart.Wire.Spdm;

namespace Rampart.Host.Trace;

/// <summary>
/// Names of SPDM messages (DSP0274 §10: version, request/response code, param1, param2) and the
/// record header of secured messages (DSP0277 §6: session ID, sequence number, length) for
/// <see cref="TraceDecoder"/>, with the fields of the messages whose layout does not depend on
/// negotiated sizes decoded by the Wire/Spdm codecs (a malformed one is flagged with the reason);
/// the others decode through <see cref="SpdmSizedTraceDecoder"/> once their connection's
/// ALGORITHMS response is in the capture.
/// </summary>
internal static class SpdmTraceDecoder
{
    /// <summary>SPDM header: version, code, param1, param2.</summary>
    public const int HeaderSize = 4;

    /// <summary>
    /// Decodes one SPDM message. With the <paramref name="session"/> of its connection, the
    /// messages whose layout needs negotiated sizes decode too once ALGORITHMS was seen.
    /// </summary>
    public static (string Name, string? Error) Decode(ReadOnlySpan<byte> spdm, List<TraceField> fields, SpdmTraceSession? session = null)
    {
        if (spdm.Length < HeaderSize)
        {
            return ("SPDM", $"SPDM header truncated: {spdm.Length} of {HeaderSize} bytes");
        }

        var code = spdm[1];
        var name = SpdmCodes.Name(code) ?? $"SPDM code 0x{code:X2}";
        fields.Add(new TraceField("version", $"{spdm[0] >> 4}.{spdm[0] & 0x0F}"));
        fields.Add(new TraceField("kind", SpdmCodes.IsRequest(code) ? "request" : "response"));
        fields.Add(new TraceField("param1", $"0x{spdm[2]:X2}"));
        fields.Add(new TraceField("param2", $"0x{spdm[3]:X2}"));
        if (session is not null)
        {
            SpdmSizedTraceDecoder.Observe(spdm, (SpdmCode)code, session);
        }

        var status = session?.Sizes is { } sizes && SpdmSizedTraceDecoder.NeedsSizes((SpdmCode)code)
            ? SpdmSizedTraceDecoder.Decode(spdm, (SpdmCode)code, session, sizes, fields)
            : DecodeBody(spdm, (SpdmCode)code, fields);
        if (status == WireStatus.Done && spdm.Length > HeaderSize && fields.Count == 4)
        {
            fields.Add(new TraceField("payload", TraceFormat.Hex(spdm[HeaderSize..])));
        }

        if (SpdmCodes.Name(code) is null)
        {
            return (name, $"unknown SPDM request/response code 0x{code:X2}");
        }

        return (name, status == WireStatus.Done ? null : $"malformed {name}: {status}");
    }

    /// <summary>Adds the fields of messages whose layout needs no negotiated sizes.</summary>
    private static WireStatus DecodeBody(ReadOnlySpan<byte> spdm, SpdmCode code, List<TraceField> fields)
    {
        switch (code)
        {
            case SpdmCode.Version:
            {
                var status = GetVersion.TryReadResponse(spdm, out var entries);
                if (status == WireStatus.Done)
                {
                    var versions = new List<string>();
                    for (var i = 0; i + 1 < entries.Length; i += 2)
                    {
                        versions.Add($"{entries[i + 1] >> 4}.{entries[i + 1] & 0xF}");
                    }

                    fields.Add(new TraceField("versions", string.Join(", ", versions)));
                }

                return status;
            }

            case SpdmCode.GetCapabilities or SpdmCode.Capabilities:
            {
                var status = GetCapabilities.TryRead(spdm, code, out var caps, out _);
                if (status == WireStatus.Done)
                {
                    fields.Add(new TraceField("CTExponent", caps.CtExponent.ToString(CultureInfo.InvariantCulture)));
                    fields.Add(new TraceField("flags", caps.Flags.ToString()));
                    fields.Add(new TraceField("DataTransferSize", caps.DataTransferSize.ToString(CultureInfo.InvariantCulture)));
                    fields.Add(new TraceField("MaxSPDMmsgSize", caps.MaxSpdmMessageSize.ToString(CultureInfo.InvariantCulture)));
                }

                return status;
            }

            case SpdmCode.NegotiateAlgorithms or SpdmCode.Algorithms:
            {
                var status = NegotiateAlgorithms.TryRead(spdm, code == SpdmCode.Algorithms, out var algorithms);
                if (status == WireStatus.Done)
                {
                    fields.Add(new TraceField("BaseAsym", algorithms.BaseAsym.ToString()));
                    fields.Add(new TraceField("BaseHash", algorithms.BaseHash.ToString()));
                    fields.Add(new TraceField("DHE", algorithms.Dhe.ToString()));
                    fields.Add(new TraceField("AEAD", algorithms.Aead.ToString()));
                    if (code == SpdmCode.Algorithms)
                    {
                        fields.Add(new TraceField("MeasurementHash", algorithms.MeasurementHash.ToString()));
                    }
                }

                return status;
            }

            case SpdmCode.GetCertificate:
            {
                var status = GetCertificate.TryReadRequest(spdm, out var get);
                if (status == WireStatus.Done)
                {
                    fields.Add(new TraceField("slot", get.SlotId.ToString(CultureInfo.InvariantCulture)));
                    fields.Add(new TraceField("offset", get.Offset.ToString(CultureInfo.InvariantCulture)));
                    fields.Add(new TraceField("length", get.Length.ToString(CultureInfo.InvariantCulture)));
                }

                return status;
            }

            case SpdmCode.Certificate:
            {
                var status = GetCertificate.TryReadResponse(spdm, out var slot, out var portion, out var remainder, out _);
                if (status == WireStatus.Done)
                {
                    fields.Add(new TraceField("slot", slot.ToString(CultureInfo.InvariantCulture)));
                    fields.Add(new TraceField("portion", portion.Length.ToString(CultureInfo.InvariantCulture)));
                    fields.Add(new TraceField("remainder", remainder.ToString(CultureInfo.InvariantCulture)));
                }

                return status;
            }

            case SpdmCode.GetMeasurements:
            {
                var status = GetMeasurements.TryRead(spdm, out var get);
                if (status == WireStatus.Done)
                {
                    fields.Add(new TraceField("signature requested", get.SignatureRequested ? "yes" : "no"));
                    fields.Add(new TraceField("operation", get.Operation switch { 0 => "count", 0xFF => "all", var i => $"index {i}" }));
                }

                return status;
            }

            case SpdmCode.Error:
            {
                var status = ErrorResponse.TryRead(spdm, out var error);
                if (status == WireStatus.Done)
                {
                    fields.Add(new TraceField("error", Enum.IsDefined(error.Code) ? error.Code.ToString() : $"0x{error.ErrorCode:X2}"));
                    fields.Add(new TraceField("error data", $"0x{error.ErrorData:X2}"));
                }

                return status;
            }

            case SpdmCode.VendorDefinedRequest or SpdmCode.VendorDefinedResponse:
            {
                var status = VendorDefined.TryRead(spdm, code == SpdmCode.VendorDefinedResponse, out var vdm);
                if (status == WireStatus.Done)
                {
                    fields.Add(new TraceField("standard", vdm.StandardId.ToString(CultureInfo.InvariantCulture)));
                    fields.Add(new TraceField("vendor", TraceFormat.Hex(vdm.VendorId)));
                    fields.Add(new TraceField("payload", TraceFormat.Hex(vdm.Payload)));
                }

                return status;
            }

            default:
                return WireStatus.Done;
        }
    }

    /// <summary>A secured message record; <paramref name="sequenceBytes"/> is 2 over MCTP and 0 over DOE.</summary>
    public static (string Name, string? Error) DecodeSecured(ReadOnlySpan<byte> record, int sequenceBytes, List<TraceField> fields)
    {
        var header = 4 + sequenceBytes + 2;
        if (record.Length < header)
        {
            return ("Secured SPDM", $"secured message header truncated: {record.Length} of {header} bytes");
        }

        fields.Add(new TraceField("session ID", $"0x{BinaryPrimitives.ReadUInt32LittleEndian(record):X8}"));
        if (sequenceBytes == 2)
        {
            fields.Add(new TraceField("sequence", BinaryPrimitives.ReadUInt16LittleEndian(record[4..]).ToString(CultureInfo.InvariantCulture)));
        }

        var length = BinaryPrimitives.ReadUInt16LittleEndian(record[(4 + sequenceBytes)..]);
        fields.Add(new TraceField("length", length.ToString(CultureInfo.InvariantCulture)));
        var rest = record.Length - header;
        return ("Secured message", length > rest ? $"length {length} exceeds the {rest} bytes that follow" : null);
    }
}
