using System.Diagnostics.CodeAnalysis;
using Rampart.Wire;
using Rampart.Wire.Spdm;

namespace Rampart.Protocols.Spdm;

/// <summary>
/// The SPDM 1.2/1.3 responder state machine (DSP0274). Every request gets a response: the
/// answer, or the ERROR the spec requires. Nothing a requester sends throws out of here.
/// Algorithms: ECDSA P-384, SHA-384, secp384r1, AES-256-GCM; anything else is refused.
/// Asynchronous because every signature and crypto operation may be a mailbox round trip;
/// it serves one request at a time, so calls must not overlap.
/// </summary>
public sealed partial class SpdmResponder
{
    private const int TranscriptCapacity = 64 * 1024;
    private readonly ISpdmResponderDevice _device;
    private readonly ISpdmCrypto _crypto;
    private readonly SpdmResponderOptions _options;
    private readonly SpdmTranscript _a = new(1024);
    private readonly SpdmTranscript _m = new(TranscriptCapacity);
    private readonly SpdmTranscript _l = new(TranscriptCapacity);
    private readonly Dictionary<uint, SpdmSession> _sessions = [];
    private ConnectionState _state;
    private byte _version;
    private SpdmCapabilityFlags _peerFlags;
    private bool _measurementsNegotiated;
    private ushort _nextSessionId = 0xFFFF;

    // Buffers for one secured request/response, owned by the responder (it serves one request at a time).
    private readonly byte[] _securedPlain = new byte[SpdmSession.MaxRecordPlaintext];
    private readonly byte[] _securedInner = new byte[SpdmSession.MaxRecordPlaintext];

    // What must happen once the current response is protected and on its way (FINISH_RSP and
    // PSK_FINISH_RSP: derive the data keys; END_SESSION_ACK: end the session). Set by the
    // handler of the request being served; only secured requests set it.
    private Func<ValueTask>? _afterSend;

    /// <summary>Creates a responder for <paramref name="device"/>.</summary>
    public SpdmResponder(ISpdmResponderDevice device, ISpdmCrypto crypto, SpdmResponderOptions? options = null)
    {
        _device = device ?? throw new ArgumentNullException(nameof(device));
        _crypto = crypto ?? throw new ArgumentNullException(nameof(crypto));
        _options = options ?? new SpdmResponderOptions();
    }

    private enum ConnectionState
    {
        NotStarted,
        AfterVersion,
        AfterCapabilities,
        Negotiated,
    }

    /// <summary>The negotiated version (0 before GET_CAPABILITIES).</summary>
    public byte Version => _version;

    /// <summary>ERROR responses sent.</summary>
    public int ErrorsSent { get; private set; }

    /// <summary>Secured records dropped (bad session id, failed authentication, malformed).</summary>
    public int DroppedRecords { get; private set; }

    /// <summary>Open sessions.</summary>
    public int SessionCount => _sessions.Count;

    /// <summary>
    /// Where each new KEY_EXCHANGE session's DHE secret goes for DMTF's spdm_dump (decision 0276);
    /// null (the default): nothing is exported and the crypto provider is never asked to.
    /// </summary>
    public ISpdmDheSecretSink? DheSecretSink { get; set; }

    /// <summary>
    /// Answers one SPDM request received outside any session; returns the response length.
    /// One request at a time: a call must complete before the next one starts (the responder's
    /// transcripts and buffers are shared by every request).
    /// </summary>
    public ValueTask<int> RespondAsync(ReadOnlyMemory<byte> request, Memory<byte> response) => DispatchAsync(request, response, session: null);

    /// <summary>
    /// Answers one DSP0277 secured record. Returns the response record length, or 0 when the
    /// record was dropped (unknown session, failed authentication): a dropped record gets no
    /// answer, as DSP0277 requires. One request at a time, as for <see cref="RespondAsync"/>.
    /// </summary>
    public async ValueTask<int> RespondSecuredAsync(ReadOnlyMemory<byte> record, Memory<byte> responseRecord, SecuredTransportProfile transport)
    {
        if (!TryFindSession(record.Span, transport, out var session))
        {
            DroppedRecords++;
            return 0;
        }

        var (status, offset, length) = await session.TryDecryptAsync(fromRequester: true, record, _securedPlain);
        if (status != WireStatus.Done)
        {
            DroppedRecords++;
            return 0;
        }

        ReadOnlyMemory<byte> app = _securedPlain.AsMemory(offset, length);
        if (transport.MctpTypeInside)
        {
            if (app.Length < 1 || app.Span[0] != SecuredTransportProfile.MctpSpdmType)
            {
                DroppedRecords++;
                return 0;
            }

            app = app[1..];
        }

        var inner = _securedInner.AsMemory(0, Math.Min(_securedInner.Length, (int)_options.DataTransferSize + 1));
        var rspStart = transport.MctpTypeInside ? 1 : 0;
        inner.Span[0] = SecuredTransportProfile.MctpSpdmType;
        var rspLength = await DispatchAsync(app, inner[rspStart..], session);
        var after = _afterSend;
        _afterSend = null;
        var written = await session.TryEncryptAsync(fromRequester: false, inner[..(rspStart + rspLength)], responseRecord);
        if (written == 0)
        {
            DroppedRecords++;
            return 0;
        }

        if (after is not null)
        {
            await after();
        }

        return written;
    }

    private bool TryFindSession(ReadOnlySpan<byte> record, SecuredTransportProfile transport, [NotNullWhen(true)] out SpdmSession? session)
    {
        session = null;
        return SecuredMessage.TryRead(record, transport.SequenceNumberSize, out var header) == WireStatus.Done &&
            _sessions.TryGetValue(header.SessionId, out session) && session.State != SpdmSessionState.None;
    }

    private async ValueTask<int> DispatchAsync(ReadOnlyMemory<byte> request, Memory<byte> response, SpdmSession? session)
    {
        _afterSend = null;
        if (SpdmHeader.TryRead(request.Span, out var header) != WireStatus.Done)
        {
            return Error(response.Span, SpdmErrorCode.InvalidRequest, 0);
        }

        var code = (SpdmCode)header.Code;
        if (code == SpdmCode.GetVersion)
        {
            return session is null ? await HandleGetVersionAsync(request, response) : Error(response.Span, SpdmErrorCode.UnexpectedRequest, 0);
        }

        if (_state == ConnectionState.NotStarted)
        {
            return Error(response.Span, SpdmErrorCode.UnexpectedRequest, 0);
        }

        // After GET_CAPABILITIES every request must carry the negotiated version (DSP0274 §10.2).
        if (_state != ConnectionState.AfterVersion && header.Version != _version)
        {
            return Error(response.Span, SpdmErrorCode.VersionMismatch, 0);
        }

        ResetTranscriptsFor(code);
        return code switch
        {
            SpdmCode.GetCapabilities => session is null ? HandleGetCapabilities(request.Span, response.Span) : Error(response.Span, SpdmErrorCode.UnexpectedRequest, 0),
            SpdmCode.NegotiateAlgorithms => session is null ? HandleNegotiateAlgorithms(request.Span, response.Span) : Error(response.Span, SpdmErrorCode.UnexpectedRequest, 0),
            SpdmCode.GetDigests => Negotiated(response.Span) ?? InEstablished(session, response.Span) ?? await HandleGetDigestsAsync(request, response, session),
            SpdmCode.GetCertificate => Negotiated(response.Span) ?? InEstablished(session, response.Span) ?? HandleGetCertificate(request.Span, response.Span, session),
            SpdmCode.Challenge => Negotiated(response.Span) ?? (session is null ? await HandleChallengeAsync(request, response) : Error(response.Span, SpdmErrorCode.UnexpectedRequest, 0)),
            SpdmCode.GetMeasurements => Negotiated(response.Span) ?? InEstablished(session, response.Span) ?? await HandleGetMeasurementsAsync(request, response),
            SpdmCode.KeyExchange => Negotiated(response.Span) ?? (session is null ? await HandleKeyExchangeAsync(request, response) : Error(response.Span, SpdmErrorCode.UnexpectedRequest, 0)),
            // Handshakes are never in the clear (no HANDSHAKE_IN_THE_CLEAR_CAP): FINISH and PSK_FINISH
            // outside a secured message are SessionRequired (DSP0274 §10.17, 1.2 and later).
            SpdmCode.Finish => session is null ? Error(response.Span, SpdmErrorCode.SessionRequired, 0)
                : session is { State: SpdmSessionState.Handshaking, IsPsk: false } ? await HandleFinishAsync(request, response, session) : Error(response.Span, SpdmErrorCode.UnexpectedRequest, 0),
            SpdmCode.PskExchange => Negotiated(response.Span) ?? (session is null ? await HandlePskExchangeAsync(request, response) : Error(response.Span, SpdmErrorCode.UnexpectedRequest, 0)),
            SpdmCode.PskFinish => session is null ? Error(response.Span, SpdmErrorCode.SessionRequired, 0)
                : session is { State: SpdmSessionState.Handshaking, IsPsk: true } ? await HandlePskFinishAsync(request, response, session) : Error(response.Span, SpdmErrorCode.UnexpectedRequest, 0),
            SpdmCode.Heartbeat => RequireSession(session, response.Span) ?? HeaderOnly(response.Span, SpdmCode.HeartbeatAck, 0, 0),
            SpdmCode.KeyUpdate => RequireSession(session, response.Span) ?? await HandleKeyUpdateAsync(header, response, session!),
            SpdmCode.EndSession => RequireSession(session, response.Span) ?? HandleEndSession(response.Span, session!),
            SpdmCode.VendorDefinedRequest => Negotiated(response.Span) ?? InEstablished(session, response.Span) ?? await HandleVendorDefinedAsync(request, response),
            SpdmCode.GetCsr => Negotiated(response.Span) ?? InEstablished(session, response.Span) ?? HandleGetCsr(request.Span, response.Span),
            SpdmCode.SetCertificate => Negotiated(response.Span) ?? InEstablished(session, response.Span) ?? HandleSetCertificate(request.Span, response.Span),
            SpdmCode.RespondIfReady => Error(response.Span, SpdmErrorCode.UnexpectedRequest, 0),
            _ => Error(response.Span, SpdmErrorCode.UnsupportedRequest, header.Code),
        };
    }

    /// <summary>DSP0274 §10.2 / libspdm practice: B and C reset on any request but their own; L on any but GET_MEASUREMENTS.</summary>
    private void ResetTranscriptsFor(SpdmCode code)
    {
        if (code is not (SpdmCode.GetDigests or SpdmCode.GetCertificate or SpdmCode.Challenge))
        {
            _m.Reset();
        }

        if (code != SpdmCode.GetMeasurements)
        {
            _l.Reset();
        }
    }

    private int? Negotiated(Span<byte> response) =>
        _state == ConnectionState.Negotiated ? null : Error(response, SpdmErrorCode.UnexpectedRequest, 0);

    private int? InEstablished(SpdmSession? session, Span<byte> response) =>
        session is null || session.State == SpdmSessionState.Established ? null : Error(response, SpdmErrorCode.UnexpectedRequest, 0);

    private int? RequireSession(SpdmSession? session, Span<byte> response) =>
        session is null ? Error(response, SpdmErrorCode.SessionRequired, 0)
        : session.State != SpdmSessionState.Established ? Error(response, SpdmErrorCode.UnexpectedRequest, 0)
        : null;

    private int Error(Span<byte> response, SpdmErrorCode code, byte data) =>
        Error(response, _state == ConnectionState.NotStarted || _state == ConnectionState.AfterVersion ? SpdmVersion.V10 : _version, code, data);

    private int Error(Span<byte> response, byte version, SpdmErrorCode code, byte data)
    {
        ErrorsSent++;
        return ErrorResponse.TryWrite(response, version, code, data, default, out var n) ? n : 0;
    }

    private int HeaderOnly(Span<byte> response, SpdmCode code, byte param1, byte param2) =>
        HeaderOnlyMessage.TryWrite(response, _version, code, param1, param2, out var n) ? n : Error(response, SpdmErrorCode.ResponseTooLarge, 0);

    private bool Supports(SpdmCapabilityFlags flag) => (AdvertisedFlags & flag) != 0;

    /// <summary>The options' capabilities, with MUT_AUTH_CAP when the responder asks for mutual authentication.</summary>
    private SpdmCapabilityFlags AdvertisedFlags =>
        _options.MutualAuthentication is null ? _options.Flags : _options.Flags | SpdmCapabilityFlags.MutAuth;

    private bool PeerSupports(SpdmCapabilityFlags flag) => (_peerFlags & flag) != 0;

    private SpdmSizes Sizes => SpdmSizes.P384(_version);

    private async ValueTask CloseAllSessionsAsync()
    {
        foreach (var session in _sessions.Values)
        {
            await session.DisposeAsync();
        }

        _sessions.Clear();
    }
}
