using Rampart.Hal.Peripherals;
using Rampart.Wire.Bindings;

namespace Rampart.Protocols.Mctp;

/// <summary>
/// The device end of MCTP over I3C (DSP0233) over an <see cref="II3cTarget"/>: drains the
/// private writes the controller sent into the mux, and stages the mux's outgoing packets one at
/// a time for the controller's private reads, raising an IBI with mandatory data byte 0xAE for
/// each staged packet. Non-blocking: the owner calls <see cref="Service"/> whenever the target
/// reports activity (and again while <see cref="NeedsService"/>). Allocates only in its constructor.
/// </summary>
public sealed class MctpI3cTargetTransport
{
    private readonly II3cTarget _target;
    private readonly MctpMux _mux;
    private readonly byte[] _rx;
    private readonly byte[] _held;
    private int _heldLength;
    private bool _ibiOwed;

    /// <summary>Connects <paramref name="mux"/> (role Target, at the target's address) to <paramref name="target"/>.</summary>
    public MctpI3cTargetTransport(II3cTarget target, MctpMux mux, int maxReceiveTransfer = 1024)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(mux);
        if (mux.Binding.Role != MctpBindingRole.Target || mux.Binding.TargetAddress != target.Address)
        {
            throw new ArgumentException("the mux must be the target end at the target's address", nameof(mux));
        }

        _target = target;
        _mux = mux;
        _rx = new byte[Math.Max(maxReceiveTransfer, mux.Options.MaxTransferSize)];
        _held = new byte[mux.Options.MaxTransferSize];
    }

    /// <summary>Packets staged for the controller.</summary>
    public long PacketsStaged { get; private set; }

    /// <summary>IBIs raised.</summary>
    public long IbisRaised { get; private set; }

    /// <summary>Private writes taken from the target.</summary>
    public long TransfersReceived { get; private set; }

    /// <summary>True when a packet waits for the staging slot or an IBI could not be raised yet: call <see cref="Service"/> again later.</summary>
    public bool NeedsService => _heldLength > 0 || _ibiOwed;

    /// <summary>
    /// One non-blocking round at <paramref name="now"/>: every received private write into the mux,
    /// expiries, then at most one packet staged and its IBI raised.
    /// </summary>
    public void Service(long now)
    {
        while (_target.TryReceive(_rx, out var length))
        {
            TransfersReceived++;
            _mux.ReceiveTransfer(_rx.AsSpan(0, length), now);
        }

        _mux.Poll(now);
        if (_heldLength == 0 && _mux.TryTakeTransfer(_held, now, out var taken))
        {
            _heldLength = taken;
        }

        if (_heldLength > 0 && _target.TryStageResponse(_held.AsSpan(0, _heldLength)))
        {
            _heldLength = 0;
            PacketsStaged++;
            _ibiOwed = true;
        }

        if (_ibiOwed && _target.TryRaiseIbi(I3cIbi.MctpMandatoryDataByte))
        {
            _ibiOwed = false;
            IbisRaised++;
        }
    }
}
