namespace Rampart.Protocols.Spdm;

/// <summary>
/// A bounded, append-only transcript buffer (DSP0274 §12: message A = VCA, B, C, K, F, L).
/// Overflow is reported, never silently truncated: the engine turns it into an ERROR.
/// </summary>
public sealed class SpdmTranscript
{
    private readonly byte[] _buffer;
    private int _length;

    /// <summary>Creates a transcript holding at most <paramref name="capacity"/> bytes.</summary>
    public SpdmTranscript(int capacity) => _buffer = new byte[capacity];

    /// <summary>The bytes so far.</summary>
    public ReadOnlySpan<byte> Bytes => _buffer.AsSpan(0, _length);

    /// <summary>Bytes so far.</summary>
    public int Length => _length;

    /// <summary>True once an append did not fit.</summary>
    public bool Overflowed { get; private set; }

    /// <summary>Appends <paramref name="data"/>; false (and Overflowed) when it does not fit.</summary>
    public bool Append(ReadOnlySpan<byte> data)
    {
        if (data.Length > _buffer.Length - _length)
        {
            Overflowed = true;
            return false;
        }

        data.CopyTo(_buffer.AsSpan(_length));
        _length += data.Length;
        return true;
    }

    /// <summary>Forgets everything.</summary>
    public void Reset()
    {
        _buffer.AsSpan(0, _length).Clear();
        _length = 0;
        Overflowed = false;
    }

    /// <summary>Cuts the transcript back to <paramref name="length"/> bytes (undo of a failed step).</summary>
    public void Truncate(int length)
    {
        if (length < _length)
        {
            _buffer.AsSpan(length, _length - length).Clear();
            _length = length;
        }
    }

    /// <summary>
    /// Hash of the concatenation of up to four transcript parts (DSP0274 §12: TH, M1, L1). The
    /// parts are copied before the hash is awaited, so the caller may reuse them at once.
    /// </summary>
    public static ValueTask<byte[]> HashOfAsync(ISpdmCrypto crypto, ReadOnlySpan<byte> a, ReadOnlySpan<byte> b = default, ReadOnlySpan<byte> c = default, ReadOnlySpan<byte> d = default)
    {
        ArgumentNullException.ThrowIfNull(crypto);
        var all = new byte[a.Length + b.Length + c.Length + d.Length];
        a.CopyTo(all);
        b.CopyTo(all.AsSpan(a.Length));
        c.CopyTo(all.AsSpan(a.Length + b.Length));
        d.CopyTo(all.AsSpan(a.Length + b.Length + c.Length));
        return HashAsync(crypto, all);
    }

    /// <summary>TH of a session: Hash(A || Ct || the session's transcript || <paramref name="extra"/>) (DSP0274 §12.4).</summary>
    public static ValueTask<byte[]> SessionHashAsync(ISpdmCrypto crypto, SpdmTranscript vca, SpdmSession session, ReadOnlySpan<byte> extra = default)
    {
        ArgumentNullException.ThrowIfNull(vca);
        ArgumentNullException.ThrowIfNull(session);
        return HashOfAsync(crypto, vca.Bytes, session.CertChainHash, session.Transcript.Bytes, extra);
    }

    private static async ValueTask<byte[]> HashAsync(ISpdmCrypto crypto, byte[] data)
    {
        var hash = new byte[crypto.HashSize];
        await crypto.HashAsync(data, hash);
        return hash;
    }
}
