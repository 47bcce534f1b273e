using Rampart.Crypto;
using Rampart.Host.Trace;
using Rampart.Platform.Loading;
using Rampart.Protocols.Spdm;
using Rampart.Wire.Mctp;
using Rampart.Wire.Recovery;

namespace Rampart.Fuzz;

/// <summary>
/// The fuzz targets: each feeds arbitrary bytes to a decoder or engine that faces a peer. A
/// target "fails" only by throwing (or hanging); every other outcome is the decoder's business.
/// </summary>
internal static class FuzzTargets
{
    private static readonly Lazy<SpdmResponder> Responder = new(() =>
    {
        var crypto = new EngineSpdmCrypto(new SoftwareCryptoEngines(1));
        return new SpdmResponder(new FuzzSpdmDevice(), crypto);
    });

    /// <summary>Every target by name.</summary>
    public static IReadOnlyDictionary<string, Action<byte[]>> All { get; } = new Dictionary<string, Action<byte[]>>(StringComparer.Ordinal)
    {
        ["trace"] = Trace,
        ["mctp"] = Mctp,
        ["recovery"] = Recovery,
        ["spdm"] = Spdm,
        ["loader"] = Loader,
        ["pldm-fd"] = FuzzFirmwareDevice.Run,
        ["archive"] = Archive,
    };

    /// <summary>A runtime archive carrying the library "A", against which the archive target resolves the input as an app payload.</summary>
    private static readonly Lazy<Hal.CoreControl.FirmwareArchive> Carrier = new(() =>
    {
        Hal.CoreControl.FirmwareArchive.TryRead(Seeds.Carrier(), out var carrier);
        return carrier!;
    });

    /// <summary>
    /// A firmware-stage archive and a handoff table: what one stage reads of the bytes the last one
    /// left. As a carrier the input resolves each app payload it holds against itself, and as an app
    /// payload it is resolved against a fixed carrier (library references, decision 0272).
    /// </summary>
    private static void Archive(byte[] input)
    {
        if (Hal.CoreControl.FirmwareArchive.TryRead(input, out var archive))
        {
            foreach (var app in archive!.Apps)
            {
                _ = archive.ResolveLibraries(app.Bytes);
            }
        }

        _ = Carrier.Value.ResolveLibraries(input);
        Hal.Boot.HandoffTable.TryRead(input, out _);
    }

    /// <summary>A whole pcap file through the capture reader, MCTP reassembly and every message decoder.</summary>
    private static void Trace(byte[] input) => TraceDecoder.Decode(input);

    /// <summary>The input cut into packets (first byte of each = its length) through the bounded reassembler.</summary>
    private static void Mctp(byte[] input)
    {
        var reassembler = new MctpReassembler(4, 1024, 1000);
        var offset = 0;
        long now = 0;
        while (offset < input.Length)
        {
            var length = Math.Min(input[offset], input.Length - offset - 1);
            reassembler.Accept(input.AsSpan(offset + 1, length), now++, out _, out _);
            offset += length + 1;
        }
    }

    /// <summary>OCP recovery frames in all three directions.</summary>
    private static void Recovery(byte[] input)
    {
        RecoveryFrame.TryReadWrite(0x5A, input, out _, out _, out _);
        RecoveryFrame.TryReadReadRequest(0x5A, input, out _, out _);
        RecoveryFrame.TryReadReadResponse(0x5A, input, out _, out _);
    }

    /// <summary>The SPDM responder, in the clear and as secured records, one request per input.</summary>
    private static void Spdm(byte[] input)
    {
        var response = new byte[8192];
        Completed(Responder.Value.RespondAsync(input, response));
        Completed(Responder.Value.RespondSecuredAsync(input, response, SecuredTransportProfile.Mctp));
    }

    /// <summary>
    /// The result of a responder call that has already completed: the host crypto and the fuzz
    /// device complete synchronously, so the responder never suspends. A call that did is a
    /// finding, not something to wait for. A responder exception is rethrown here.
    /// </summary>
    private static int Completed(ValueTask<int> call) =>
        call.IsCompleted
            ? call.GetAwaiter().GetResult()
            : throw new InvalidOperationException("the SPDM responder suspended although its crypto and device complete synchronously");

    /// <summary>An app image (bytes a board hands the kernel) through the code loader's load-time check.</summary>
    private static void Loader(byte[] input) => AppCodeLoader.Check(input);
}
