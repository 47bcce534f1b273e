using System.Buffers.Binary;
using Rampart.Hal.Peripherals;
using Rampart.Kernel;
using Rampart.Kernel.Abi;
using Rampart.Kernel.Abi.Sdk;
using Rampart.Wire;
using Rampart.Wire.Doe;

namespace Rampart.Firmware.Mcu.Runtime.Capsules;

/// <summary>
/// SPDM over PCIe DOE (driver <see cref="DriverNumbers.DoeSpdm"/>; PCIe 6.x §6.30, CMA/SPDM data
/// objects of §6.31): the MCU side of the chip's DOE mailbox. The capsule answers DOE Discovery
/// (type 0) itself — index 0 Discovery, 1 CMA/SPDM, 2 Secured CMA/SPDM — and hands CMA/SPDM (type
/// 1) and Secured CMA/SPDM (type 2) objects, header included, to the listening app, which answers
/// with one whole object of the same kind. It follows the receive-request / send-response half of
/// <see cref="MctpDriverAbi"/>, so apps use <see cref="MctpClient"/>:
/// <code>
/// RW allow 0   rx buffer (a whole DOE data object)      RO allow 0   tx buffer (the answer object)
/// subscribe 0  object received (status, length, type)   subscribe 2  answer published (status, 0, 0)
/// command 0 present   command 1 receive an object   command 4 send the answer
/// command 5 max object size -> SuccessU32(bytes)      command 6 refuse the object being served (no answer)
/// </code>
/// An object whose header Length disagrees with the dwords delivered (a truncated header, a Length
/// of 1, a Length of 0 — 2^18 DW — on a shorter object) is silently discarded (§6.30.1). Any other
/// object it cannot serve — unknown vendor or type, a reserved header bit set, a discovery object
/// without its request dword, no listener, too large for the app's buffer, or one the app refuses
/// or answers with an object the mailbox does not take — gets no answer: the mailbox's Error bit
/// rises (§7.9.24.4, DOE Status, Error: "a data object has been received for which the DOE
/// instance is unable to provide a response") and the host clears it with Abort. Discovery follows
/// <see cref="DoeDiscovery"/>: any DOE Discovery Version, reserved bytes ignored, and an index past
/// the last protocol answered with Vendor ID FFFFh (no protocol at that index, next index 0). One
/// object at a time: the next is taken from the mailbox once the current one is answered or
/// refused, or as soon as the host sends one — the mailbox takes Go only after an answer, Error or
/// Abort, so a new object means the host aborted the old, which is dropped (never delivered; an
/// answer to it is refused). Allocates only in its constructor.
/// </summary>
public sealed class DoeSpdmCapsule : ISyscallDriver
{
    /// <summary>Grant bytes charged to each process.</summary>
    public const int GrantBytes = 16;

    /// <summary>Command: refuse the object being served (the host sees Error).</summary>
    public const uint CommandRefuse = 6;

    private const uint LengthMask = DoeDataObjectHeader.MaxLengthDwords - 1;
    private readonly IDoeResponder _doe;
    private readonly Grant<DoeGrant> _grant;
    private readonly byte[] _object;
    private readonly byte[] _discovery = new byte[DoeDiscovery.AnswerSize];
    private ProcessId? _listener;
    private int _pendingLength = -1;
    private byte _pendingType;
    private bool _serving;

    // Per-call scratch (the kernel is single-threaded).
    private ErrorCode? _error;

    /// <summary>Creates the capsule over <paramref name="doe"/> for objects of up to <paramref name="maxObjectBytes"/>.</summary>
    public DoeSpdmCapsule(Kernel.Kernel kernel, MemoryAllocationCapability capability, IDoeResponder doe, int maxObjectBytes)
    {
        ArgumentNullException.ThrowIfNull(kernel);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxObjectBytes, DoeDataObjectHeader.Size + 4);
        _doe = doe ?? throw new ArgumentNullException(nameof(doe));
        _grant = kernel.CreateGrant<DoeGrant>(DriverNumbers.DoeSpdm, GrantBytes, capability);
        _object = new byte[maxObjectBytes];
    }

    /// <summary>SPDM and secured-SPDM objects handed to the app.</summary>
    public long ObjectsDelivered { get; private set; }

    /// <summary>Discovery requests answered.</summary>
    public long DiscoveryAnswered { get; private set; }

    /// <summary>Objects refused: unknown vendor or type, a reserved header bit set, a discovery object without its request dword.</summary>
    public long Unsupported { get; private set; }

    /// <summary>Objects refused because no app listens, its buffer is too small, or it refused them.</summary>
    public long Unserved { get; private set; }

    /// <summary>Answers published.</summary>
    public long Answered { get; private set; }

    /// <summary>Answers the mailbox did not take (malformed, or the host aborted meanwhile).</summary>
    public long AnswersLost { get; private set; }

    /// <summary>Objects silently discarded: their header Length disagrees with the dwords delivered.</summary>
    public long Discarded { get; private set; }

    /// <summary>Objects dropped unanswered because the host aborted them (it sent the next one first).</summary>
    public long Abandoned { get; private set; }

    /// <summary>Upcalls the process's queue refused.</summary>
    public long UpcallsLost { get; private set; }

    /// <summary>Takes the next object from the mailbox, or delivers the pending one; the board's loop calls it.</summary>
    public void Service()
    {
        if (!_doe.TryReceive(_object, out var length))
        {
            Deliver();
            return;
        }

        // A new object while one is still being served: the host aborted that one (the mailbox
        // takes Go only once the object before was answered, refused or aborted).
        if (_serving)
        {
            _serving = false;
            _pendingLength = -1;
            Abandoned++;
        }

        if (length < DoeDataObjectHeader.Size || ObjectBytes(_object) != length)
        {
            Discard();
            return;
        }

        if (DoeDataObject.TryRead(_object.AsSpan(0, length), out var header, out var data, out _) != WireStatus.Done
            || header.VendorId != DoeDataObjectHeader.PciSigVendorId)
        {
            Refuse(unsupported: true);
            return;
        }

        switch (header.Type)
        {
            case DoeDataObjectType.Discovery:
                AnswerDiscovery(data);
                return;
            case DoeDataObjectType.Spdm:
            case DoeDataObjectType.SecuredSpdm:
                if (_listener is null)
                {
                    Refuse(unsupported: false);
                    return;
                }

                _serving = true;
                _pendingLength = length;
                _pendingType = (byte)header.Type;
                Deliver();
                return;
            default:
                Refuse(unsupported: true);
                return;
        }
    }

    /// <inheritdoc />
    public SyscallReturn Command(ProcessId process, uint commandNumber, uint arg0, uint arg1)
    {
        switch (commandNumber)
        {
            case MctpDriverAbi.CommandPresent:
                return SyscallReturn.Success();
            case MctpDriverAbi.CommandReceiveRequest:
                {
                    _error = null;
                    var error = _grant.Enter(process, this, static (grant, kernel, self) =>
                    {
                        if (kernel.ReadWrite(MctpDriverAbi.RequestBuffer).IsEmpty)
                        {
                            self._error = ErrorCode.Reserve;
                            return;
                        }

                        grant.Armed = true;
                    }) ?? _error;
                    if (error is not null)
                    {
                        return SyscallReturn.Failure(error.Value);
                    }

                    // Arming while an object is still being served means its app gave up on it, or a new
                    // listener (a restarted app has a new id) took over and cannot answer it.
                    if (_serving && _pendingLength < 0)
                    {
                        Refuse(unsupported: false);
                    }

                    _listener = process;
                    Deliver();
                    return SyscallReturn.Success();
                }

            case MctpDriverAbi.CommandSendResponse:
                return Send(process);
            case MctpDriverAbi.CommandMaxMessageSize:
                return SyscallReturn.SuccessU32((uint)_object.Length);
            case CommandRefuse:
                if (!_serving || _pendingLength >= 0 || _listener != process)
                {
                    return SyscallReturn.Failure(ErrorCode.Invalid);
                }

                Refuse(unsupported: false);
                return SyscallReturn.Success();
            default:
                return SyscallReturn.Failure(ErrorCode.NoSupport);
        }
    }

    private SyscallReturn Send(ProcessId process)
    {
        if (!_serving || _pendingLength >= 0 || _listener != process)
        {
            return SyscallReturn.Failure(ErrorCode.Invalid);
        }

        _error = null;
        var error = _grant.Enter(process, this, static (_, kernel, self) =>
        {
            var answer = kernel.ReadOnly(MctpDriverAbi.TxBuffer);
            if (answer.IsEmpty)
            {
                self._error = ErrorCode.Reserve;
                return;
            }

            if (DoeDataObject.TryRead(answer, out var header, out ReadOnlySpan<byte> _, out var consumed) != WireStatus.Done || consumed != answer.Length
                || header.VendorId != DoeDataObjectHeader.PciSigVendorId || (byte)header.Type != self._pendingType)
            {
                self._error = ErrorCode.Invalid;
                return;
            }

            self._serving = false;
            if (self._doe.TryRespond(answer))
            {
                self.Answered++;
            }
            else
            {
                self.LoseAnswer();
            }

            if (!kernel.ScheduleUpcall(MctpDriverAbi.Transmitted, new UpcallArgs(0, 0, 0)))
            {
                self.UpcallsLost++;
            }
        }) ?? _error;
        return error is null ? SyscallReturn.Success() : SyscallReturn.Failure(error.Value);
    }

    /// <summary>Hands the pending object to the listener if it is armed; refuses it if the listener is gone or its buffer too small.</summary>
    private void Deliver()
    {
        if (_pendingLength < 0 || _listener is not { } listener)
        {
            return;
        }

        var error = _grant.Enter(listener, this, static (grant, kernel, self) =>
        {
            if (!grant.Armed)
            {
                return;
            }

            grant.Armed = false;
            var destination = kernel.ReadWrite(MctpDriverAbi.RequestBuffer);
            var length = self._pendingLength;
            self._pendingLength = -1;
            if (length > destination.Length)
            {
                self.Refuse(unsupported: false);
                if (!kernel.ScheduleUpcall(MctpDriverAbi.ReceivedRequest, new UpcallArgs((uint)ErrorCode.Size, (uint)length, 0)))
                {
                    self.UpcallsLost++;
                }

                return;
            }

            self._object.AsSpan(0, length).CopyTo(destination);
            self.ObjectsDelivered++;
            if (!kernel.ScheduleUpcall(MctpDriverAbi.ReceivedRequest, new UpcallArgs(0, (uint)length, MctpDriverAbi.PackSource(0, self._pendingType))))
            {
                self.UpcallsLost++;
            }
        });
        if (error is not null)
        {
            _listener = null;
            _pendingLength = -1;
            Refuse(unsupported: false);
        }
    }

    // Discovery: the shared responder rule (DoeDiscovery) over this capsule's three protocols.
    // Only request data shorter than its dword is refused; version and reserved bytes are ignored.
    private void AnswerDiscovery(ReadOnlySpan<byte> data)
    {
        if (DoeDiscovery.TryAnswer(data, DoeDiscovery.CmaSpdmProtocols, _discovery, out var written) != WireStatus.Done)
        {
            Refuse(unsupported: true);
            return;
        }

        if (_doe.TryRespond(_discovery.AsSpan(0, written)))
        {
            DiscoveryAnswered++;
        }
        else
        {
            LoseAnswer();
        }
    }

    // The mailbox did not take an answer (too large for it, or the host aborted): the Error bit, not
    // a host waiting for its timeout (a no-op after an Abort).
    private void LoseAnswer()
    {
        AnswersLost++;
        _ = _doe.TryRefuse();
    }

    // The object's size as its header says (dword 1 bits 17:0 in DW, 0 meaning 2^18).
    private static long ObjectBytes(ReadOnlySpan<byte> dataObject)
    {
        var dwords = BinaryPrimitives.ReadUInt32LittleEndian(dataObject[4..]) & LengthMask;
        return (dwords == 0 ? DoeDataObjectHeader.MaxLengthDwords : dwords) * 4L;
    }

    private void Discard()
    {
        Discarded++;
        _ = _doe.TryDiscard();
    }

    private void Refuse(bool unsupported)
    {
        _serving = false;
        if (unsupported)
        {
            Unsupported++;
        }
        else
        {
            Unserved++;
        }

        _ = _doe.TryRefuse();
    }

    /// <summary>The per-process state of the DOE driver.</summary>
    public sealed class DoeGrant
    {
        /// <summary>The process armed "receive" and waits for an object.</summary>
        public bool Armed { get; set; }
    }
}
