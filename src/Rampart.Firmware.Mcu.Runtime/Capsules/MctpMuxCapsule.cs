using Rampart.Hal.Peripherals;
using Rampart.Kernel;
using Rampart.Kernel.Abi.Sdk;
using Rampart.Protocols.Mctp;
using Rampart.Wire.Mctp;

namespace Rampart.Firmware.Mcu.Runtime.Capsules;

/// <summary>Settings of the <see cref="MctpMuxCapsule"/>.</summary>
public sealed record MctpMuxCapsuleOptions
{
    /// <summary>Mux sizes and timing; the address and role are taken from the I3C target.</summary>
    public MctpMuxOptions Mux { get; init; } = new();

    /// <summary>What the in-kernel control responder advertises.</summary>
    public MctpControlOptions Control { get; init; } = new();
}

/// <summary>
/// The MCU's MCTP stack in the kernel (the seed's "Protocol Stack": transport binding, mux,
/// control, virtual drivers): owns the I3C target, the <see cref="MctpMux"/> (tags and
/// outstanding requests of every driver), the control responder (answered in the kernel) and one
/// <see cref="MctpDriverCapsule"/> per message type with the Caliptra MCU driver numbers.
/// The runtime's main loop calls <see cref="Service"/> when the target reports activity.
/// </summary>
public sealed class MctpMuxCapsule
{
    private readonly Kernel.Kernel _kernel;
    private readonly MctpDriverCapsule[] _drivers;

    /// <summary>Builds the stack over <paramref name="target"/>; grants are created now (boot time).</summary>
    public MctpMuxCapsule(Kernel.Kernel kernel, MemoryAllocationCapability capability, II3cTarget target, MctpMuxCapsuleOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(kernel);
        ArgumentNullException.ThrowIfNull(target);
        options ??= new MctpMuxCapsuleOptions();
        _kernel = kernel;
        Target = target;
        Control = new MctpControlResponder(options.Control);
        Mux = new MctpMux(options.Mux with { I3cAddress = target.Address, Role = MctpBindingRole.Target }, Control);
        Transport = new MctpI3cTargetTransport(target, Mux);
        _drivers =
        [
            new MctpDriverCapsule(kernel, capability, Mux, DriverNumbers.MctpSpdm, MctpMessageType.Spdm),
            new MctpDriverCapsule(kernel, capability, Mux, DriverNumbers.MctpSecuredSpdm, MctpMessageType.SecuredSpdm),
            new MctpDriverCapsule(kernel, capability, Mux, DriverNumbers.MctpPldm, MctpMessageType.Pldm),
            new MctpDriverCapsule(kernel, capability, Mux, DriverNumbers.MctpCaliptraVdm, MctpMessageType.VendorDefinedIana),
        ];
        foreach (var driver in _drivers)
        {
            Mux.Register(driver.MessageType, driver);
        }
    }

    /// <summary>The I3C target it owns.</summary>
    public II3cTarget Target { get; }

    /// <summary>The mux (counters, outstanding requests).</summary>
    public MctpMux Mux { get; }

    /// <summary>The control responder (the endpoint's EID).</summary>
    public MctpControlResponder Control { get; }

    /// <summary>The I3C target transport (staging and IBI counters).</summary>
    public MctpI3cTargetTransport Transport { get; }

    /// <summary>The virtual drivers: SPDM, secured SPDM, PLDM, Caliptra VDM.</summary>
    public IReadOnlyList<MctpDriverCapsule> Drivers => _drivers;

    /// <summary>
    /// When <see cref="Service"/> must run again if no bus activity comes first (chip ns,
    /// <see cref="long.MaxValue"/> for never): a held packet or an owed IBI is retried after
    /// <paramref name="pollNs"/>; outstanding requests need the mux only when the first of them
    /// times out (their responses arrive as bus activity).
    /// </summary>
    public long NextServiceAt(long nowNs, long pollNs)
    {
        if (Transport.NeedsService || Mux.HasPendingTransmit)
        {
            return nowNs + pollNs;
        }

        return Mux.Requests.NextDeadline;
    }

    /// <summary>The driver registered under <paramref name="driverNumber"/>, or null.</summary>
    public MctpDriverCapsule? Driver(uint driverNumber) => Array.Find(_drivers, d => d.DriverNumber == driverNumber);

    /// <summary>Registers every virtual driver with the kernel under its number (at boot).</summary>
    public void RegisterDrivers(MainLoopCapability capability)
    {
        foreach (var driver in _drivers)
        {
            _kernel.RegisterDriver(driver.DriverNumber, driver, capability);
        }
    }

    /// <summary>
    /// One non-blocking round at <paramref name="nowNs"/>: drains the target's private writes
    /// (PEC, reassembly; control answered here, other requests and responses dispatched to the
    /// drivers, which schedule upcalls), expires timeouts, and stages the next outgoing packet
    /// with an IBI (MDB 0xAE).
    /// </summary>
    public void Service(long nowNs) => Transport.Service(nowNs);
}
