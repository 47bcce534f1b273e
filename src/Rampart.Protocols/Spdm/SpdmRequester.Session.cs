using System.Security.Cryptography;
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

    /// <summary>Called with (session id, handshake secret) for spdm-dump on development setups.</summary>
    public Action<uint, SpdmSecret>? OnHandshakeSecret { get; set; }

    /// <summary>KEY_EXCHANGE then FINISH: opens an authenticated, encrypted session with the slot's key.</summary>
    public async ValueTask<SpdmOutcome> StartSessionAsync(byte slot = 0, byte hashType = 0, CancellationToken cancellationToken = default)
    {
        _m.Reset();
        _l.Reset();
        if (!_leafKeys.TryGetValue(slot, out var leafKey))
        {
            return new SpdmOutcome(SpdmRequestStatus.Malformed, $"no verified certificate chain for slot {slot}: read it first");
        }

        EndLocalSession();
        var exchange = new byte[Sizes.ExchangeDataSize];
        var dhe = _crypto.GenerateDhe(exchange);
        var random = new byte[SpdmSizes.RandomDataSize];
        _crypto.Random(random);
        var reqSessionId = _nextReqSessionId++;
        new KeyExchange { Version = Version, HashType = hashType, SlotId = slot, ReqSessionId = reqSessionId, RandomData = random, ExchangeData = exchange }.TryWrite(_request, out var n);
        var (outcome, length) = await ExchangeAsync(n, SpdmCode.KeyExchangeRsp, cancellationToken);
        if (!outcome.IsOk)
        {
            _crypto.Destroy(dhe);
            return outcome;
        }

        if (KeyExchangeRsp.TryRead(_response.AsSpan(0, length), Sizes, hashType != 0, handshakeInTheClear: false, out var rsp) != WireStatus.Done)
        {
            _crypto.Destroy(dhe);
            return Malformed("KEY_EXCHANGE_RSP");
        }

        if (rsp.MutAuthRequested != 0)
        {
            _crypto.Destroy(dhe);
            return new SpdmOutcome(SpdmRequestStatus.Unsupported, "responder asked for mutual authentication");
        }

        var session = new SpdmSession(_crypto, Version, reqSessionId | ((uint)rsp.RspSessionId << 16), _transport.Profile, psk: false)
        {
            CertChainHash = new byte[_crypto.HashSize],
        };
        _crypto.Hash(_chains[slot], session.CertChainHash);
        session.Transcript.Append(_request.AsSpan(0, n));
        session.Transcript.Append(_response.AsSpan(0, rsp.SignatureOffset));
        var th = SessionHash(session);
        if (!_crypto.VerifyEcdsa(leafKey, SpdmSigningContext.Build(Version, SpdmSigningContext.KeyExchangeRsp, th), rsp.Signature).IsValid())
        {
            _crypto.Destroy(dhe);
            session.Dispose();
            return Failed("KEY_EXCHANGE_RSP signature does not verify");
        }

        if (!_crypto.TryAgree(dhe, rsp.ExchangeData, out var shared))
        {
            session.Dispose();
            return Failed("responder's DHE public value is not on secp384r1");
        }

        session.Transcript.Append(rsp.Signature);
        var th1 = SessionHash(session);
        session.DeriveHandshake(shared, th1);
        OnHandshakeSecret?.Invoke(session.SessionId, session.HandshakeSecretForDebug);
        var verify = new byte[_crypto.HashSize];
        _crypto.Hmac(session.ResponseFinishedKey, th1, verify);
        if (!CryptographicOperations.FixedTimeEquals(verify, rsp.VerifyData))
        {
            session.Dispose();
            return Failed("ResponderVerifyData does not match");
        }

        session.Transcript.Append(rsp.VerifyData);
        Session = session;
        return await FinishAsync(session, cancellationToken);
    }

    private async ValueTask<SpdmOutcome> FinishAsync(SpdmSession session, CancellationToken cancellationToken)
    {
        var h = _crypto.HashSize;
        var finish = new byte[SpdmHeader.Size + h];
        new Finish { Version = Version, Attributes = 0, ReqSlotId = 0 }.TryWritePrefix(finish, out var verifyOffset);
        var th = SessionHash(session, finish.AsSpan(0, verifyOffset));
        _crypto.Hmac(session.RequestFinishedKey, th, finish.AsSpan(verifyOffset, h));
        var (outcome, response) = await SecuredExchangeAsync(session, finish, SpdmCode.FinishRsp, cancellationToken);
        if (!outcome.IsOk)
        {
            EndLocalSession();
            return outcome;
        }

        if (Finish.TryReadResponse(response, Sizes, handshakeInTheClear: false, out _) != WireStatus.Done)
        {
            EndLocalSession();
            return Malformed("FINISH_RSP");
        }

        session.Transcript.Append(finish);
        session.Transcript.Append(response.AsSpan(0, SpdmHeader.Size));
        session.DeriveData(SessionHash(session));
        return SpdmOutcome.Success;
    }

    /// <summary>PSK_EXCHANGE then PSK_FINISH with the pre-shared key named by <paramref name="pskHint"/>.</summary>
    public async ValueTask<SpdmOutcome> StartPskSessionAsync(ReadOnlyMemory<byte> pskHint, CancellationToken cancellationToken = default)
    {
        _m.Reset();
        _l.Reset();
        EndLocalSession();
        if (!_crypto.TryGetPsk(pskHint.Span, out var psk))
        {
            return new SpdmOutcome(SpdmRequestStatus.Malformed, "no pre-shared key with that hint");
        }

        var context = new byte[_crypto.HashSize];
        _crypto.Random(context);
        var reqSessionId = _nextReqSessionId++;
        new PskExchange { Version = Version, HashType = 0, ReqSessionId = reqSessionId, PskHint = pskHint.Span, RequesterContext = context }.TryWrite(_request, out var n);
        var (outcome, length) = await ExchangeAsync(n, SpdmCode.PskExchangeRsp, cancellationToken);
        if (!outcome.IsOk)
        {
            _crypto.Destroy(psk);
            return outcome;
        }

        if (PskExchangeRsp.TryRead(_response.AsSpan(0, length), Sizes, false, out var rsp) != WireStatus.Done)
        {
            _crypto.Destroy(psk);
            return Malformed("PSK_EXCHANGE_RSP");
        }

        var session = new SpdmSession(_crypto, Version, reqSessionId | ((uint)rsp.RspSessionId << 16), _transport.Profile, psk: true);
        session.Transcript.Append(_request.AsSpan(0, n));
        session.Transcript.Append(_response.AsSpan(0, rsp.VerifyDataOffset));
        var th1 = SessionHash(session);
        session.DeriveHandshake(psk, th1);
        var verify = new byte[_crypto.HashSize];
        _crypto.Hmac(session.ResponseFinishedKey, th1, verify);
        if (!CryptographicOperations.FixedTimeEquals(verify, rsp.VerifyData))
        {
            session.Dispose();
            return Failed("PSK ResponderVerifyData does not match (wrong key?)");
        }

        session.Transcript.Append(rsp.VerifyData);
        Session = session;
        var finish = new byte[SpdmHeader.Size + _crypto.HashSize];
        HeaderOnlyMessage.TryWrite(finish, Version, SpdmCode.PskFinish, 0, 0, out _);
        _crypto.Hmac(session.RequestFinishedKey, SessionHash(session, finish.AsSpan(0, SpdmHeader.Size)), finish.AsSpan(SpdmHeader.Size));
        var (finishOutcome, response) = await SecuredExchangeAsync(session, finish, SpdmCode.PskFinishRsp, cancellationToken);
        if (!finishOutcome.IsOk)
        {
            EndLocalSession();
            return finishOutcome;
        }

        session.Transcript.Append(finish);
        session.Transcript.Append(response.AsSpan(0, SpdmHeader.Size));
        session.DeriveData(SessionHash(session));
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
        _crypto.Random(tag);
        var operation = allKeys ? SpdmKeyUpdateOperation.UpdateAllKeys : SpdmKeyUpdateOperation.UpdateKey;
        var request = new byte[SpdmHeader.Size];
        HeaderOnlyMessage.TryWrite(request, Version, SpdmCode.KeyUpdate, (byte)operation, tag[0], out _);
        var sendPlain = request;
        if (!TryProtect(session, sendPlain, out var record))
        {
            return new SpdmOutcome(SpdmRequestStatus.Malformed, "request does not fit a secured record");
        }

        // The request goes out under the old key; the new request key applies from the next message,
        // and for UpdateAllKeys the acknowledgement already comes under the new response key.
        session.UpdateKeys(allKeys);
        var (outcome, response) = await SendSecuredAsync(session, record, SpdmCode.KeyUpdateAck, cancellationToken);
        if (!outcome.IsOk)
        {
            return outcome;
        }

        if (response[2] != (byte)operation || response[3] != tag[0])
        {
            return Malformed("KEY_UPDATE_ACK (operation or tag differs)");
        }

        session.ConfirmRequestUpdate();
        _crypto.Random(tag);
        return await SimpleSessionRequestAsync(SpdmCode.KeyUpdate, SpdmCode.KeyUpdateAck, (byte)SpdmKeyUpdateOperation.VerifyNewKey, tag[0], cancellationToken);
    }

    /// <summary>END_SESSION; the session's secrets are forgotten either way.</summary>
    public async ValueTask<SpdmOutcome> EndSessionAsync(CancellationToken cancellationToken = default)
    {
        var outcome = await SimpleSessionRequestAsync(SpdmCode.EndSession, SpdmCode.EndSessionAck, 0, 0, cancellationToken);
        EndLocalSession();
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
        if (!TryProtect(session, request, out var record))
        {
            return (new SpdmOutcome(SpdmRequestStatus.Malformed, "request does not fit a secured record"), []);
        }

        return await SendSecuredAsync(session, record, expected, cancellationToken);
    }

    private bool TryProtect(SpdmSession session, byte[] request, out byte[] record)
    {
        var app = _transport.Profile.MctpTypeInside ? [SecuredTransportProfile.MctpSpdmType, .. request] : request;
        var buffer = new byte[app.Length + 128];
        if (!session.TryEncrypt(fromRequester: true, app, buffer, out var written))
        {
            record = [];
            return false;
        }

        record = buffer[..written];
        return true;
    }

    private async ValueTask<(SpdmOutcome Outcome, byte[] Response)> SendSecuredAsync(SpdmSession session, byte[] record, SpdmCode expected, CancellationToken cancellationToken)
    {
        var received = await _transport.SendReceiveAsync(record, _response, secured: true, cancellationToken);
        if (received == 0)
        {
            return (new SpdmOutcome(SpdmRequestStatus.NoResponse, $"no secured answer (expected {SpdmCodes.Name((byte)expected)})"), []);
        }

        var plain = new byte[received];
        if (session.TryDecrypt(fromRequester: false, _response.AsSpan(0, received), plain, out var offset, out var length) != WireStatus.Done)
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

    private void EndLocalSession()
    {
        Session?.Dispose();
        Session = null;
    }

    private byte[] SessionHash(SpdmSession session, ReadOnlySpan<byte> extra = default) =>
        SpdmTranscript.SessionHash(_crypto, _a, session, extra);
}
