namespace Rampart.Host.Doe;

/// <summary>
/// The host's window on a PCIe DOE extended capability (PCIe 6.x §7.9.24): 32-bit reads and
/// writes of its registers at the offsets of <see cref="DoeRegisterMap"/>. A write the function
/// ignores returns false.
/// </summary>
public interface IDoeMailboxRegisters
{
    /// <summary>Reads the register at <paramref name="offset"/>.</summary>
    uint Read(uint offset);

    /// <summary>Writes the register at <paramref name="offset"/>; false if the function ignored it.</summary>
    bool Write(uint offset, uint value);
}

/// <summary>
/// DOE capability registers and bits (PCIe 6.x §7.9.24.2–6), as the host driver uses them.
/// <code>
/// 0x08 DOE Control   bit 0 Abort, bit 31 Go
/// 0x0C DOE Status    bit 0 Busy, bit 2 Error, bit 31 Data Object Ready
/// 0x10 Write Data Mailbox (one dword of the request per write)
/// 0x14 Read Data Mailbox  (read the current dword; write any value to advance)
/// </code>
/// </summary>
public static class DoeRegisterMap
{
    /// <summary>DOE Control.</summary>
    public const uint Control = 0x08;

    /// <summary>DOE Status.</summary>
    public const uint Status = 0x0C;

    /// <summary>DOE Write Data Mailbox.</summary>
    public const uint WriteMailbox = 0x10;

    /// <summary>DOE Read Data Mailbox.</summary>
    public const uint ReadMailbox = 0x14;

    /// <summary>Control: Abort.</summary>
    public const uint Abort = 1u << 0;

    /// <summary>Control: Go.</summary>
    public const uint Go = 1u << 31;

    /// <summary>Status: Busy.</summary>
    public const uint Busy = 1u << 0;

    /// <summary>Status: Error.</summary>
    public const uint Error = 1u << 2;

    /// <summary>Status: Data Object Ready.</summary>
    public const uint Ready = 1u << 31;
}
