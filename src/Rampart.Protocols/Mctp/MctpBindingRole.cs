namespace Rampart.Protocols.Mctp;

/// <summary>
/// Which end of the I3C binding (DSP0233) an endpoint is. The PEC covers the address byte, whose
/// bit 0 is the transfer direction: a target receives private writes (<c>addr&lt;&lt;1</c>) and
/// sends through private reads (<c>addr&lt;&lt;1|1</c>); the controller the other way round.
/// </summary>
public enum MctpBindingRole
{
    /// <summary>The device: packets in by private write, out by private read after an IBI.</summary>
    Target = 1,

    /// <summary>The bus owner (BMC): packets out by private write, in by private read.</summary>
    Controller = 2,
}
