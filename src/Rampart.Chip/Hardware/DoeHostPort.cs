using Rampart.Host.Doe;
using Rampart.Platform.Peripherals;

namespace Rampart.Chip.Hardware;

/// <summary>The host's side of the chip's DOE mailbox: its capability registers, as a host driver reaches them.</summary>
internal sealed class DoeHostPort(DoeMailbox mailbox) : IDoeMailboxRegisters
{
    public uint Read(uint offset) => mailbox.Read(offset);

    public bool Write(uint offset, uint value) => mailbox.Write(offset, value);
}
