using Rampart.Hal.Crypto;
using Rampart.Wire;
using Rampart.Wire.Spdm;

namespace Rampart.Protocols.Spdm;

/// <summary>KEY_EXCHANGE/FINISH, PSK_EXCHANGE/PSK_FINISH and traffic inside a session, from the requester's side.</summary>
public sealed partial class SpdmRequester
{
    private ushort _nextReqSessionId = 0x0001;

    /// <summary>The session the requester opened, when one is open.</summary>
    public SpdmSession? Session { get; private set; }

    /// <summary>
    /// Where each new KEY_EXCHANGE session's DHE secret goes for DMTF's spdm_dump (decision 0276);
    /// null (the default): nothing is exported and the crypto provider is never asked to.
    /// </summary>
    public ISpdmDheSecretSink? DheSecretSink { get; set; }

    /// <summary>KEY_EXCHANGE then FINISH: opens an authenticated, encrypted session with the slot's key.</summary>
    public async ValueTask<SpdmOutcome> StartSessionAsync(byte slot = 0, byte hashType = 0, CancellationToken cancellationToken = default)
    {
        _m.Reset();
        _l.Reset();
        if (!_leafKeys.TryGetValue(slot, out var leafKey))
        {
            return new SpdmOutcome(SpdmRequestStatus.Malformed, $"no verified certificate chain for slot {slot}: read it first");
        }

        await EndLocalSessionAsync();
        var exchange = new byte[Sizes.ExchangeDataSize];
        var dhe = await _crypto.GenerateDheAsync(exchange);
        var random = new byte[SpdmSizes.RandomDataSize];
        await _crypto.RandomAsync(random);
        var reqSessionId = _nextReqSessionId++;
        new KeyExchange { Version = Version, HashType = hashType, SlotId = slot, ReqSessionId = reqSessionId, RandomData = random, ExchangeData = exchange }.TryWrite(_request, out var n);
        var (outcome, length) = await ExchangeAsync(n, SpdmCode.KeyExchangeRsp, cancellationToken);
        if (!outcome.IsOk)
        {
            await _crypto.DestroyAsync(dhe);
            return outcome;
        }

        var response = _response.AsMemory(0, length);
        if (KeyExchangeRsp.TryRead(response.Span, Sizes, hashType != 0, handshakeInTheClear: false, out var rsp) != WireStatus.Done)
        {
            await _crypto.DestroyAsync(dhe);
            return Malformed("KEY_EXCHANGE_RSP");
        }

        if (MutualAuthenticationRefusal(rsp.MutAuthRequested, rsp.ReqSlotIdParam) is { } refusal)
        {
            await _crypto.DestroyAsync(dhe);
            return refusal;
        }

        var mutualAuthentication = rsp.MutAuthRequested != 0;
        var rspSessionId = rsp.RspSessionId;
        var signatureOffset = rsp.SignatureOffset;
        var signature = MemorySlice.Of(response, rsp.Signature);
        var peerExchange = MemorySlice.Of(response, rsp.ExchangeData);
        var verifyData = MemorySlice.Of(response, rsp.VerifyData);
        var session = new SpdmSession(_crypto, Version, reqSessionId | ((uint)rspSessionId << 16), _transport.Profile, psk: false)
        {
            CertChainHash = new byte[_crypto.HashSize],
        };
        await _crypto.HashAsync(_chains[slot], session.CertChainHash);
        session.Transcript.Append(_request.AsSpan(0, n));
        session.Transcript.Append(_response.AsSpan(0, signatureOffset));
        var th = await SessionHashAsync(session);
        if (!(await _crypto.VerifyEcdsaAsync(leafKey, SpdmSigningContext.Build(Version, SpdmSigningContext.KeyExchangeRsp, th), signature)).IsValid())
        {
            await _crypto.DestroyAsync(dhe);
            await session.DisposeAsync();
            return Failed("KEY_EXCHANGE_RSP signature does not verify");
        }

        if (await _crypto.TryAgreeAsync(dhe, peerExchange) is not { } shared)
        {
            await session.DisposeAsync();
            return Failed("responder's DHE public value is not on secp384r1");
        }

        session.Transcript.Append(signature.Span);
        var th1 = await SessionHashAsync(session);
        await SpdmDheSecretExport.ExportAsync(DheSecretSink, _crypto, session.SessionId, shared);
        await session.DeriveHandshakeAsync(shared, th1);
        if (!await session.VerifyFinishedAsync(fromRequester: false, th1, verifyData))
        {
            await session.DisposeAsync();
            return Failed("ResponderVerifyData does not match");
        }

        session.Transcript.Append(verifyData.Span);
        if (mutualAuthentication)
        {
            // DSP0274 §12: Hash(CM), the requester's own chain, follows message K.
            session.MutualAuthentication = true;
            var requesterChainHash = new byte[_crypto.HashSize];
            await _crypto.HashAsync(Identity!.CertificateChain, requesterChainHash);
            session.Transcript.Append(requesterChainHash);
        }

        Session = session;
        return await FinishAsync(session, cancellationToken);
    }

    /// <summary>
    /// Null when the requester can go on after KEY_EXCHANGE_RSP's MutAuthRequested and
    /// ReqSlotIDParam; otherwise why not. Only bit 0 (the requester's chain provisioned on the
    /// responder) is answered; the encapsulated flows (bits 1 and 2) are not offered.
    /// </summary>
    private SpdmOutcome? MutualAuthenticationRefusal(byte mutAuthRequested, byte reqSlotIdParam)
    {
        if (mutAuthRequested == 0)
        {
            return null;
        }

        if (Identity is null)
        {
            return new SpdmOutcome(SpdmRequestStatus.Unsupported, "responder asked for mutual authentication and the requester has no identity to answer with");
        }

        if ((PeerFlags & SpdmCapabilityFlags.MutAuth) == 0)
        {
            return Failed("responder asked for mutual authentication without advertising MUT_AUTH_CAP");
        }

        if (mutAuthRequested != 0x01)
        {
            return new SpdmOutcome(SpdmRequestStatus.Unsupported, $"responder asked for mutual authentication with MutAuthRequested 0x{mutAuthRequested:X2}; only 0x01 (no encapsulated requests) is supported");
        }

        var slot = reqSlotIdParam & 0x0F;
        return slot == Identity.SlotId ? null : Failed($"responder asked for the requester's slot {slot}; its identity is in slot {Identity.SlotId}");
    }

    private async ValueTask<SpdmOutcome> FinishAsync(SpdmSession session, CancellationToken cancellationToken)
    {
        var h = _crypto.HashSize;
        var signed = session.MutualAuthentication;
        var signatureSize = signed ? Sizes.SignatureSize : 0;
        var finish = new byte[SpdmHeader.Size + signatureSize + h];
        new Finish { Version = Version, Attributes = signed ? (byte)1 : (byte)0, ReqSlotId = signed ? Identity!.SlotId : (byte)0 }.TryWritePrefix(finish, out _);
        if (signed)
        {
            // DSP0274 §10.13: the signature covers TH = A || Ct || message K || Hash(CM) || the FINISH header.
            var signedTh = await SessionHashAsync(session, finish.AsSpan(0, SpdmHeader.Size));
            await Identity!.SignAsync(SpdmSigningContext.Build(Version, SpdmSigningContext.Finish, signedTh), finish.AsMemory(SpdmHeader.Size, signatureSize));
        }

        var verifyOffset = SpdmHeader.Size + signatureSize;
        var th = await SessionHashAsync(session, finish.AsSpan(0, verifyOffset));
        await _crypto.HmacAsync(session.RequestFinishedKey, th, finish.AsMemory(verifyOffset, h));
        var (outcome, response) = await SecuredExchangeAsync(session, finish, SpdmCode.FinishRsp, cancellationToken);
        if (!outcome.IsOk)
        {
            await EndLocalSessionAsync();
            return outcome;
        }

        if (Finish.TryReadResponse(response, Sizes, handshakeInTheClear: false, out _) != WireStatus.Done)
        {
            await EndLocalSessionAsync();
            return Malformed("FINISH_RSP");
        }

        session.Transcript.Append(finish);
        session.Transcript.Append(response.AsSpan(0, SpdmHeader.Size));
        await session.DeriveDataAsync(await SessionHashAsync(session));
        return SpdmOutcome.Success;
    }

    /// <summary>PSK_EXCHANGE then PSK_FINISH with the pre-shared key named by <paramref name="pskHint"/>.</summary>
    public async ValueTask<SpdmOutcome> StartPskSessionAsync(ReadOnlyMemory<byte> pskHint, CancellationToken cancellationToken = default)
    {
        _m.Reset();
        _l.Reset();
        await EndLocalSessionAsync();
        if (await _crypto.TryGetPskAsync(pskHint) is not { } psk)
        {
            return new SpdmOutcome(SpdmRequestStatus.Malformed, "no pre-shared key with that hint");
        }

        var context = new byte[_crypto.HashSize];
        await _crypto.RandomAsync(context);
        var reqSessionId = _nextReqSessionId++;
        new PskExchange { Version = Version, HashType = 0, ReqSessionId = reqSessionId, PskHint = pskHint.Span, RequesterContext = context }.TryWrite(_request, out var n);
        var (outcome, length) = await ExchangeAsync(n, SpdmCode.PskExchangeRsp, cancellationToken);
        if (!outcome.IsOk)
        {
            await _crypto.DestroyAsync(psk);
            return outcome;
        }

        var response = _response.AsMemory(0, length);
        if (PskExchangeRsp.TryRead(response.Span, Sizes, false, out var rsp) != WireStatus.Done)
        {
            await _crypto.DestroyAsync(psk);
            return Malformed("PSK_EXCHANGE_RSP");
        }

        var verifyOffset = rsp.VerifyDataOffset;
        var verifyData = MemorySlice.Of(response, rsp.VerifyData);
        var session = new SpdmSession(_crypto, Version, reqSessionId | ((uint)rsp.RspSessionId << 16), _transport.Profile, psk: true);
        session.Transcript.Append(_request.AsSpan(0, n));
        session.Transcript.Append(_response.AsSpan(0, verifyOffset));
        var th1 = await SessionHashAsync(session);
        await session.DeriveHandshakeAsync(psk, th1);
        if (!await session.VerifyFinishedAsync(fromRequester: false, th1, verifyData))
        {
            await session.DisposeAsync();
            return Failed("PSK ResponderVerifyData does not match (wrong key?)");
        }

        session.Transcript.Append(verifyData.Span);
        Session = session;
        var finish = new byte[SpdmHeader.Size + _crypto.HashSize];
        HeaderOnlyMessage.TryWrite(finish, Version, SpdmCode.PskFinish, 0, 0, out _);
        await _crypto.HmacAsync(session.RequestFinishedKey, await SessionHashAsync(session, finish.AsSpan(0, SpdmHeader.Size)), finish.AsMemory(SpdmHeader.Size));
        var (finishOutcome, finishResponse) = await SecuredExchangeAsync(session, finish, SpdmCode.PskFinishRsp, cancellationToken);
        if (!finishOutcome.IsOk)
        {
            await EndLocalSessionAsync();
            return finishOutcome;
        }

        session.Transcript.Append(finish);
        session.Transcript.Append(finishResponse.AsSpan(0, SpdmHeader.Size));
        await session.DeriveDataAsync(await SessionHashAsync(session));
        return SpdmOutcome.Success;
    }

    /// <summary>HEARTBEAT inside the session.</summary>
    public async ValueTask<SpdmOutcome> HeartbeatAsync(CancellationToken cancellationToken = default) =>
        await SimpleSessionRequestAsync(SpdmCode.Heartbeat, SpdmCode.HeartbeatAck, 0, 0, cancellationToken);

    /// <summary>KEY_UPDATE (UpdateKey or UpdateAllKeys) followed by VerifyNewKey, as DSP0274 §10.19 describes.</summary>
    public async ValueTask<SpdmOutcome> KeyUpdateAsync(bool allKeys, CancellationToken cancellationToken = default)
    {
        if (Session is not { State: SpdmSessionState.Established } session)
        {
            return new SpdmOutcome(SpdmRequestStatus.Malformed, "no established session");
        }

        var tag = new byte[1];
        await _crypto.RandomAsync(tag);
        var operation = allKeys ? SpdmKeyUpdateOperation.UpdateAllKeys : SpdmKeyUpdateOperation.UpdateKey;
        var request = new byte[SpdmHeader.Size];
        HeaderOnlyMessage.TryWrite(request, Version, SpdmCode.KeyUpdate, (byte)operation, tag[0], out _);
        var record = await ProtectAsync(session, request);
        if (record is null)
        {
            return new SpdmOutcome(SpdmRequestStatus.Malformed, "request does not fit a secured record");
        }

        // The request goes out under the old key; the new request key applies from the next message,
        // and for UpdateAllKeys the acknowledgement already comes under the new response key.
        await session.UpdateKeysAsync(allKeys);
        var (outcome, response) = await SendSecuredAsync(session, record, request[1], SpdmCode.KeyUpdateAck, cancellationToken);
        if (!outcome.IsOk)
        {
            return outcome;
        }

        if (response[2] != (byte)operation || response[3] != tag[0])
        {
            return Malformed("KEY_UPDATE_ACK (operation or tag differs)");
        }

        await session.ConfirmRequestUpdateAsync();
        await _crypto.RandomAsync(tag);
        return await SimpleSessionRequestAsync(SpdmCode.KeyUpdate, SpdmCode.KeyUpdateAck, (byte)SpdmKeyUpdateOperation.VerifyNewKey, tag[0], cancellationToken);
    }

    /// <summary>END_SESSION; the session's secrets are forgotten either way.</summary>
    public async ValueTask<SpdmOutcome> EndSessionAsync(CancellationToken cancellationToken = default)
    {
        var outcome = await SimpleSessionRequestAsync(SpdmCode.EndSession, SpdmCode.EndSessionAck, 0, 0, cancellationToken);
        await EndLocalSessionAsync();
        return outcome;
    }

    /// <summary>Sends an SPDM request inside the session and returns the response bytes.</summary>
    public async ValueTask<(SpdmOutcome Outcome, byte[] Response)> SendInSessionAsync(ReadOnlyMemory<byte> request, SpdmCode expected, CancellationToken cancellationToken = default)
    {
        if (Session is not { State: SpdmSessionState.Established } session)
        {
            return (new SpdmOutcome(SpdmRequestStatus.Malformed, "no established session"), []);
        }

        return await SecuredExchangeAsync(session, request.ToArray(), expected, cancellationToken);
    }

    private async ValueTask<SpdmOutcome> SimpleSessionRequestAsync(SpdmCode code, SpdmCode expected, byte param1, byte param2, CancellationToken cancellationToken)
    {
        var request = new byte[SpdmHeader.Size];
        HeaderOnlyMessage.TryWrite(request, Version, code, param1, param2, out _);
        var (outcome, _) = await SendInSessionAsync(request, expected, cancellationToken);
        return outcome;
    }

    private async ValueTask<(SpdmOutcome Outcome, byte[] Response)> SecuredExchangeAsync(SpdmSession session, byte[] request, SpdmCode expected, CancellationToken cancellationToken)
    {
        var record = await ProtectAsync(session, request);
        if (record is null)
        {
            return (new SpdmOutcome(SpdmRequestStatus.Malformed, "request does not fit a secured record"), []);
        }

        return await SendSecuredAsync(session, record, request[1], expected, cancellationToken);
    }

    /// <summary>The secured record carrying <paramref name="request"/>; null when it does not fit one.</summary>
    private async ValueTask<byte[]?> ProtectAsync(SpdmSession session, byte[] request)
    {
        var app = _transport.Profile.MctpTypeInside ? [SecuredTransportProfile.MctpSpdmType, .. request] : request;
        var buffer = new byte[app.Length + 128];
        var written = await session.TryEncryptAsync(fromRequester: true, app, buffer);
        return written == 0 ? null : buffer[..written];
    }

    private async ValueTask<(SpdmOutcome Outcome, byte[] Response)> SendSecuredAsync(SpdmSession session, byte[] record, byte requestCode, SpdmCode expected, CancellationToken cancellationToken)
    {
        var begin = RoundTrips?.Begin() ?? 0;
        var received = await _transport.SendReceiveAsync(record, _response, secured: true, cancellationToken);
        RoundTrips?.End(requestCode, begin);
        if (received == 0)
        {
            return (new SpdmOutcome(SpdmRequestStatus.NoResponse, $"no secured answer (expected {SpdmCodes.Name((byte)expected)})"), []);
        }

        var plain = new byte[received];
        var (status, offset, length) = await session.TryDecryptAsync(fromRequester: false, _response.AsMemory(0, received), plain);
        if (status != WireStatus.Done)
        {
            return (Failed("secured response failed authentication"), []);
        }

        ReadOnlySpan<byte> app = plain.AsSpan(offset, length);
        if (_transport.Profile.MctpTypeInside)
        {
            if (app.IsEmpty || app[0] != SecuredTransportProfile.MctpSpdmType)
            {
                return (Malformed("secured application data (MCTP type)"), []);
            }

            app = app[1..];
        }

        var outcome = CheckResponse(app, expected);
        return (outcome, app.ToArray());
    }

    private async ValueTask EndLocalSessionAsync()
    {
        if (Session is { } session)
        {
            Session = null;
            await session.DisposeAsync();
        }
    }

    private ValueTask<byte[]> SessionHashAsync(SpdmSession session, ReadOnlySpan<byte> extra = default) =>
        SpdmTranscript.SessionHashAsync(_crypto, _a, session, extra);
}
