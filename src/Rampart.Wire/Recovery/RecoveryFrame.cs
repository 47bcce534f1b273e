using System.Buffers.Binary;
using Rampart.Wire.Checksums;

namespace Rampart.Wire.Recovery;

/// <summary>Why a recovery frame was refused; maps onto DEVICE_STATUS protocol errors.</summary>
public enum RecoveryFrameFault : byte
{
    /// <summary>The frame is well formed.</summary>
    None = 0,

    /// <summary>Shorter than the smallest frame of its kind.</summary>
    Truncated = 1,

    /// <summary>The length field does not match the bytes carried (protocol error 3).</summary>
    BadLength = 2,

    /// <summary>The PEC byte does not match (protocol error 4).</summary>
    BadPec = 3,
}

/// <summary>
/// The I3C/SMBus framing of OCP Secure Firmware Recovery 1.1 (§8, "physical layer" block
/// read/write with PEC). PEC is SMBus CRC-8 (poly 0x07) starting with the address byte.
/// </summary>
/// <remarks>
/// <code>
/// write:         [cmd][len lo][len hi][data × len][PEC]   PEC over addr&lt;&lt;1, cmd, len, data
/// read request:  [cmd][PEC]                              PEC over addr&lt;&lt;1, cmd
/// read response: [len lo][len hi][data × len][PEC]       PEC over addr&lt;&lt;1|1, len, data
/// </code>
/// </remarks>
public static class RecoveryFrame
{
    private const int CommandOffset = 0;
    private const int WriteLengthOffset = 1;
    private const int WriteDataOffset = 3;
    private const int ResponseLengthOffset = 0;
    private const int ResponseDataOffset = 2;
    private const int PecSize = 1;

    /// <summary>Bytes a write frame adds around its payload (command, length, PEC).</summary>
    public const int WriteOverhead = WriteDataOffset + PecSize;

    /// <summary>Size of a read request frame.</summary>
    public const int ReadRequestSize = 2;

    /// <summary>Bytes a read response adds around its payload (length, PEC).</summary>
    public const int ReadResponseOverhead = ResponseDataOffset + PecSize;

    /// <summary>The address byte of a write (7-bit address shifted, R/W = 0).</summary>
    public static byte WriteAddressByte(byte address) => (byte)(address << 1);

    /// <summary>The address byte of a read (7-bit address shifted, R/W = 1).</summary>
    public static byte ReadAddressByte(byte address) => (byte)((address << 1) | 1);

    /// <summary>The PEC of <paramref name="body"/> preceded by <paramref name="addressByte"/>.</summary>
    public static byte Pec(byte addressByte, ReadOnlySpan<byte> body) => Crc8Smbus.Update(Crc8Smbus.Update(0, addressByte), body);

    /// <summary>Encodes a write of <paramref name="payload"/> to <paramref name="command"/>.</summary>
    public static bool TryWriteWrite(byte address, byte command, ReadOnlySpan<byte> payload, Span<byte> destination, out int written)
    {
        written = 0;
        var size = payload.Length + WriteOverhead;
        if (payload.Length > RecoveryCommands.MaxFramedPayload || destination.Length < size)
        {
            return false;
        }

        destination[CommandOffset] = command;
        BinaryPrimitives.WriteUInt16LittleEndian(destination[WriteLengthOffset..], (ushort)payload.Length);
        payload.CopyTo(destination[WriteDataOffset..]);
        destination[size - 1] = Pec(WriteAddressByte(address), destination[..(size - 1)]);
        written = size;
        return true;
    }

    /// <summary>Encodes a read request for <paramref name="command"/>.</summary>
    public static bool TryWriteReadRequest(byte address, byte command, Span<byte> destination, out int written)
    {
        written = 0;
        if (destination.Length < ReadRequestSize)
        {
            return false;
        }

        destination[CommandOffset] = command;
        destination[1] = Pec(WriteAddressByte(address), destination[..1]);
        written = ReadRequestSize;
        return true;
    }

    /// <summary>Encodes a read response carrying <paramref name="payload"/>.</summary>
    public static bool TryWriteReadResponse(byte address, ReadOnlySpan<byte> payload, Span<byte> destination, out int written)
    {
        written = 0;
        var size = payload.Length + ReadResponseOverhead;
        if (payload.Length > RecoveryCommands.MaxFramedPayload || destination.Length < size)
        {
            return false;
        }

        BinaryPrimitives.WriteUInt16LittleEndian(destination[ResponseLengthOffset..], (ushort)payload.Length);
        payload.CopyTo(destination[ResponseDataOffset..]);
        destination[size - 1] = Pec(ReadAddressByte(address), destination[..(size - 1)]);
        written = size;
        return true;
    }

    /// <summary>
    /// Decodes a write frame received by the target at <paramref name="address"/>. The PEC is
    /// checked first (a corrupted length byte is a CRC error), then the length field.
    /// </summary>
    public static WireStatus TryReadWrite(byte address, ReadOnlySpan<byte> frame, out byte command, out ReadOnlySpan<byte> payload, out RecoveryFrameFault fault)
    {
        command = 0;
        payload = default;
        if (frame.Length < WriteOverhead)
        {
            fault = RecoveryFrameFault.Truncated;
            return WireStatus.NeedMoreData;
        }

        if (Pec(WriteAddressByte(address), frame[..^PecSize]) != frame[^1])
        {
            fault = RecoveryFrameFault.BadPec;
            return WireStatus.Invalid;
        }

        var length = BinaryPrimitives.ReadUInt16LittleEndian(frame[WriteLengthOffset..]);
        if (length != frame.Length - WriteOverhead)
        {
            fault = RecoveryFrameFault.BadLength;
            return WireStatus.Invalid;
        }

        command = frame[CommandOffset];
        payload = frame.Slice(WriteDataOffset, length);
        fault = RecoveryFrameFault.None;
        return WireStatus.Done;
    }

    /// <summary>Decodes a read request frame (exactly two bytes).</summary>
    public static WireStatus TryReadReadRequest(byte address, ReadOnlySpan<byte> frame, out byte command, out RecoveryFrameFault fault)
    {
        command = 0;
        if (frame.Length < ReadRequestSize)
        {
            fault = RecoveryFrameFault.Truncated;
            return WireStatus.NeedMoreData;
        }

        if (frame.Length > ReadRequestSize)
        {
            fault = RecoveryFrameFault.BadLength;
            return WireStatus.Invalid;
        }

        if (Pec(WriteAddressByte(address), frame[..1]) != frame[1])
        {
            fault = RecoveryFrameFault.BadPec;
            return WireStatus.Invalid;
        }

        command = frame[CommandOffset];
        fault = RecoveryFrameFault.None;
        return WireStatus.Done;
    }

    /// <summary>Decodes a read response received by the agent from <paramref name="address"/>.</summary>
    public static WireStatus TryReadReadResponse(byte address, ReadOnlySpan<byte> frame, out ReadOnlySpan<byte> payload, out RecoveryFrameFault fault)
    {
        payload = default;
        if (frame.Length < ReadResponseOverhead)
        {
            fault = RecoveryFrameFault.Truncated;
            return WireStatus.NeedMoreData;
        }

        var length = BinaryPrimitives.ReadUInt16LittleEndian(frame[ResponseLengthOffset..]);
        if (frame.Length < length + ReadResponseOverhead)
        {
            fault = RecoveryFrameFault.Truncated;
            return WireStatus.NeedMoreData;
        }

        if (frame.Length > length + ReadResponseOverhead)
        {
            fault = RecoveryFrameFault.BadLength;
            return WireStatus.Invalid;
        }

        if (Pec(ReadAddressByte(address), frame[..^PecSize]) != frame[^1])
        {
            fault = RecoveryFrameFault.BadPec;
            return WireStatus.Invalid;
        }

        payload = frame.Slice(ResponseDataOffset, length);
        fault = RecoveryFrameFault.None;
        return WireStatus.Done;
    }
}
