using System.Security.Cryptography;
using Rampart.Hal.Crypto;
using Rampart.Wire;
using Rampart.Wire.Spdm;

namespace Rampart.Protocols.Spdm;

/// <summary>
/// One SPDM secure session: its id, key schedule state, per-direction keys and sequence
/// numbers, and the DSP0277 record protection. Used by both the responder and the requester;
/// "request" keys protect requester→responder traffic.
/// </summary>
public sealed class SpdmSession : IDisposable
{
    private readonly ISpdmCrypto _crypto;
    private SpdmSecret _handshakeSecret;
    private SpdmKeySchedule.DirectionKeys _request;
    private SpdmKeySchedule.DirectionKeys _response;
    private SpdmKeySchedule.DirectionKeys _previousRequest;

    // The plaintext of one outgoing record is built here, not in a fresh array per record.
    private readonly byte[] _plain = new byte[MaxRecordPlaintext];

    /// <summary>Largest plaintext (length field, application data and padding) of one record.</summary>
    public const int MaxRecordPlaintext = 8192;

    /// <summary>Creates a session (keys come later).</summary>
    public SpdmSession(ISpdmCrypto crypto, byte version, uint sessionId, SecuredTransportProfile transport, bool psk)
    {
        _crypto = crypto;
        Version = version;
        SessionId = sessionId;
        Transport = transport;
        IsPsk = psk;
        Transcript = new SpdmTranscript(8 * 1024);
    }

    /// <summary>Negotiated version (labels use it).</summary>
    public byte Version { get; }

    /// <summary>ReqSessionID | RspSessionID &lt;&lt; 16.</summary>
    public uint SessionId { get; }

    /// <summary>How the transport frames secured records.</summary>
    public SecuredTransportProfile Transport { get; }

    /// <summary>True for a PSK session.</summary>
    public bool IsPsk { get; }

    /// <summary>Handshake state.</summary>
    public SpdmSessionState State { get; set; }

    /// <summary>Message K/F of this session (KEY_EXCHANGE … FINISH_RSP), appended after VCA and Ct.</summary>
    public SpdmTranscript Transcript { get; }

    /// <summary>Ct: the hash of the certificate chain the session was authenticated with (empty for PSK).</summary>
    public byte[] CertChainHash { get; set; } = [];

    /// <summary>Finished key of the requester direction.</summary>
    public SpdmSecret RequestFinishedKey { get; private set; }

    /// <summary>Finished key of the responder direction.</summary>
    public SpdmSecret ResponseFinishedKey { get; private set; }

    /// <summary>Next sequence number for requester→responder records.</summary>
    public ulong RequestSequence { get; private set; }

    /// <summary>Next sequence number for responder→requester records.</summary>
    public ulong ResponseSequence { get; private set; }

    /// <summary>Records that failed authentication and were dropped.</summary>
    public int DroppedRecords { get; private set; }

    /// <summary>The handshake secret, for DMTF spdm-dump on development chips only.</summary>
    public SpdmSecret HandshakeSecretForDebug => _handshakeSecret;

    /// <summary>Derives the handshake secrets from the DHE secret or PSK and TH1 (DSP0274 §12.5).</summary>
    public void DeriveHandshake(SpdmSecret sharedSecret, ReadOnlySpan<byte> th1)
    {
        var h = _crypto.HashSize;
        _handshakeSecret = _crypto.HkdfExtract(new byte[h], sharedSecret);
        _crypto.Destroy(sharedSecret);
        var req = _crypto.HkdfExpand(_handshakeSecret, SpdmKeySchedule.BinConcat(Version, h, SpdmKeySchedule.RequestHandshake, th1), h);
        var rsp = _crypto.HkdfExpand(_handshakeSecret, SpdmKeySchedule.BinConcat(Version, h, SpdmKeySchedule.ResponseHandshake, th1), h);
        RequestFinishedKey = SpdmKeySchedule.FinishedKey(_crypto, Version, req);
        ResponseFinishedKey = SpdmKeySchedule.FinishedKey(_crypto, Version, rsp);
        _request = SpdmKeySchedule.DeriveKeys(_crypto, Version, req);
        _response = SpdmKeySchedule.DeriveKeys(_crypto, Version, rsp);
        RequestSequence = 0;
        ResponseSequence = 0;
        State = SpdmSessionState.Handshaking;
    }

    /// <summary>Derives the data secrets from TH2 and forgets the handshake keys (DSP0274 §12.6).</summary>
    public void DeriveData(ReadOnlySpan<byte> th2)
    {
        var h = _crypto.HashSize;
        var salt1 = _crypto.HkdfExpand(_handshakeSecret, SpdmKeySchedule.BinConcat(Version, h, SpdmKeySchedule.Derived, default), h);
        var master = _crypto.HkdfExtractWithSecretSalt(salt1);
        _crypto.Destroy(salt1);
        var req = _crypto.HkdfExpand(master, SpdmKeySchedule.BinConcat(Version, h, SpdmKeySchedule.RequestData, th2), h);
        var rsp = _crypto.HkdfExpand(master, SpdmKeySchedule.BinConcat(Version, h, SpdmKeySchedule.ResponseData, th2), h);
        _crypto.Destroy(master);
        DestroyDirection(_request);
        DestroyDirection(_response);
        _crypto.Destroy(RequestFinishedKey);
        _crypto.Destroy(ResponseFinishedKey);
        RequestFinishedKey = default;
        ResponseFinishedKey = default;
        _request = SpdmKeySchedule.DeriveKeys(_crypto, Version, req);
        _response = SpdmKeySchedule.DeriveKeys(_crypto, Version, rsp);
        RequestSequence = 0;
        ResponseSequence = 0;
        State = SpdmSessionState.Established;
    }

    /// <summary>
    /// KEY_UPDATE (DSP0274 §10.19): moves the request direction (and the response direction
    /// when <paramref name="both"/>) to the next secret. The old request key is kept until
    /// <see cref="ConfirmRequestUpdate"/> so a retried request still decrypts.
    /// </summary>
    public void UpdateKeys(bool both)
    {
        DestroyDirection(_previousRequest);
        _previousRequest = _request;
        _request = SpdmKeySchedule.DeriveKeys(_crypto, Version, SpdmKeySchedule.Update(_crypto, Version, _request.Secret));
        RequestSequence = 0;
        if (both)
        {
            var old = _response;
            _response = SpdmKeySchedule.DeriveKeys(_crypto, Version, SpdmKeySchedule.Update(_crypto, Version, old.Secret));
            DestroyDirection(old);
            ResponseSequence = 0;
        }
    }

    /// <summary>Forgets the request key in use before the last update (after VerifyNewKey).</summary>
    public void ConfirmRequestUpdate()
    {
        DestroyDirection(_previousRequest);
        _previousRequest = default;
    }

    /// <summary>
    /// Protects <paramref name="applicationData"/> into a DSP0277 record in <paramref name="record"/>.
    /// <paramref name="fromRequester"/> picks the direction's keys and sequence number.
    /// </summary>
    public bool TryEncrypt(bool fromRequester, ReadOnlySpan<byte> applicationData, Span<byte> record, out int written)
    {
        written = 0;
        var keys = fromRequester ? _request : _response;
        if (!keys.Key.IsValid || applicationData.Length > ushort.MaxValue)
        {
            return false;
        }

        var padding = 0;
        if (Transport.MaxRandomPadding > 0)
        {
            Span<byte> r = stackalloc byte[1];
            _crypto.Random(r);
            padding = r[0] % (Transport.MaxRandomPadding + 1);
        }

        var plainLength = SecuredMessage.InnerHeaderSize + applicationData.Length + padding;
        var headerSize = SecuredMessage.HeaderSize(Transport.SequenceNumberSize);
        if (record.Length < headerSize + plainLength + SecuredMessage.MacSize || plainLength > _plain.Length)
        {
            return false;
        }

        var sequence = fromRequester ? RequestSequence : ResponseSequence;
        SecuredMessage.WriteHeader(record, SessionId, sequence, Transport.SequenceNumberSize, plainLength);
        var plain = _plain.AsSpan(0, plainLength);
        plain[0] = (byte)applicationData.Length;
        plain[1] = (byte)(applicationData.Length >> 8);
        applicationData.CopyTo(plain[SecuredMessage.InnerHeaderSize..]);
        _crypto.Random(plain[(SecuredMessage.InnerHeaderSize + applicationData.Length)..]);
        Span<byte> nonce = stackalloc byte[SpdmKeySchedule.IvSize];
        SpdmKeySchedule.Nonce(keys.Iv, sequence, nonce);
        _crypto.AeadEncrypt(keys.Key, nonce, plain, record[..headerSize], record.Slice(headerSize, plainLength), record.Slice(headerSize + plainLength, SecuredMessage.MacSize));
        CryptographicOperations.ZeroMemory(plain);
        if (fromRequester)
        {
            RequestSequence++;
        }
        else
        {
            ResponseSequence++;
        }

        written = headerSize + plainLength + SecuredMessage.MacSize;
        return true;
    }

    /// <summary>
    /// Opens a record sent in the given direction into <paramref name="applicationData"/>
    /// (a buffer the caller owns). A record that fails authentication is dropped and counted.
    /// </summary>
    public WireStatus TryDecrypt(bool fromRequester, ReadOnlySpan<byte> record, Span<byte> buffer, out int applicationOffset, out int applicationLength)
    {
        applicationOffset = 0;
        applicationLength = 0;
        var status = SecuredMessage.TryRead(record, Transport.SequenceNumberSize, out var message);
        if (status != WireStatus.Done)
        {
            DroppedRecords++;
            return status;
        }

        if (message.SessionId != SessionId || buffer.Length < message.Ciphertext.Length)
        {
            DroppedRecords++;
            return WireStatus.Invalid;
        }

        var plain = buffer[..message.Ciphertext.Length];
        var sequence = fromRequester ? RequestSequence : ResponseSequence;
        if (Open(fromRequester ? _request : _response, sequence, message, plain) ||
            (fromRequester && _previousRequest.Key.IsValid && Open(_previousRequest, sequence, message, plain)))
        {
            if (SecuredMessage.TryReadPlaintext(plain, out var app) != WireStatus.Done)
            {
                DroppedRecords++;
                return WireStatus.Invalid;
            }

            if (fromRequester)
            {
                RequestSequence++;
            }
            else
            {
                ResponseSequence++;
            }

            applicationOffset = SecuredMessage.InnerHeaderSize;
            applicationLength = app.Length;
            return WireStatus.Done;
        }

        DroppedRecords++;
        return WireStatus.Invalid;
    }

    private bool Open(SpdmKeySchedule.DirectionKeys keys, ulong sequence, SecuredMessage message, Span<byte> plain)
    {
        if (!keys.Key.IsValid)
        {
            return false;
        }

        Span<byte> nonce = stackalloc byte[SpdmKeySchedule.IvSize];
        SpdmKeySchedule.Nonce(keys.Iv, sequence, nonce);
        return _crypto.AeadDecrypt(keys.Key, nonce, message.Ciphertext, message.Mac, message.AssociatedData, plain).IsValid();
    }

    private void DestroyDirection(SpdmKeySchedule.DirectionKeys keys)
    {
        _crypto.Destroy(keys.Secret);
        _crypto.Destroy(keys.Key);
    }

    /// <summary>Forgets every secret of the session.</summary>
    public void Dispose()
    {
        DestroyDirection(_request);
        DestroyDirection(_response);
        DestroyDirection(_previousRequest);
        _crypto.Destroy(_handshakeSecret);
        _crypto.Destroy(RequestFinishedKey);
        _crypto.Destroy(ResponseFinishedKey);
        _request = default;
        _response = default;
        _previousRequest = default;
        _handshakeSecret = default;
        State = SpdmSessionState.None;
    }
}
