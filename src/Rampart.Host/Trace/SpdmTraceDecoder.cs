using System.Buffers.Binary;
using System.Globalization;
using Rampart.Wire.Spdm;

namespace Rampart.Host.Trace;

/// <summary>
/// Names of SPDM messages (DSP0274 §10: version, request/response code, param1, param2) and the
/// record header of secured messages (DSP0277 §6: session ID, sequence number, length) for
/// <see cref="TraceDecoder"/>. The full SPDM codecs come with the SPDM work.
/// </summary>
internal static class SpdmTraceDecoder
{
    /// <summary>SPDM header: version, code, param1, param2.</summary>
    public const int HeaderSize = 4;

    public static (string Name, string? Error) Decode(ReadOnlySpan<byte> spdm, List<TraceField> fields)
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
        if (spdm.Length > HeaderSize)
        {
            fields.Add(new TraceField("payload", TraceFormat.Hex(spdm[HeaderSize..])));
        }

        return (name, SpdmCodes.Name(code) is null ? $"unknown SPDM request/response code 0x{code:X2}" : null);
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
