using Rampart.Hal.Crypto;
using Rampart.Wire;
using Rampart.Wire.Spdm;

namespace Rampart.Protocols.Spdm;

/// <summary>
/// KEY_EXCHANGE, FINISH, PSK_EXCHANGE, PSK_FINISH, KEY_UPDATE, END_SESSION (DSP0274 §10.12–10.21):
/// the session handshake and its transcripts TH1/TH2.
/// </summary>
public sealed partial class SpdmResponder
{
    /// <summary>KEY_EXCHANGE_RSP MutAuthRequested bit 0: mutual authentication, the requester's chain provisioned (no encapsulated flow).</summary>
    private const byte MutAuthWithoutEncapsulation = 0x01;

    /// <summary>The transport profile new sessions use (set by the transport before KEY_EXCHANGE).</summary>
    public SecuredTransportProfile SessionTransport { get; set; } = SecuredTransportProfile.Mctp;

    private async ValueTask<int> HandleKeyExchangeAsync(ReadOnlyMemory<byte> request, Memory<byte> response)
    {
        if (!Supports(SpdmCapabilityFlags.KeyEx) || !PeerSupports(SpdmCapabilityFlags.KeyEx))
        {
            return Error(response.Span, SpdmErrorCode.UnsupportedRequest, (byte)SpdmCode.KeyExchange);
        }

        if (KeyExchange.TryRead(request.Span, Sizes, out var ke) != WireStatus.Done || ke.SlotId == 0xFF ||
            (_device.ProvisionedSlotMask & (1 << ke.SlotId)) == 0 || ke.HashType is not (0 or 1 or 0xFF) ||
            (ke.HashType != 0 && !_measurementsNegotiated))
        {
            return Error(response.Span, SpdmErrorCode.InvalidRequest, 0);
        }

        if (_sessions.Count >= _options.MaxSessions)
        {
            return Error(response.Span, SpdmErrorCode.SessionLimitExceeded, 0);
        }

        var trust = _options.MutualAuthentication;
        if (trust is not null && !PeerSupports(SpdmCapabilityFlags.MutAuth))
        {
            // Policy demands mutual authentication and this requester cannot give it (DSP0274 1.3
            // InvalidPolicy; 1.2 has no such code, so Unspecified, as libspdm answers). A requester
            // with MUT_AUTH_CAP got this far only after agreeing on ECDSA P-384 in ALGORITHMS.
            return Error(response.Span, _version >= SpdmVersion.V13 ? SpdmErrorCode.InvalidPolicy : SpdmErrorCode.Unspecified, 0);
        }

        var slot = ke.SlotId;
        var hashType = ke.HashType;
        var reqSessionId = ke.ReqSessionId;
        var requestLength = ke.Length;
        var peerExchange = MemorySlice.Of(request, ke.ExchangeData);
        var exchange = new byte[Sizes.ExchangeDataSize];
        var dhe = await _crypto.GenerateDheAsync(exchange);
        if (await _crypto.TryAgreeAsync(dhe, peerExchange) is not { } shared)
        {
            return Error(response.Span, SpdmErrorCode.InvalidRequest, 0);
        }

        var session = NewSession(reqSessionId, psk: false);
        session.CertChainHash = new byte[_crypto.HashSize];
        await _crypto.HashAsync(_device.CertificateChain(slot), session.CertChainHash);
        var requesterChainHash = trust is null ? null : new byte[_crypto.HashSize];
        if (trust is not null)
        {
            await _crypto.HashAsync(trust.CertificateChain, requesterChainHash);
        }

        var random = new byte[SpdmSizes.RandomDataSize];
        await _crypto.RandomAsync(random);
        var summary = hashType == 0 ? null : await MeasurementSummaryHashAsync();
        var rsp = new KeyExchangeRsp
        {
            Version = _version,
            HeartbeatPeriod = Supports(SpdmCapabilityFlags.Hbeat) ? _options.HeartbeatPeriod : (byte)0,
            RspSessionId = (ushort)(session.SessionId >> 16),
            MutAuthRequested = trust is null ? (byte)0 : MutAuthWithoutEncapsulation,
            ReqSlotIdParam = trust?.SlotId ?? 0,
            RandomData = random,
            ExchangeData = exchange,
            MeasurementSummaryHash = summary,
            OpaqueData = default,
        };
        var h = _crypto.HashSize;
        var s = Sizes.SignatureSize;
        if (!rsp.TryWritePrefix(response.Span, out var signatureOffset) || response.Length < signatureOffset + s + h)
        {
            return await AbandonExchangeAsync(shared, session, response);
        }

        // TH for the signature: A || Ct || KEY_EXCHANGE || KEY_EXCHANGE_RSP up to the signature.
        session.Transcript.Append(request.Span[..requestLength]);
        session.Transcript.Append(response.Span[..signatureOffset]);
        var th = await SessionHashAsync(session);
        await _device.SignAsync(slot, SpdmSigningContext.Build(_version, SpdmSigningContext.KeyExchangeRsp, th), response.Slice(signatureOffset, s));
        session.Transcript.Append(response.Span.Slice(signatureOffset, s));

        // TH1 includes the signature.
        var length = await CompleteExchangeAsync(session, shared, response, signatureOffset + s);
        if (requesterChainHash is not null)
        {
            // DSP0274 §12: with mutual authentication Hash(CM) follows message K in every TH after TH1.
            session.MutualAuthentication = true;
            session.Transcript.Append(requesterChainHash);
        }

        return length;
    }

    private async ValueTask<int> HandleFinishAsync(ReadOnlyMemory<byte> request, Memory<byte> response, SpdmSession session)
    {
        var signed = request.Length > 2 && (request.Span[2] & 1) != 0;
        if (signed != session.MutualAuthentication || Finish.TryRead(request.Span, Sizes, out var finish) != WireStatus.Done ||
            (signed && finish.ReqSlotId != _options.MutualAuthentication?.SlotId))
        {
            // A signature nobody asked for, none where one was asked for, another slot than the
            // one KEY_EXCHANGE_RSP named, or malformed. The session stays in its handshake: the
            // requester may still send a good FINISH.
            return Error(response.Span, SpdmErrorCode.InvalidRequest, 0);
        }

        var verifyOffset = finish.VerifyDataOffset;
        var verifyData = MemorySlice.Of(request, finish.VerifyData);
        if (signed && !await VerifyRequesterSignatureAsync(session, request, finish.Signature.Length))
        {
            // The ERROR still travels under the handshake keys; the session ends after it (as for a bad HMAC).
            _afterSend = () => DropSessionAsync(session);
            return Error(response.Span, SpdmErrorCode.DecryptError, 0);
        }

        var th = await SessionHashAsync(session, request.Span[..verifyOffset]);
        if (!await session.VerifyFinishedAsync(fromRequester: true, th, verifyData))
        {
            // The ERROR still travels under the handshake keys; the session ends after it.
            _afterSend = () => DropSessionAsync(session);
            return Error(response.Span, SpdmErrorCode.DecryptError, 0);
        }

        session.Transcript.Append(request.Span[..(verifyOffset + _crypto.HashSize)]);
        if (!Finish.TryWriteResponse(response.Span, _version, default, out var n))
        {
            return Error(response.Span, SpdmErrorCode.ResponseTooLarge, 0);
        }

        session.Transcript.Append(response.Span[..n]);
        var th2 = await SessionHashAsync(session);

        // FINISH_RSP still travels under the handshake keys; the data keys start after it.
        _afterSend = () => session.DeriveDataAsync(th2);
        return n;
    }

    /// <summary>
    /// The requester's FINISH signature (DSP0274 §10.13): over "requester-finish signing" and
    /// TH = A || Ct || message K || Hash(CM) || the FINISH header, with the provisioned requester's key.
    /// </summary>
    private async ValueTask<bool> VerifyRequesterSignatureAsync(SpdmSession session, ReadOnlyMemory<byte> request, int signatureLength)
    {
        var th = await SessionHashAsync(session, request.Span[..SpdmHeader.Size]);
        var signature = request.Slice(SpdmHeader.Size, signatureLength);
        var verdict = await _crypto.VerifyEcdsaAsync(_options.MutualAuthentication!.PublicKey, SpdmSigningContext.Build(_version, SpdmSigningContext.Finish, th), signature);
        return verdict.IsValid();
    }

    private async ValueTask<int> HandlePskExchangeAsync(ReadOnlyMemory<byte> request, Memory<byte> response)
    {
        if (!Supports(SpdmCapabilityFlags.Psk) || !PeerSupports(SpdmCapabilityFlags.Psk))
        {
            return Error(response.Span, SpdmErrorCode.UnsupportedRequest, (byte)SpdmCode.PskExchange);
        }

        if (PskExchange.TryRead(request.Span, out var psk) != WireStatus.Done || psk.HashType is not (0 or 1 or 0xFF) ||
            (psk.HashType != 0 && !_measurementsNegotiated))
        {
            return Error(response.Span, SpdmErrorCode.InvalidRequest, 0);
        }

        if (_sessions.Count >= _options.MaxSessions)
        {
            return Error(response.Span, SpdmErrorCode.SessionLimitExceeded, 0);
        }

        var hashType = psk.HashType;
        var reqSessionId = psk.ReqSessionId;
        var requestLength = psk.Length;
        if (await _crypto.TryGetPskAsync(MemorySlice.Of(request, psk.PskHint)) is not { } key)
        {
            return Error(response.Span, SpdmErrorCode.InvalidRequest, 0);
        }

        var session = NewSession(reqSessionId, psk: true);
        var context = new byte[_crypto.HashSize];
        await _crypto.RandomAsync(context);
        var summary = hashType == 0 ? null : await MeasurementSummaryHashAsync();
        var rsp = new PskExchangeRsp
        {
            Version = _version,
            HeartbeatPeriod = Supports(SpdmCapabilityFlags.Hbeat) ? _options.HeartbeatPeriod : (byte)0,
            RspSessionId = (ushort)(session.SessionId >> 16),
            MeasurementSummaryHash = summary,
            ResponderContext = context,
            OpaqueData = default,
        };
        var h = _crypto.HashSize;
        if (!rsp.TryWritePrefix(response.Span, out var verifyOffset) || response.Length < verifyOffset + h)
        {
            return await AbandonExchangeAsync(key, session, response);
        }

        session.Transcript.Append(request.Span[..requestLength]);
        session.Transcript.Append(response.Span[..verifyOffset]);
        return await CompleteExchangeAsync(session, key, response, verifyOffset);
    }

    /// <summary>
    /// The end of KEY_EXCHANGE_RSP and PSK_EXCHANGE_RSP: TH1 is the transcript so far, the
    /// handshake secrets come from it and <paramref name="secret"/> (DHE secret or PSK), then
    /// ResponderVerifyData goes at <paramref name="verifyOffset"/>. Returns the response length.
    /// </summary>
    private async ValueTask<int> CompleteExchangeAsync(SpdmSession session, SpdmSecret secret, Memory<byte> response, int verifyOffset)
    {
        var h = _crypto.HashSize;
        var th1 = await SessionHashAsync(session);
        if (!session.IsPsk)
        {
            await SpdmDheSecretExport.ExportAsync(DheSecretSink, _crypto, session.SessionId, secret);
        }

        await session.DeriveHandshakeAsync(secret, th1);
        await _crypto.HmacAsync(session.ResponseFinishedKey, th1, response.Slice(verifyOffset, h));
        session.Transcript.Append(response.Span.Slice(verifyOffset, h));
        return verifyOffset + h;
    }

    /// <summary>An exchange response that does not fit: forget the secret and the new session, answer ResponseTooLarge.</summary>
    private async ValueTask<int> AbandonExchangeAsync(SpdmSecret secret, SpdmSession session, Memory<byte> response)
    {
        await _crypto.DestroyAsync(secret);
        await DropSessionAsync(session);
        return Error(response.Span, SpdmErrorCode.ResponseTooLarge, 0);
    }

    private async ValueTask<int> HandlePskFinishAsync(ReadOnlyMemory<byte> request, Memory<byte> response, SpdmSession session)
    {
        if (PskFinish.TryReadRequest(request.Span, Sizes, out var verify) != WireStatus.Done)
        {
            // Malformed: refused, and the session stays in its handshake.
            return Error(response.Span, SpdmErrorCode.InvalidRequest, 0);
        }

        var verifyData = MemorySlice.Of(request, verify);
        var th = await SessionHashAsync(session, request.Span[..SpdmHeader.Size]);
        if (!await session.VerifyFinishedAsync(fromRequester: true, th, verifyData))
        {
            // The ERROR still travels under the handshake keys; the session ends after it.
            _afterSend = () => DropSessionAsync(session);
            return Error(response.Span, SpdmErrorCode.DecryptError, 0);
        }

        session.Transcript.Append(request.Span[..(SpdmHeader.Size + _crypto.HashSize)]);
        var n = HeaderOnly(response.Span, SpdmCode.PskFinishRsp, 0, 0);
        session.Transcript.Append(response.Span[..n]);
        var th2 = await SessionHashAsync(session);
        _afterSend = () => session.DeriveDataAsync(th2);
        return n;
    }

    private async ValueTask<int> HandleKeyUpdateAsync(SpdmHeader header, Memory<byte> response, SpdmSession session)
    {
        if (!Supports(SpdmCapabilityFlags.KeyUpd) || !PeerSupports(SpdmCapabilityFlags.KeyUpd))
        {
            return Error(response.Span, SpdmErrorCode.UnsupportedRequest, (byte)SpdmCode.KeyUpdate);
        }

        switch ((SpdmKeyUpdateOperation)header.Param1)
        {
            case SpdmKeyUpdateOperation.UpdateKey:
                await session.UpdateKeysAsync(both: false);
                break;
            case SpdmKeyUpdateOperation.UpdateAllKeys:
                await session.UpdateKeysAsync(both: true);
                break;
            case SpdmKeyUpdateOperation.VerifyNewKey:
                await session.ConfirmRequestUpdateAsync();
                break;
            default:
                return Error(response.Span, SpdmErrorCode.InvalidRequest, 0);
        }

        return HeaderOnly(response.Span, SpdmCode.KeyUpdateAck, header.Param1, header.Param2);
    }

    private int HandleEndSession(Span<byte> response, SpdmSession session)
    {
        var n = HeaderOnly(response, SpdmCode.EndSessionAck, 0, 0);

        // END_SESSION_ACK travels under the session's keys; the session ends after it is sent.
        _afterSend = () => DropSessionAsync(session);
        return n;
    }

    private SpdmSession NewSession(ushort reqSessionId, bool psk)
    {
        uint id;
        do
        {
            id = reqSessionId | ((uint)_nextSessionId-- << 16);
            if (_nextSessionId == 0)
            {
                _nextSessionId = 0xFFFF;
            }
        }
        while (_sessions.ContainsKey(id));

        var session = new SpdmSession(_crypto, _version, id, SessionTransport, psk);
        _sessions[id] = session;
        return session;
    }

    private ValueTask DropSessionAsync(SpdmSession session)
    {
        _sessions.Remove(session.SessionId);
        return session.DisposeAsync();
    }

    /// <summary>Hash(A || Ct || session transcript || extra).</summary>
    private ValueTask<byte[]> SessionHashAsync(SpdmSession session, ReadOnlySpan<byte> extra = default) =>
        SpdmTranscript.SessionHashAsync(_crypto, _a, session, extra);
}
