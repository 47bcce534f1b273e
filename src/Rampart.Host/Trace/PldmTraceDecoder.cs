using System.Collections;
using System.Globalization;
using System.Reflection;
using Rampart.Wire;
using Rampart.Wire.Pldm;
using Rampart.Wire.Pldm.Base;

namespace Rampart.Host.Trace;

/// <summary>
/// Names and fields of PLDM messages (DSP0240 header; DSP0240 type 0 and DSP0267 type 5 bodies)
/// for <see cref="TraceDecoder"/>. Body decoders are every <see cref="IPldmMessage{TSelf}"/> in
/// Rampart.Wire, found once by reflection (this is host tooling, not firmware); fields of
/// record-struct messages are their public properties.
/// </summary>
internal static class PldmTraceDecoder
{
    private static readonly Dictionary<(PldmType Type, byte Command, bool IsResponse), BodyDecoder> Decoders = BuildDecoders();

    private delegate WireStatus BodyDecoder(ReadOnlySpan<byte> body, List<TraceField> fields, out int used);

    /// <summary>How many PLDM body decoders were found.</summary>
    public static int DecoderCount => Decoders.Count;

    public static (string Name, string? Error) Decode(ReadOnlySpan<byte> message, List<TraceField> fields)
    {
        var status = PldmHeader.TryRead(message, out var header, out var consumed);
        if (status != WireStatus.Done)
        {
            return ("PLDM", status switch
            {
                WireStatus.NeedMoreData => $"PLDM header truncated: {message.Length} of {PldmHeader.Length} bytes",
                WireStatus.Unsupported => "PLDM header version is not 0",
                _ => "PLDM header reserved bit set",
            });
        }

        var name = PldmMessageNames.CommandName(header.Type, header.Command) + (header.IsRequest ? " request" : " response");
        fields.Add(new TraceField("instance", header.InstanceId.ToString(CultureInfo.InvariantCulture)));
        fields.Add(new TraceField("PLDM type", PldmMessageNames.TypeName(header.Type)));
        var body = message[consumed..];
        if (!header.IsRequest && !body.IsEmpty)
        {
            fields.Add(new TraceField("completion code", PldmCompletionCodes.Name(header.Type, header.Command, (PldmCompletionCode)body[0])));
        }

        if (PldmSpanFields.TryDecode(header.Type, header.Command, !header.IsRequest, body, fields, out var spanStatus, out var spanUsed))
        {
            return (name, Verdict(spanStatus, spanUsed, body.Length));
        }

        if (!Decoders.TryGetValue((header.Type, header.Command, !header.IsRequest), out var decoder))
        {
            if (!body.IsEmpty)
            {
                fields.Add(new TraceField("data", TraceFormat.Hex(body)));
            }

            return (name, !header.IsRequest && body.IsEmpty ? "response has no completion code" : null);
        }

        var bodyStatus = decoder(body, fields, out var used);
        return (name, Verdict(bodyStatus, used, body.Length));
    }

    /// <summary>True when every PLDM message with a codec shows its fields (none falls back to hex).</summary>
    internal static bool ShowsFields(PldmType type, byte command, bool isResponse) =>
        PldmSpanFields.Keys.Contains((type, command, isResponse))
        || (Decoders.TryGetValue((type, command, isResponse), out var decoder) && decoder.Method.Name == nameof(DecodeWithFields));

    private static string? Verdict(WireStatus status, int used, int length) => status switch
    {
        WireStatus.Done when used != length => $"{length - used} unexpected trailing byte(s) at body offset {used}",
        WireStatus.Done => null,
        WireStatus.NeedMoreData => $"body truncated ({length} bytes)",
        WireStatus.Unsupported => "body uses an unsupported value",
        _ => "body is invalid (wrong length or a reserved value)",
    };

    private static Dictionary<(PldmType, byte, bool), BodyDecoder> BuildDecoders()
    {
        var decoders = new Dictionary<(PldmType, byte, bool), BodyDecoder>();
        var self = typeof(PldmTraceDecoder);
        var keyOf = self.GetMethod(nameof(KeyOf), BindingFlags.NonPublic | BindingFlags.Static)!;
        var withFields = self.GetMethod(nameof(DecodeWithFields), BindingFlags.NonPublic | BindingFlags.Static)!;
        var statusOnly = self.GetMethod(nameof(DecodeStatusOnly), BindingFlags.NonPublic | BindingFlags.Static)!;
        foreach (var type in typeof(PldmHeader).Assembly.GetExportedTypes().OrderBy(t => t.FullName, StringComparer.Ordinal))
        {
            var implements = type.GetInterfaces().Any(i => i.IsGenericType
                && i.GetGenericTypeDefinition() == typeof(IPldmMessage<>)
                && i.GenericTypeArguments[0] == type);
            if (!implements || type.IsGenericTypeDefinition)
            {
                continue;
            }

            try
            {
                var key = ((PldmType, byte, bool))keyOf.MakeGenericMethod(type).Invoke(null, null)!;
                var method = (type.IsByRefLike ? statusOnly : withFields).MakeGenericMethod(type);
                decoders.TryAdd(key, method.CreateDelegate<BodyDecoder>());
            }
            catch (ArgumentException)
            {
                // A message type the generic helpers cannot take: its name still decodes, its body shows as hex.
            }
            catch (NotSupportedException)
            {
                // As above, on a runtime that cannot instantiate over a ref struct.
            }
        }

        return decoders;
    }

    private static (PldmType, byte, bool) KeyOf<T>()
        where T : IPldmMessage<T>, allows ref struct => (T.Type, T.Command, T.IsResponse);

    private static WireStatus DecodeWithFields<T>(ReadOnlySpan<byte> body, List<TraceField> fields, out int used)
        where T : IPldmMessage<T>
    {
        var status = T.TryRead(body, out var message, out used);
        if (status == WireStatus.Done && message is not null)
        {
            foreach (var property in typeof(T).GetProperties(BindingFlags.Public | BindingFlags.Instance))
            {
                if (property.GetIndexParameters().Length != 0 || property.Name is nameof(IPldmMessage<T>.EncodedLength) or "CompletionCode")
                {
                    continue;
                }

                fields.Add(new TraceField(property.Name, Render(property.GetValue(message))));
            }
        }

        return status;
    }

    private static WireStatus DecodeStatusOnly<T>(ReadOnlySpan<byte> body, List<TraceField> fields, out int used)
        where T : IPldmMessage<T>, allows ref struct
    {
        var status = T.TryRead(body, out _, out used);
        if (status == WireStatus.Done && body.Length > 1)
        {
            fields.Add(new TraceField("data", TraceFormat.Hex(T.IsResponse ? body[1..] : body)));
        }

        return status;
    }

    private static string Render(object? value) => value switch
    {
        null => "-",
        string s => $"\"{s}\"",
        bool b => b ? "yes" : "no",
        Enum e => e.ToString(),
        byte[] bytes => TraceFormat.Hex(bytes),
        ReadOnlyMemory<byte> memory => TraceFormat.Hex(memory.Span),
        Memory<byte> memory => TraceFormat.Hex(memory.Span),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        IEnumerable items => "[" + string.Join(", ", items.Cast<object?>().Take(8).Select(Render)) + "]",
        _ => value.ToString() ?? "-",
    };
}
