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
public sealed class SpdmSession : IAsyncDisposable
{
    private readonly ISpdmCrypto _crypto;
    private SpdmSecret _handshakeSecret = SpdmSecret.None;
    private SpdmKeySchedule.DirectionKeys _request = SpdmKeySchedule.DirectionKeys.None;
    private SpdmKeySchedule.DirectionKeys _response = SpdmKeySchedule.DirectionKeys.None;
    private SpdmKeySchedule.DirectionKeys _previousRequest = SpdmKeySchedule.DirectionKeys.None;

    // The plaintext of one outgoing record, the nonces and the padding draw live here, not in
    // fresh arrays per record (a span cannot cross the crypto provider's awaits).
    private readonly byte[] _plain = new byte[MaxRecordPlaintext];
    private readonly byte[] _encryptNonce = new byte[SpdmKeySchedule.IvSize];
    private readonly byte[] _decryptNonce = new byte[SpdmKeySchedule.IvSize];
    private readonly byte[] _paddingLength = new byte[1];

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

    /// <summary>
    /// True when KEY_EXCHANGE_RSP asked for mutual authentication: FINISH must then carry the
    /// requester's signature, and Hash(CM) follows message K in the transcript (DSP0274 §12).
    /// </summary>
    public bool MutualAuthentication { get; set; }

    /// <summary>Finished key of the requester direction.</summary>
    public SpdmSecret RequestFinishedKey { get; private set; } = SpdmSecret.None;

    /// <summary>Finished key of the responder direction.</summary>
    public SpdmSecret ResponseFinishedKey { get; private set; } = SpdmSecret.None;

    /// <summary>Next sequence number for requester→responder records.</summary>
    public ulong RequestSequence { get; private set; }

    /// <summary>Next sequence number for responder→requester records.</summary>
    public ulong ResponseSequence { get; private set; }

    /// <summary>Records that failed authentication and were dropped.</summary>
    public int DroppedRecords { get; private set; }

    /// <summary>
    /// Derives the handshake secrets from the DHE secret or PSK and TH1 (DSP0274 §12.5). Salt_0
    /// is Hash.Length zero bytes, except for a PSK session from SPDM 1.3 on, where it is
    /// Hash.Length 0xFF bytes (the 1.3 key schedule's change; DMTF's libspdm follows it).
    /// </summary>
    public async ValueTask DeriveHandshakeAsync(SpdmSecret sharedSecret, ReadOnlyMemory<byte> th1)
    {
        var h = _crypto.HashSize;
        _handshakeSecret = await _crypto.HkdfExtractAsync(Salt0(Version, IsPsk, h), sharedSecret);
        await _crypto.DestroyAsync(sharedSecret);
        var req = await _crypto.HkdfExpandAsync(_handshakeSecret, SpdmKeySchedule.BinConcat(Version, h, SpdmKeySchedule.RequestHandshake, th1.Span), h);
        var rsp = await _crypto.HkdfExpandAsync(_handshakeSecret, SpdmKeySchedule.BinConcat(Version, h, SpdmKeySchedule.ResponseHandshake, th1.Span), h);
        RequestFinishedKey = await SpdmKeySchedule.FinishedKeyAsync(_crypto, Version, req);
        ResponseFinishedKey = await SpdmKeySchedule.FinishedKeyAsync(_crypto, Version, rsp);
        _request = await SpdmKeySchedule.DeriveKeysAsync(_crypto, Version, req);
        _response = await SpdmKeySchedule.DeriveKeysAsync(_crypto, Version, rsp);
        RequestSequence = 0;
        ResponseSequence = 0;
        State = SpdmSessionState.Handshaking;
    }

    /// <summary>Salt_0 of the key schedule for a session of <paramref name="version"/>.</summary>
    public static byte[] Salt0(byte version, bool psk, int hashSize)
    {
        var salt = new byte[hashSize];
        if (psk && version >= SpdmVersion.V13)
        {
            salt.AsSpan().Fill(0xFF);
        }

        return salt;
    }

    /// <summary>Derives the data secrets from TH2 and forgets the handshake keys (DSP0274 §12.6).</summary>
    public async ValueTask DeriveDataAsync(ReadOnlyMemory<byte> th2)
    {
        var h = _crypto.HashSize;
        var salt1 = await _crypto.HkdfExpandAsync(_handshakeSecret, SpdmKeySchedule.BinConcat(Version, h, SpdmKeySchedule.Derived, default), h);
        var master = await _crypto.HkdfExtractWithSecretSaltAsync(salt1);
        await _crypto.DestroyAsync(salt1);
        var req = await _crypto.HkdfExpandAsync(master, SpdmKeySchedule.BinConcat(Version, h, SpdmKeySchedule.RequestData, th2.Span), h);
        var rsp = await _crypto.HkdfExpandAsync(master, SpdmKeySchedule.BinConcat(Version, h, SpdmKeySchedule.ResponseData, th2.Span), h);
        await _crypto.DestroyAsync(master);
        await DestroyDirectionAsync(_request);
        await DestroyDirectionAsync(_response);
        await _crypto.DestroyAsync(RequestFinishedKey);
        await _crypto.DestroyAsync(ResponseFinishedKey);
        RequestFinishedKey = SpdmSecret.None;
        ResponseFinishedKey = SpdmSecret.None;
        _request = await SpdmKeySchedule.DeriveKeysAsync(_crypto, Version, req);
        _response = await SpdmKeySchedule.DeriveKeysAsync(_crypto, Version, rsp);
        RequestSequence = 0;
        ResponseSequence = 0;
        State = SpdmSessionState.Established;
    }

    /// <summary>
    /// Checks the VerifyData a peer sent: HMAC of <paramref name="th"/> under the finished key
    /// of the direction it came from, compared in constant time (DSP0274 §10.13, §10.15).
    /// </summary>
    public async ValueTask<bool> VerifyFinishedAsync(bool fromRequester, ReadOnlyMemory<byte> th, ReadOnlyMemory<byte> verifyData)
    {
        var expected = new byte[_crypto.HashSize];
        await _crypto.HmacAsync(fromRequester ? RequestFinishedKey : ResponseFinishedKey, th, expected);
        return CryptographicOperations.FixedTimeEquals(expected, verifyData.Span);
    }

    /// <summary>
    /// KEY_UPDATE (DSP0274 §10.19): moves the request direction (and the response direction
    /// when <paramref name="both"/>) to the next secret. The old request key is kept until
    /// <see cref="ConfirmRequestUpdateAsync"/> so a retried request still decrypts.
    /// </summary>
    public async ValueTask UpdateKeysAsync(bool both)
    {
        await DestroyDirectionAsync(_previousRequest);
        _previousRequest = _request;
        _request = await SpdmKeySchedule.DeriveKeysAsync(_crypto, Version, await SpdmKeySchedule.UpdateAsync(_crypto, Version, _request.Secret));
        RequestSequence = 0;
        if (both)
        {
            var old = _response;
            _response = await SpdmKeySchedule.DeriveKeysAsync(_crypto, Version, await SpdmKeySchedule.UpdateAsync(_crypto, Version, old.Secret));
            await DestroyDirectionAsync(old);
            ResponseSequence = 0;
        }
    }

    /// <summary>Forgets the request key in use before the last update (after VerifyNewKey).</summary>
    public async ValueTask ConfirmRequestUpdateAsync()
    {
        await DestroyDirectionAsync(_previousRequest);
        _previousRequest = SpdmKeySchedule.DirectionKeys.None;
    }

    /// <summary>
    /// Protects <paramref name="applicationData"/> into a DSP0277 record in <paramref name="record"/>
    /// and returns the record's length, or 0 when the direction has no keys yet or the record
    /// does not fit. <paramref name="fromRequester"/> picks the direction's keys and sequence number.
    /// The plaintext is built in a buffer the session owns: calls must not overlap.
    /// </summary>
    public async ValueTask<int> TryEncryptAsync(bool fromRequester, ReadOnlyMemory<byte> applicationData, Memory<byte> record)
    {
        var keys = fromRequester ? _request : _response;
        if (!keys.Key.IsValid || applicationData.Length > ushort.MaxValue)
        {
            return 0;
        }

        var padding = 0;
        if (Transport.MaxRandomPadding > 0)
        {
            await _crypto.RandomAsync(_paddingLength);
            padding = _paddingLength[0] % (Transport.MaxRandomPadding + 1);
        }

        var plainLength = SecuredMessage.InnerHeaderSize + applicationData.Length + padding;
        var headerSize = SecuredMessage.HeaderSize(Transport.SequenceNumberSize);
        if (record.Length < headerSize + plainLength + SecuredMessage.MacSize || plainLength > _plain.Length)
        {
            return 0;
        }

        var sequence = fromRequester ? RequestSequence : ResponseSequence;
        SecuredMessage.WriteHeader(record.Span, SessionId, sequence, Transport.SequenceNumberSize, plainLength);
        var plain = _plain.AsMemory(0, plainLength);
        WritePlainHeader(plain.Span, applicationData.Span);
        await _crypto.RandomAsync(plain[(SecuredMessage.InnerHeaderSize + applicationData.Length)..]);
        SpdmKeySchedule.Nonce(keys.Iv, sequence, _encryptNonce);
        await _crypto.AeadEncryptAsync(new SpdmRecordKey(keys.Key, keys.Secret, Version, sequence), _encryptNonce, plain, record[..headerSize], record.Slice(headerSize, plainLength), record.Slice(headerSize + plainLength, SecuredMessage.MacSize));
        CryptographicOperations.ZeroMemory(plain.Span);
        if (fromRequester)
        {
            RequestSequence++;
        }
        else
        {
            ResponseSequence++;
        }

        return headerSize + plainLength + SecuredMessage.MacSize;
    }

    /// <summary>
    /// Opens a record sent in the given direction into <paramref name="buffer"/> (which the
    /// caller owns); on Done the application data is at (ApplicationOffset, ApplicationLength)
    /// of the buffer. A record that fails authentication is dropped and counted.
    /// </summary>
    public async ValueTask<(WireStatus Status, int ApplicationOffset, int ApplicationLength)> TryDecryptAsync(bool fromRequester, ReadOnlyMemory<byte> record, Memory<byte> buffer)
    {
        var status = ReadRecord(record, buffer.Length, out var sealedRecord);
        if (status != WireStatus.Done)
        {
            DroppedRecords++;
            return (status, 0, 0);
        }

        var plain = buffer[..sealedRecord.Ciphertext.Length];
        var sequence = fromRequester ? RequestSequence : ResponseSequence;
        if (await OpenAsync(fromRequester ? _request : _response, sequence, sealedRecord, plain) ||
            (fromRequester && _previousRequest.Key.IsValid && await OpenAsync(_previousRequest, sequence, sealedRecord, plain)))
        {
            if (SecuredMessage.TryReadPlaintext(plain.Span, out var app) != WireStatus.Done)
            {
                DroppedRecords++;
                return (WireStatus.Invalid, 0, 0);
            }

            if (fromRequester)
            {
                RequestSequence++;
            }
            else
            {
                ResponseSequence++;
            }

            return (WireStatus.Done, SecuredMessage.InnerHeaderSize, app.Length);
        }

        DroppedRecords++;
        return (WireStatus.Invalid, 0, 0);
    }

    /// <summary>The parts of a received record, as slices of it.</summary>
    private readonly record struct SealedRecord(ReadOnlyMemory<byte> AssociatedData, ReadOnlyMemory<byte> Ciphertext, ReadOnlyMemory<byte> Mac);

    /// <summary>Reads a record's header; Invalid when it names another session or its ciphertext exceeds <paramref name="room"/>.</summary>
    private WireStatus ReadRecord(ReadOnlyMemory<byte> record, int room, out SealedRecord parts)
    {
        parts = default;
        var status = SecuredMessage.TryRead(record.Span, Transport.SequenceNumberSize, out var message);
        if (status != WireStatus.Done)
        {
            return status;
        }

        if (message.SessionId != SessionId || room < message.Ciphertext.Length)
        {
            return WireStatus.Invalid;
        }

        parts = new SealedRecord(MemorySlice.Of(record, message.AssociatedData), MemorySlice.Of(record, message.Ciphertext), MemorySlice.Of(record, message.Mac));
        return WireStatus.Done;
    }

    private static void WritePlainHeader(Span<byte> plain, ReadOnlySpan<byte> applicationData)
    {
        plain[0] = (byte)applicationData.Length;
        plain[1] = (byte)(applicationData.Length >> 8);
        applicationData.CopyTo(plain[SecuredMessage.InnerHeaderSize..]);
    }

    private async ValueTask<bool> OpenAsync(SpdmKeySchedule.DirectionKeys keys, ulong sequence, SealedRecord record, Memory<byte> plain)
    {
        if (!keys.Key.IsValid)
        {
            return false;
        }

        SpdmKeySchedule.Nonce(keys.Iv, sequence, _decryptNonce);
        return (await _crypto.AeadDecryptAsync(new SpdmRecordKey(keys.Key, keys.Secret, Version, sequence), _decryptNonce, record.Ciphertext, record.Mac, record.AssociatedData, plain)).IsValid();
    }

    private async ValueTask DestroyDirectionAsync(SpdmKeySchedule.DirectionKeys keys)
    {
        await _crypto.DestroyAsync(keys.Secret);
        await _crypto.DestroyAsync(keys.Key);
    }

    /// <summary>Forgets every secret of the session.</summary>
    public async ValueTask DisposeAsync()
    {
        await DestroyDirectionAsync(_request);
        await DestroyDirectionAsync(_response);
        await DestroyDirectionAsync(_previousRequest);
        await _crypto.DestroyAsync(_handshakeSecret);
        await _crypto.DestroyAsync(RequestFinishedKey);
        await _crypto.DestroyAsync(ResponseFinishedKey);
        _request = SpdmKeySchedule.DirectionKeys.None;
        _response = SpdmKeySchedule.DirectionKeys.None;
        _previousRequest = SpdmKeySchedule.DirectionKeys.None;
        _handshakeSecret = SpdmSecret.None;
        State = SpdmSessionState.None;
    }
}
