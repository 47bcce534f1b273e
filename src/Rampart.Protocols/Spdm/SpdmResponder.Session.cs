using System.Security.Cryptography;
using Rampart.Wire;
using Rampart.Wire.Spdm;

namespace Rampart.Protocols.Spdm;

/// <summary>
/// KEY_EXCHANGE, FINISH, PSK_EXCHANGE, PSK_FINISH, KEY_UPDATE, END_SESSION (DSP0274 §10.12–10.21):
/// the session handshake and its transcripts TH1/TH2.
/// </summary>
public sealed partial class SpdmResponder
{
    /// <summary>The transport profile new sessions use (set by the transport before KEY_EXCHANGE).</summary>
    public SecuredTransportProfile SessionTransport { get; set; } = SecuredTransportProfile.Mctp;

    private int HandleKeyExchange(ReadOnlySpan<byte> request, Span<byte> response)
    {
        if (!Supports(SpdmCapabilityFlags.KeyEx) || !PeerSupports(SpdmCapabilityFlags.KeyEx))
        {
            return Error(response, SpdmErrorCode.UnsupportedRequest, (byte)SpdmCode.KeyExchange);
        }

        if (KeyExchange.TryRead(request, Sizes, out var ke) != WireStatus.Done || ke.SlotId == 0xFF ||
            (_device.ProvisionedSlotMask & (1 << ke.SlotId)) == 0 || ke.HashType is not (0 or 1 or 0xFF) ||
            (ke.HashType != 0 && !_measurementsNegotiated))
        {
            return Error(response, SpdmErrorCode.InvalidRequest, 0);
        }

        if (_sessions.Count >= _options.MaxSessions)
        {
            return Error(response, SpdmErrorCode.SessionLimitExceeded, 0);
        }

        var exchange = new byte[Sizes.ExchangeDataSize];
        var dhe = _crypto.GenerateDhe(exchange);
        if (!_crypto.TryAgree(dhe, ke.ExchangeData, out var shared))
        {
            return Error(response, SpdmErrorCode.InvalidRequest, 0);
        }

        var session = NewSession(ke.ReqSessionId, psk: false);
        session.CertChainHash = new byte[_crypto.HashSize];
        _crypto.Hash(_device.CertificateChain(ke.SlotId), session.CertChainHash);
        var random = new byte[SpdmSizes.RandomDataSize];
        _crypto.Random(random);
        var rsp = new KeyExchangeRsp
        {
            Version = _version,
            HeartbeatPeriod = Supports(SpdmCapabilityFlags.Hbeat) ? _options.HeartbeatPeriod : (byte)0,
            RspSessionId = (ushort)(session.SessionId >> 16),
            MutAuthRequested = 0,
            ReqSlotIdParam = 0,
            RandomData = random,
            ExchangeData = exchange,
            MeasurementSummaryHash = ke.HashType == 0 ? default : MeasurementSummaryHash(),
            OpaqueData = default,
        };
        var h = _crypto.HashSize;
        var s = Sizes.SignatureSize;
        if (!rsp.TryWritePrefix(response, out var signatureOffset) || response.Length < signatureOffset + s + h)
        {
            _crypto.Destroy(shared);
            DropSession(session);
            return Error(response, SpdmErrorCode.ResponseTooLarge, 0);
        }

        // TH for the signature: A || Ct || KEY_EXCHANGE || KEY_EXCHANGE_RSP up to the signature.
        session.Transcript.Append(request[..ke.Length]);
        session.Transcript.Append(response[..signatureOffset]);
        var th = SessionHash(session);
        _device.Sign(ke.SlotId, SpdmSigningContext.Build(_version, SpdmSigningContext.KeyExchangeRsp, th), response.Slice(signatureOffset, s));
        session.Transcript.Append(response.Slice(signatureOffset, s));

        // TH1 includes the signature; the handshake secrets come from it, then ResponderVerifyData.
        var th1 = SessionHash(session);
        session.DeriveHandshake(shared, th1);
        OnHandshakeSecret?.Invoke(session.SessionId, session.HandshakeSecretForDebug);
        _crypto.Hmac(session.ResponseFinishedKey, th1, response.Slice(signatureOffset + s, h));
        session.Transcript.Append(response.Slice(signatureOffset + s, h));
        return signatureOffset + s + h;
    }

    private int HandleFinish(ReadOnlySpan<byte> request, Span<byte> response, SpdmSession session, out Action? afterSend)
    {
        afterSend = null;
        if (Finish.TryRead(request, Sizes, out var finish) != WireStatus.Done || (finish.Attributes & 1) != 0)
        {
            // Rampart never asks for mutual authentication, so a signed FINISH is invalid.
            DropSession(session);
            return Error(response, SpdmErrorCode.InvalidRequest, 0);
        }

        var th = SessionHash(session, request[..finish.VerifyDataOffset]);
        var expected = new byte[_crypto.HashSize];
        _crypto.Hmac(session.RequestFinishedKey, th, expected);
        if (!CryptographicOperations.FixedTimeEquals(expected, finish.VerifyData))
        {
            DropSession(session);
            return Error(response, SpdmErrorCode.DecryptError, 0);
        }

        session.Transcript.Append(request[..(finish.VerifyDataOffset + _crypto.HashSize)]);
        if (!Finish.TryWriteResponse(response, _version, default, out var n))
        {
            return Error(response, SpdmErrorCode.ResponseTooLarge, 0);
        }

        session.Transcript.Append(response[..n]);
        var th2 = SessionHash(session);

        // FINISH_RSP still travels under the handshake keys; the data keys start after it.
        afterSend = () => session.DeriveData(th2);
        return n;
    }

    private int HandlePskExchange(ReadOnlySpan<byte> request, Span<byte> response)
    {
        if (!Supports(SpdmCapabilityFlags.Psk) || !PeerSupports(SpdmCapabilityFlags.Psk))
        {
            return Error(response, SpdmErrorCode.UnsupportedRequest, (byte)SpdmCode.PskExchange);
        }

        if (PskExchange.TryRead(request, out var psk) != WireStatus.Done || psk.HashType is not (0 or 1 or 0xFF) ||
            (psk.HashType != 0 && !_measurementsNegotiated))
        {
            return Error(response, SpdmErrorCode.InvalidRequest, 0);
        }

        if (_sessions.Count >= _options.MaxSessions)
        {
            return Error(response, SpdmErrorCode.SessionLimitExceeded, 0);
        }

        if (!_crypto.TryGetPsk(psk.PskHint, out var key))
        {
            return Error(response, SpdmErrorCode.InvalidRequest, 0);
        }

        var session = NewSession(psk.ReqSessionId, psk: true);
        var context = new byte[_crypto.HashSize];
        _crypto.Random(context);
        var rsp = new PskExchangeRsp
        {
            Version = _version,
            HeartbeatPeriod = Supports(SpdmCapabilityFlags.Hbeat) ? _options.HeartbeatPeriod : (byte)0,
            RspSessionId = (ushort)(session.SessionId >> 16),
            MeasurementSummaryHash = psk.HashType == 0 ? default : MeasurementSummaryHash(),
            ResponderContext = context,
            OpaqueData = default,
        };
        var h = _crypto.HashSize;
        if (!rsp.TryWritePrefix(response, out var verifyOffset) || response.Length < verifyOffset + h)
        {
            _crypto.Destroy(key);
            DropSession(session);
            return Error(response, SpdmErrorCode.ResponseTooLarge, 0);
        }

        session.Transcript.Append(request[..psk.Length]);
        session.Transcript.Append(response[..verifyOffset]);
        var th1 = SessionHash(session);
        session.DeriveHandshake(key, th1);
        OnHandshakeSecret?.Invoke(session.SessionId, session.HandshakeSecretForDebug);
        _crypto.Hmac(session.ResponseFinishedKey, th1, response.Slice(verifyOffset, h));
        session.Transcript.Append(response.Slice(verifyOffset, h));
        return verifyOffset + h;
    }

    private int HandlePskFinish(ReadOnlySpan<byte> request, Span<byte> response, SpdmSession session, out Action? afterSend)
    {
        afterSend = null;
        if (PskFinish.TryReadRequest(request, Sizes, out var verify) != WireStatus.Done)
        {
            DropSession(session);
            return Error(response, SpdmErrorCode.InvalidRequest, 0);
        }

        var th = SessionHash(session, request[..SpdmHeader.Size]);
        var expected = new byte[_crypto.HashSize];
        _crypto.Hmac(session.RequestFinishedKey, th, expected);
        if (!CryptographicOperations.FixedTimeEquals(expected, verify))
        {
            DropSession(session);
            return Error(response, SpdmErrorCode.DecryptError, 0);
        }

        session.Transcript.Append(request[..(SpdmHeader.Size + _crypto.HashSize)]);
        var n = HeaderOnly(response, SpdmCode.PskFinishRsp, 0, 0);
        session.Transcript.Append(response[..n]);
        var th2 = SessionHash(session);
        afterSend = () => session.DeriveData(th2);
        return n;
    }

    private int HandleKeyUpdate(SpdmHeader header, Span<byte> response, SpdmSession session)
    {
        if (!Supports(SpdmCapabilityFlags.KeyUpd) || !PeerSupports(SpdmCapabilityFlags.KeyUpd))
        {
            return Error(response, SpdmErrorCode.UnsupportedRequest, (byte)SpdmCode.KeyUpdate);
        }

        switch ((SpdmKeyUpdateOperation)header.Param1)
        {
            case SpdmKeyUpdateOperation.UpdateKey:
                session.UpdateKeys(both: false);
                break;
            case SpdmKeyUpdateOperation.UpdateAllKeys:
                session.UpdateKeys(both: true);
                break;
            case SpdmKeyUpdateOperation.VerifyNewKey:
                session.ConfirmRequestUpdate();
                break;
            default:
                return Error(response, SpdmErrorCode.InvalidRequest, 0);
        }

        return HeaderOnly(response, SpdmCode.KeyUpdateAck, header.Param1, header.Param2);
    }

    private int HandleEndSession(Span<byte> response, SpdmSession session, out Action? afterSend)
    {
        var n = HeaderOnly(response, SpdmCode.EndSessionAck, 0, 0);

        // END_SESSION_ACK travels under the session's keys; the session ends after it is sent.
        afterSend = () => DropSession(session);
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

    private void DropSession(SpdmSession session)
    {
        _sessions.Remove(session.SessionId);
        session.Dispose();
    }

    /// <summary>Hash(A || Ct || session transcript || extra).</summary>
    private byte[] SessionHash(SpdmSession session, ReadOnlySpan<byte> extra = default) =>
        SpdmTranscript.SessionHash(_crypto, _a, session, extra);
}
