using System.Globalization;
using Rampart.Hal.Peripherals;
using Rampart.Platform.Simulation;
using Rampart.Wire;
using Rampart.Wire.Recovery;

namespace Rampart.Platform.Peripherals;

/// <summary>
/// The OCP Secure Firmware Recovery 1.1 register block of the I3C target, agent side: it
/// takes write frames and read requests (framing and PEC per <see cref="RecoveryFrame"/>),
/// answers every command 0x22–0x2F, and latches protocol errors into DEVICE_STATUS as the
/// spec says: unknown, unsupported or wrong-direction command → 1, bad parameter → 2, bad
/// length → 3, bad PEC → 4 (cleared when the agent reads DEVICE_STATUS). A FIFO write that
/// does not fit is NACKed and counted. The device side is <see cref="IRecoveryInterface"/>
/// and the register window in <c>RecoveryRegisterBlock.Registers.cs</c>.
/// </summary>
public sealed partial class RecoveryRegisterBlock : II3cBusDevice
{
    private const int ScratchBytes = 512;
    private const byte NoPendingRead = 0;

    private readonly Simulator _simulator;
    private readonly RecoveryFifo _fifo;
    private readonly SimSignal _change;
    private readonly byte[] _scratch = new byte[ScratchBytes];
    private readonly byte[] _payload = new byte[ScratchBytes];
    private readonly byte[] _vendor = new byte[VendorCommand.MaxSize];
    private int _vendorLength;
    private byte _pendingRead = NoPendingRead;

    private DeviceStatusCode _deviceStatus = DeviceStatusCode.Pending;
    private RecoveryProtocolError _protocolError = RecoveryProtocolError.None;
    private RecoveryReason _reason = RecoveryReason.NoFailure;
    private ResetControl _reset;
    private RecoveryCtrl _ctrl;
    private RecoveryStatusCode _recoveryStatus = RecoveryStatusCode.NotInRecovery;
    private byte _imageIndex;
    private HwStatusFlags _hwFlags;
    private byte _temperature = HwStatus.TemperatureNoData;
    private IndirectCtrl _indirect;
    private IndirectStatusFlags _indirectFlags;
    private IndirectFifoCtrl _fifoCtrl;

    /// <summary>Creates the block and attaches it to <paramref name="bus"/> at <see cref="RecoveryBlockOptions.Address"/>.</summary>
    public RecoveryRegisterBlock(I3cBus bus, RecoveryBlockOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(bus);
        Options = options ?? new RecoveryBlockOptions();
        if (Options.MaxTransferBytes <= 0 || Options.MaxTransferBytes % 4 != 0 || Options.MaxTransferBytes > Options.FifoBytes)
        {
            throw new ArgumentException("MaxTransferBytes must be a positive multiple of 4 no larger than the FIFO", nameof(options));
        }

        if (Options.IdDescriptor.Length > DeviceId.DescriptorSize || Options.IdVendorString.Length > DeviceId.MaxVendorLength)
        {
            throw new ArgumentException("DEVICE_ID descriptor or vendor string too long", nameof(options));
        }

        _simulator = bus.Simulator;
        _fifo = new RecoveryFifo(Options.FifoBytes);
        _change = _simulator.CreateSignal("recovery.change");
        Faults = new FaultInjector(_simulator.Random);
        bus.Attach(this);
    }

    /// <summary>The configuration.</summary>
    public RecoveryBlockOptions Options { get; }

    /// <summary>Refusals and protocol errors by reason.</summary>
    public RecoveryBlockCounters Counters { get; } = new();

    /// <summary>Stuck bits applied to device-side register reads.</summary>
    public FaultInjector Faults { get; }

    /// <summary>Called when the agent writes RESET with a reset request (the chip wires this to its reset logic).</summary>
    public Action<ResetControl>? ResetHandler { get; set; }

    /// <inheritdoc/>
    public byte Address => Options.Address;

    /// <summary>The last protocol error (not cleared by this property).</summary>
    public RecoveryProtocolError ProtocolError => _protocolError;

    /// <summary>The last RESET value written by the agent.</summary>
    public ResetControl LastReset => _reset;

    bool II3cBusDevice.OnPrivateWrite(ReadOnlySpan<byte> frame)
    {
        if (frame.Length == RecoveryFrame.ReadRequestSize)
        {
            _pendingRead = NoPendingRead;
            if (RecoveryFrame.TryReadReadRequest(Address, frame, out var code, out var requestFault) != WireStatus.Done)
            {
                Flag(FaultToError(requestFault));
                return true;
            }

            if (!IsAllowed(code, RecoveryAccess.Read))
            {
                Flag(RecoveryProtocolError.UnsupportedCommand);
                return true;
            }

            _pendingRead = code;
            Counters.Accepted++;
            return true;
        }

        if (RecoveryFrame.TryReadWrite(Address, frame, out var command, out var payload, out var fault) != WireStatus.Done)
        {
            Flag(FaultToError(fault));
            return true;
        }

        if (!IsAllowed(command, RecoveryAccess.Write))
        {
            Flag(RecoveryProtocolError.UnsupportedCommand);
            return true;
        }

        var cmd = (RecoveryCommand)command;
        var max = cmd == RecoveryCommand.IndirectFifoData ? Options.MaxTransferBytes : RecoveryCommands.MaxLength(cmd);
        if (payload.Length < RecoveryCommands.MinLength(cmd) || payload.Length > max)
        {
            Flag(RecoveryProtocolError.LengthError);
            return true;
        }

        var error = Apply(cmd, payload, out var nack);
        if (nack)
        {
            return false;
        }

        if (error != RecoveryProtocolError.None)
        {
            Flag(error);
            return true;
        }

        Counters.Accepted++;
        if (_simulator.Trace.Enabled)
        {
            _simulator.Trace.Record("recovery", "write", string.Create(CultureInfo.InvariantCulture, $"{cmd} len={payload.Length}"));
        }

        _change.Set();
        return true;
    }

    int II3cBusDevice.OnPrivateRead(Span<byte> buffer)
    {
        if (_pendingRead == NoPendingRead)
        {
            Counters.ReadsWithoutRequest++;
            return -1;
        }

        var cmd = (RecoveryCommand)_pendingRead;
        _pendingRead = NoPendingRead;
        var payloadLength = BuildPayload(cmd, _payload, agentRead: true);
        RecoveryFrame.TryWriteReadResponse(Address, _payload.AsSpan(0, payloadLength), _scratch, out var written);
        var response = _scratch.AsSpan(0, written);
        var n = Math.Min(written, buffer.Length);
        response[..n].CopyTo(buffer);
        return n;
    }

    private static RecoveryProtocolError FaultToError(RecoveryFrameFault fault) =>
        fault == RecoveryFrameFault.BadPec ? RecoveryProtocolError.CrcError : RecoveryProtocolError.LengthError;

    private bool IsAllowed(byte code, RecoveryAccess direction)
    {
        if (!RecoveryCommands.IsDefined(code))
        {
            return false;
        }

        var cmd = (RecoveryCommand)code;
        if ((RecoveryCommands.Access(cmd) & direction) == 0)
        {
            return false;
        }

        var caps = Options.Capabilities;
        return cmd switch
        {
            RecoveryCommand.DeviceId => caps.HasFlag(RecoveryCapabilities.Identification),
            RecoveryCommand.DeviceStatus => caps.HasFlag(RecoveryCapabilities.DeviceStatus),
            RecoveryCommand.HwStatus => caps.HasFlag(RecoveryCapabilities.HardwareStatus),
            RecoveryCommand.IndirectCtrl or RecoveryCommand.IndirectStatus or RecoveryCommand.IndirectData =>
                caps.HasFlag(RecoveryCapabilities.IndirectMemory),
            RecoveryCommand.Vendor => caps.HasFlag(RecoveryCapabilities.VendorCommand),
            RecoveryCommand.IndirectFifoCtrl or RecoveryCommand.IndirectFifoStatus or RecoveryCommand.IndirectFifoData =>
                caps.HasFlag(RecoveryCapabilities.FifoCms),
            _ => true,
        };
    }

    private void Flag(RecoveryProtocolError error)
    {
        _protocolError = error;
        switch (error)
        {
            case RecoveryProtocolError.CrcError: Counters.CrcErrors++; break;
            case RecoveryProtocolError.LengthError: Counters.LengthErrors++; break;
            case RecoveryProtocolError.UnsupportedCommand: Counters.UnsupportedCommands++; break;
            default: Counters.UnsupportedParameters++; break;
        }

        if (_simulator.Trace.Enabled)
        {
            _simulator.Trace.Record("recovery", "protocol-error", error.ToString());
        }
    }

    private RecoveryProtocolError Apply(RecoveryCommand cmd, ReadOnlySpan<byte> payload, out bool nack)
    {
        nack = false;
        switch (cmd)
        {
            case RecoveryCommand.Reset:
                ResetControl.TryRead(payload, out var reset);
                if (reset.Reset > DeviceResetControl.ResetManagement
                    || reset.ForcedRecovery is not (ForcedRecoveryMode.None or ForcedRecoveryMode.FlashlessBootOnNextReset or ForcedRecoveryMode.EnterRecovery)
                    || reset.Interface > InterfaceControl.EnableMastering)
                {
                    return RecoveryProtocolError.UnsupportedParameter;
                }

                _reset = reset;
                if (reset.Reset != DeviceResetControl.NoReset)
                {
                    ResetHandler?.Invoke(reset);
                }

                return RecoveryProtocolError.None;

            case RecoveryCommand.RecoveryCtrl:
                RecoveryCtrl.TryRead(payload, out var ctrl);
                if (ctrl.Cms >= Options.CmsCount || ctrl.Selection > RecoveryImageSelection.StoredOnDevice
                    || ctrl.Activation is not (RecoveryActivation.None or RecoveryActivation.Activate))
                {
                    return RecoveryProtocolError.UnsupportedParameter;
                }

                // Activate is sticky until the device clears it (write-1-to-clear on its side).
                var activation = ctrl.Activation == RecoveryActivation.Activate ? RecoveryActivation.Activate : _ctrl.Activation;
                _ctrl = ctrl with { Activation = activation };
                return RecoveryProtocolError.None;

            case RecoveryCommand.IndirectCtrl:
                IndirectCtrl.TryRead(payload, out var indirect);
                if ((indirect.Offset & 3) != 0 || !Options.IndirectRegions.ContainsKey(indirect.Cms))
                {
                    return RecoveryProtocolError.UnsupportedParameter;
                }

                _indirect = indirect;
                return RecoveryProtocolError.None;

            case RecoveryCommand.IndirectData:
                return WriteIndirect(payload);

            case RecoveryCommand.Vendor:
                payload.CopyTo(_vendor);
                _vendorLength = payload.Length;
                return RecoveryProtocolError.None;

            case RecoveryCommand.IndirectFifoCtrl:
                IndirectFifoCtrl.TryRead(payload, out var fifoCtrl);
                if (fifoCtrl.Cms != Options.FifoCms || fifoCtrl.Reset > FifoReset.Reset)
                {
                    return RecoveryProtocolError.UnsupportedParameter;
                }

                if (fifoCtrl.Reset == FifoReset.Reset)
                {
                    _fifo.Reset();
                }

                _fifoCtrl = fifoCtrl with { Reset = FifoReset.None };
                return RecoveryProtocolError.None;

            case RecoveryCommand.IndirectFifoData:
                if (!_fifo.TryPush(payload))
                {
                    Counters.FifoOverflows++;
                    nack = true;
                }

                return RecoveryProtocolError.None;

            default:
                return RecoveryProtocolError.UnsupportedCommand;
        }
    }

    private RecoveryProtocolError WriteIndirect(ReadOnlySpan<byte> payload)
    {
        if (!Options.IndirectRegions.TryGetValue(_indirect.Cms, out var region) || region.Size == 0)
        {
            return RecoveryProtocolError.UnsupportedParameter;
        }

        var offset = (long)_indirect.Offset % region.Size;
        while (!payload.IsEmpty)
        {
            var chunk = (int)Math.Min(payload.Length, region.Size - offset);
            if (!region.TryWrite(offset, payload[..chunk]))
            {
                _indirectFlags |= IndirectStatusFlags.ReadOnlyError;
                return RecoveryProtocolError.None;
            }

            payload = payload[chunk..];
            offset += chunk;
            if (offset == region.Size)
            {
                offset = 0;
                _indirectFlags |= IndirectStatusFlags.Overflow;
            }
        }

        _indirect = _indirect with { Offset = (uint)offset };
        return RecoveryProtocolError.None;
    }

    private int ReadIndirect(Span<byte> destination)
    {
        if (!Options.IndirectRegions.TryGetValue(_indirect.Cms, out var region) || region.Size == 0)
        {
            destination[0] = 0;
            return 1;
        }

        var total = (int)Math.Min(IndirectData.MaxSize, region.Size);
        var offset = (long)_indirect.Offset % region.Size;
        var done = 0;
        while (done < total)
        {
            var chunk = (int)Math.Min(total - done, region.Size - offset);
            region.TryRead(offset, destination.Slice(done, chunk));
            done += chunk;
            offset += chunk;
            if (offset == region.Size)
            {
                offset = 0;
                _indirectFlags |= IndirectStatusFlags.Overflow;
            }
        }

        _indirect = _indirect with { Offset = (uint)offset };
        return total;
    }

    private ushort Heartbeat()
    {
        if (Options.HeartbeatPeriodExponent == 0)
        {
            return 0;
        }

        var period = (1L << Math.Min((int)Options.HeartbeatPeriodExponent, 40)) * 1_000;
        return (ushort)(_simulator.Now / period & 0xFFF);
    }

    /// <summary>Encodes the payload of <paramref name="cmd"/> as the agent (or the device) would read it.</summary>
    private int BuildPayload(RecoveryCommand cmd, Span<byte> destination, bool agentRead)
    {
        int written;
        switch (cmd)
        {
            case RecoveryCommand.ProtCap:
                new ProtCap(Options.MajorVersion, Options.MinorVersion, Options.Capabilities, Options.CmsCount, Options.MaxResponseTimeExponent, Options.HeartbeatPeriodExponent)
                    .TryWrite(destination, out written);
                return written;
            case RecoveryCommand.DeviceId:
                new DeviceId(Options.IdType, Options.IdDescriptor.Span, Options.IdVendorString.Span).TryWrite(destination, out written);
                return written;
            case RecoveryCommand.DeviceStatus:
                new DeviceStatus(_deviceStatus, _protocolError, _reason, Heartbeat(), default).TryWrite(destination, out written);
                if (agentRead)
                {
                    _protocolError = RecoveryProtocolError.None;
                }

                return written;
            case RecoveryCommand.Reset:
                _reset.TryWrite(destination, out written);
                return written;
            case RecoveryCommand.RecoveryCtrl:
                _ctrl.TryWrite(destination, out written);
                return written;
            case RecoveryCommand.RecoveryStatus:
                new RecoveryStatus(_recoveryStatus, _imageIndex, 0).TryWrite(destination, out written);
                return written;
            case RecoveryCommand.HwStatus:
                new HwStatus(_hwFlags, 0, _temperature, default).TryWrite(destination, out written);
                return written;
            case RecoveryCommand.IndirectCtrl:
                _indirect.TryWrite(destination, out written);
                return written;
            case RecoveryCommand.IndirectStatus:
                var status = Options.IndirectRegions.TryGetValue(_indirect.Cms, out var region)
                    ? new IndirectStatus(_indirectFlags, CmsRegionType.CodeSpace, (uint)(region.Size / 4))
                    : new IndirectStatus(IndirectStatusFlags.None, CmsRegionType.Unsupported, 0);
                if (agentRead)
                {
                    _indirectFlags = IndirectStatusFlags.None;
                }

                status.TryWrite(destination, out written);
                return written;
            case RecoveryCommand.IndirectData:
                return agentRead ? ReadIndirect(destination) : 0;
            case RecoveryCommand.Vendor:
                if (_vendorLength == 0)
                {
                    destination[0] = 0;
                    return 1;
                }

                _vendor.AsSpan(0, _vendorLength).CopyTo(destination);
                return _vendorLength;
            case RecoveryCommand.IndirectFifoCtrl:
                _fifoCtrl.TryWrite(destination, out written);
                return written;
            case RecoveryCommand.IndirectFifoStatus:
                var flags = (_fifo.IsEmpty ? FifoStatusFlags.Empty : FifoStatusFlags.None) | (_fifo.IsFull ? FifoStatusFlags.Full : FifoStatusFlags.None);
                new IndirectFifoStatus(flags, CmsRegionType.CodeSpace, _fifo.WriteIndexDwords, _fifo.ReadIndexDwords, (uint)(_fifo.Capacity / 4), (uint)(Options.MaxTransferBytes / 4))
                    .TryWrite(destination, out written);
                return written;
            default:
                return 0;
        }
    }
}
