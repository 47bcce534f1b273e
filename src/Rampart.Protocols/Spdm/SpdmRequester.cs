using System.Security.Cryptography;
using Rampart.Wire;
using Rampart.Wire.Spdm;

namespace Rampart.Protocols.Spdm;

/// <summary>
/// The SPDM 1.2/1.3 requester (DSP0274): connection set-up, authentication, measurements and
/// sessions, with every response checked and every signature verified. Bad responses become a
/// <see cref="SpdmOutcome"/>, never an exception.
/// </summary>
public sealed partial class SpdmRequester
{
    private const int MaxMessage = 4096 + 64;
    private readonly ISpdmRequesterTransport _transport;
    private readonly ISpdmCrypto _crypto;
    private readonly SpdmTranscript _a = new(1024);
    private readonly SpdmTranscript _m = new(64 * 1024);
    private readonly SpdmTranscript _l = new(64 * 1024);
    private readonly byte[] _request = new byte[MaxMessage];
    private readonly byte[] _response = new byte[MaxMessage];

    /// <summary>Creates a requester over <paramref name="transport"/>.</summary>
    public SpdmRequester(ISpdmRequesterTransport transport, ISpdmCrypto crypto)
    {
        _transport = transport ?? throw new ArgumentNullException(nameof(transport));
        _crypto = crypto ?? throw new ArgumentNullException(nameof(crypto));
    }

    /// <summary>Versions the requester offers, highest preferred.</summary>
    public IReadOnlyList<byte> SupportedVersions { get; init; } = [SpdmVersion.V12, SpdmVersion.V13];

    /// <summary>Capabilities the requester advertises.</summary>
    public SpdmCapabilityFlags Flags { get; init; } =
        SpdmCapabilityFlags.Cert | SpdmCapabilityFlags.Chal | SpdmCapabilityFlags.Encrypt | SpdmCapabilityFlags.Mac |
        SpdmCapabilityFlags.KeyEx | SpdmCapabilityFlags.Psk | SpdmCapabilityFlags.Hbeat | SpdmCapabilityFlags.KeyUpd;

    /// <summary>
    /// What the requester answers mutual authentication with; with one, GET_CAPABILITIES also
    /// advertises MUT_AUTH_CAP. Null (the default): a responder that asks is refused.
    /// </summary>
    public SpdmRequesterIdentity? Identity { get; init; }

    /// <summary>Told of each round trip to the responder (none by default).</summary>
    public ISpdmRoundTripObserver? RoundTrips { get; init; }

    /// <summary>The negotiated version.</summary>
    public byte Version { get; private set; }

    /// <summary>The responder's capabilities.</summary>
    public SpdmCapabilityFlags PeerFlags { get; private set; }

    /// <summary>The measurement hash algorithm the responder selected (None without measurements).</summary>
    public SpdmMeasurementHashAlgo MeasurementHash { get; private set; }

    /// <summary>The responder's DataTransferSize.</summary>
    public uint PeerDataTransferSize { get; private set; }

    private SpdmSizes Sizes => SpdmSizes.P384(Version);

    /// <summary>GET_VERSION, GET_CAPABILITIES, NEGOTIATE_ALGORITHMS (VCA).</summary>
    public async ValueTask<SpdmOutcome> InitConnectionAsync(CancellationToken cancellationToken = default)
    {
        _a.Reset();
        _m.Reset();
        _l.Reset();
        GetVersion.TryWriteRequest(_request, out var n);
        var (outcome, length) = await ExchangeAsync(n, SpdmCode.Version, cancellationToken);
        if (!outcome.IsOk)
        {
            return outcome;
        }

        if (GetVersion.TryReadResponse(_response.AsSpan(0, length), out var entries) != WireStatus.Done)
        {
            return Malformed("VERSION");
        }

        var supported = SupportedVersions.ToArray();
        Version = GetVersion.HighestCommon(entries, supported);
        if (Version == 0)
        {
            return new SpdmOutcome(SpdmRequestStatus.Unsupported, "no common SPDM version");
        }

        // Transports may pad (PCIe DOE pads to a DWORD): the transcript takes the message's own length.
        _a.Append(_request.AsSpan(0, n));
        _a.Append(_response.AsSpan(0, GetVersion.ResponseFixedSize + entries.Length));

        var flags = Identity is null ? Flags : Flags | SpdmCapabilityFlags.MutAuth;
        var caps = new GetCapabilities(Version, 12, flags, MaxMessage - 64, MaxMessage - 64);
        caps.TryWrite(_request, SpdmCode.GetCapabilities, out n);
        (outcome, length) = await ExchangeAsync(n, SpdmCode.Capabilities, cancellationToken);
        if (!outcome.IsOk)
        {
            return outcome;
        }

        if (GetCapabilities.TryRead(_response.AsSpan(0, length), SpdmCode.Capabilities, out var peer, out var capsLength) != WireStatus.Done || peer.Version != Version)
        {
            return Malformed("CAPABILITIES");
        }

        PeerFlags = peer.Flags;
        PeerDataTransferSize = peer.DataTransferSize;
        _a.Append(_request.AsSpan(0, n));
        _a.Append(_response.AsSpan(0, capsLength));

        var offer = new NegotiateAlgorithms
        {
            Version = Version,
            MeasurementSpecification = SpdmMeasurementSpecification.Dmtf,
            OtherParams = 0x02,
            BaseAsym = SpdmBaseAsymAlgo.EcdsaP384,
            BaseHash = SpdmBaseHashAlgo.Sha384,
            Dhe = SpdmDheGroup.Secp384r1,
            Aead = SpdmAeadSuite.Aes256Gcm,
            ReqBaseAsym = SpdmBaseAsymAlgo.EcdsaP384,
            KeySchedule = SpdmKeyScheduleAlgo.Spdm,
        };
        offer.TryWrite(_request, response: false, out n);
        (outcome, length) = await ExchangeAsync(n, SpdmCode.Algorithms, cancellationToken);
        if (!outcome.IsOk)
        {
            return outcome;
        }

        if (NegotiateAlgorithms.TryRead(_response.AsSpan(0, length), response: true, out var selected) != WireStatus.Done)
        {
            return Malformed("ALGORITHMS");
        }

        if (selected.BaseAsym != SpdmBaseAsymAlgo.EcdsaP384 || selected.BaseHash != SpdmBaseHashAlgo.Sha384)
        {
            return new SpdmOutcome(SpdmRequestStatus.Unsupported, $"responder selected {selected.BaseAsym}/{selected.BaseHash}");
        }

        // The responder alone picks MeasurementHashAlgo (the request has no such field), so any
        // one algorithm is taken: measurement digests are compared, never recomputed, here.
        var measurementHash = (uint)selected.MeasurementHash;
        if ((measurementHash & (measurementHash - 1)) != 0)
        {
            return Malformed($"ALGORITHMS: MeasurementHashAlgo 0x{measurementHash:X} selects more than one algorithm");
        }

        MeasurementHash = selected.MeasurementHash;

        _a.Append(_request.AsSpan(0, n));
        _a.Append(_response.AsSpan(0, selected.Length));
        return SpdmOutcome.Success;
    }

    /// <summary>Sends <c>_request[..length]</c> in the clear and checks the response code.</summary>
    private async ValueTask<(SpdmOutcome Outcome, int Length)> ExchangeAsync(int length, SpdmCode expected, CancellationToken cancellationToken)
    {
        var begin = RoundTrips?.Begin() ?? 0;
        var received = await _transport.SendReceiveAsync(_request.AsMemory(0, length), _response, secured: false, cancellationToken);
        RoundTrips?.End(_request[1], begin);
        return (CheckResponse(_response.AsSpan(0, received), expected), received);
    }

    private static SpdmOutcome CheckResponse(ReadOnlySpan<byte> response, SpdmCode expected)
    {
        if (response.IsEmpty)
        {
            return new SpdmOutcome(SpdmRequestStatus.NoResponse, $"no answer to the request for {SpdmCodes.Name((byte)expected)}");
        }

        if (SpdmHeader.TryRead(response, out var header) != WireStatus.Done)
        {
            return Malformed(SpdmCodes.Name((byte)expected) ?? "response");
        }

        if (header.RequestResponseCode == SpdmCode.Error)
        {
            var code = (SpdmErrorCode)header.Param1;
            return new SpdmOutcome(SpdmRequestStatus.PeerError, $"responder answered ERROR {code} (0x{header.Param1:X2}) instead of {SpdmCodes.Name((byte)expected)}", code);
        }

        return header.RequestResponseCode == expected
            ? SpdmOutcome.Success
            : Malformed($"{SpdmCodes.Name((byte)expected)}: got code 0x{header.Code:X2}");
    }

    private static SpdmOutcome Malformed(string what) => new(SpdmRequestStatus.Malformed, $"malformed {what}");

    private static SpdmOutcome Failed(string what) => new(SpdmRequestStatus.VerificationFailed, what);

    private static bool SameBytes(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b) => CryptographicOperations.FixedTimeEquals(a, b);
}
