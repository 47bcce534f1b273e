using Rampart.Wire.Mctp;

namespace Rampart.Wire.Bindings;

/// <summary>
/// Finds DSP0253 serial frames (<see cref="SerialFrame"/>) in a byte stream that may hold noise,
/// partial frames and back-to-back frames sharing flags. Bytes outside a frame are skipped and
/// counted; a frame with a wrong revision, an impossible byte count, an unexpected flag, a bad
/// escape or a bad FCS is dropped and counted, and the search resumes. The packet buffer is
/// allocated once; feeding bytes allocates nothing and never throws.
/// </summary>
public sealed class SerialDeframer
{
    private readonly byte[] _packet;
    private State _state;
    private int _expected;
    private int _length;
    private byte _fcsHigh;
    private ushort _fcsReceived;
    private int _completedLength;

    /// <summary>Creates a deframer that accepts packets up to <paramref name="maxPacketSize"/> bytes (4–255).</summary>
    public SerialDeframer(int maxPacketSize = SerialFrame.MaxPacketSize)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxPacketSize, MctpTransportHeader.Size);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(maxPacketSize, SerialFrame.MaxPacketSize);
        _packet = new byte[maxPacketSize];
        _state = State.Hunt;
    }

    private enum State
    {
        Hunt,
        Revision,
        ByteCount,
        Data,
        DataEscaped,
        FcsHigh,
        FcsLow,
        EndFlag,
    }

    /// <summary>Frames delivered with a good FCS.</summary>
    public long Frames { get; private set; }

    /// <summary>Bytes skipped outside any frame.</summary>
    public long GarbageBytes { get; private set; }

    /// <summary>Frames dropped for a revision other than 1.</summary>
    public long BadRevision { get; private set; }

    /// <summary>Frames dropped for a byte count below an MCTP header or above the maximum.</summary>
    public long BadLength { get; private set; }

    /// <summary>Frames cut short by a flag, or with an escape followed by a byte other than 5D/5E.</summary>
    public long Aborted { get; private set; }

    /// <summary>Frames dropped because the FCS did not match.</summary>
    public long BadFcs { get; private set; }

    /// <summary>Frames dropped because the closing flag was missing.</summary>
    public long MissingEndFlag { get; private set; }

    /// <summary>
    /// Consumes bytes from <paramref name="input"/> until one frame completes or the input ends.
    /// Returns the number of bytes consumed; when a frame completed, <paramref name="packet"/> is its
    /// MCTP packet (valid until the next call) and the caller calls again with the rest.
    /// </summary>
    public int Feed(ReadOnlySpan<byte> input, out ReadOnlySpan<byte> packet)
    {
        packet = default;
        for (var i = 0; i < input.Length; i++)
        {
            if (Step(input[i]))
            {
                packet = _packet.AsSpan(0, _completedLength);
                return i + 1;
            }
        }

        return input.Length;
    }

    /// <summary>Forgets any partial frame (a line reset).</summary>
    public void Reset() => _state = State.Hunt;

    private bool Step(byte b)
    {
        switch (_state)
        {
            case State.Hunt:
                if (b == SerialFrame.Flag)
                {
                    _state = State.Revision;
                }
                else
                {
                    GarbageBytes++;
                }

                return false;

            case State.Revision:
                if (b == SerialFrame.Flag)
                {
                    return false;
                }

                if (b != SerialFrame.Revision)
                {
                    BadRevision++;
                    _state = State.Hunt;
                    return false;
                }

                _state = State.ByteCount;
                return false;

            case State.ByteCount:
                if (b < MctpTransportHeader.Size || b > _packet.Length)
                {
                    BadLength++;
                    _state = b == SerialFrame.Flag ? State.Revision : State.Hunt;
                    return false;
                }

                _expected = b;
                _length = 0;
                _state = State.Data;
                return false;

            case State.Data:
                if (b == SerialFrame.Flag)
                {
                    Aborted++;
                    _state = State.Revision;
                    return false;
                }

                if (b == SerialFrame.Escape)
                {
                    _state = State.DataEscaped;
                    return false;
                }

                Store(b);
                return false;

            case State.DataEscaped:
                if (b is not ((SerialFrame.Flag ^ SerialFrame.EscapeXor) or (SerialFrame.Escape ^ SerialFrame.EscapeXor)))
                {
                    Aborted++;
                    _state = b == SerialFrame.Flag ? State.Revision : State.Hunt;
                    return false;
                }

                _state = State.Data;
                Store((byte)(b ^ SerialFrame.EscapeXor));
                return false;

            case State.FcsHigh:
                _fcsHigh = b;
                _state = State.FcsLow;
                return false;

            case State.FcsLow:
                _fcsReceived = (ushort)((_fcsHigh << 8) | b);
                _state = State.EndFlag;
                return false;

            default:
                return Finish(b);
        }
    }

    private void Store(byte b)
    {
        _packet[_length++] = b;
        if (_length == _expected)
        {
            _state = State.FcsHigh;
        }
    }

    private bool Finish(byte b)
    {
        if (b != SerialFrame.Flag)
        {
            MissingEndFlag++;
            _state = State.Hunt;
            return false;
        }

        // The closing flag may also open the next frame.
        _state = State.Revision;
        if (SerialFrame.ComputeFcs(_packet.AsSpan(0, _length)) != _fcsReceived)
        {
            BadFcs++;
            return false;
        }

        Frames++;
        _completedLength = _length;
        return true;
    }
}
