namespace Rampart.Kernel.Abi.Sdk;

/// <summary>
/// The syscall ABI of the virtual MCTP drivers (KERNEL.md, Caliptra MCU numbering), shared by the
/// kernel capsule and <see cref="MctpClient"/>. Buffers hold the whole MCTP message body, message
/// type byte first.
/// <code>
/// RO allow 0   tx buffer (the message to send, exactly its length)
/// RW allow 0   rx buffer for a request       RW allow 1   rx buffer for a response
/// subscribe 0  request received  (status, length, source EID &lt;&lt; 8 | tag)
/// subscribe 1  response received (status, length, source EID &lt;&lt; 8 | tag); status NOACK: timed out
/// subscribe 2  message sent      (status, destination EID, tag)
/// command 0    present           command 1  receive a request     command 2  receive a response
/// command 3    send request(destination EID) -> SuccessU32(tag)
/// command 4    send response(destination EID, tag)
/// command 5    max message size  -> SuccessU32(bytes)
/// </code>
/// </summary>
public static class MctpDriverAbi
{
    /// <summary>Read-only allow number of the tx buffer.</summary>
    public const uint TxBuffer = 0;

    /// <summary>Read-write allow number of the request rx buffer.</summary>
    public const uint RequestBuffer = 0;

    /// <summary>Read-write allow number of the response rx buffer.</summary>
    public const uint ResponseBuffer = 1;

    /// <summary>Subscribe number: a request was received.</summary>
    public const uint ReceivedRequest = 0;

    /// <summary>Subscribe number: a response was received (or the request timed out).</summary>
    public const uint ReceivedResponse = 1;

    /// <summary>Subscribe number: a message was transmitted.</summary>
    public const uint Transmitted = 2;

    /// <summary>Command: present.</summary>
    public const uint CommandPresent = 0;

    /// <summary>Command: arm reception of one request into RW buffer 0.</summary>
    public const uint CommandReceiveRequest = 1;

    /// <summary>Command: arm reception of one response into RW buffer 1.</summary>
    public const uint CommandReceiveResponse = 2;

    /// <summary>Command: send RO buffer 0 as a request to arg0 (destination EID); returns the tag.</summary>
    public const uint CommandSendRequest = 3;

    /// <summary>Command: send RO buffer 0 as a response to arg0 (destination EID) with arg1 (tag).</summary>
    public const uint CommandSendResponse = 4;

    /// <summary>Command: the largest message the driver accepts.</summary>
    public const uint CommandMaxMessageSize = 5;

    /// <summary>Packs the source EID and tag of a receive upcall's third argument.</summary>
    public static uint PackSource(byte sourceEid, byte tag) => ((uint)sourceEid << 8) | tag;

    /// <summary>The source EID of a packed receive upcall argument.</summary>
    public static byte SourceEid(uint packed) => (byte)(packed >> 8);

    /// <summary>The tag of a packed receive upcall argument.</summary>
    public static byte Tag(uint packed) => (byte)(packed & 0x07);

    /// <summary>The error of an upcall status argument (0 is success).</summary>
    public static ErrorCode? Status(uint status) => status == 0 ? null : (ErrorCode)status;
}
