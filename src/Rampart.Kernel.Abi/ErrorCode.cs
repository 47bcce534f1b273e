namespace Rampart.Kernel.Abi;

/// <summary>Tock's <c>ErrorCode</c> values (TRD104 §3.2.1; kernel/src/errorcode.rs).</summary>
public enum ErrorCode : uint
{
    /// <summary>FAIL (1): generic failure.</summary>
    Fail = 1,

    /// <summary>BUSY (2): the underlying system is busy; retry.</summary>
    Busy = 2,

    /// <summary>ALREADY (3): the state requested is already set.</summary>
    Already = 3,

    /// <summary>OFF (4): the component is powered down.</summary>
    Off = 4,

    /// <summary>RESERVE (5): reservation required before use.</summary>
    Reserve = 5,

    /// <summary>INVAL (6): an invalid parameter was passed.</summary>
    Invalid = 6,

    /// <summary>SIZE (7): a parameter is too big or too small.</summary>
    Size = 7,

    /// <summary>CANCEL (8): the operation was cancelled.</summary>
    Cancel = 8,

    /// <summary>NOMEM (9): memory required is not available.</summary>
    NoMemory = 9,

    /// <summary>NOSUPPORT (10): the operation is not supported (or not permitted by the syscall filter).</summary>
    NoSupport = 10,

    /// <summary>NODEVICE (11): no driver is registered under that number.</summary>
    NoDevice = 11,

    /// <summary>UNINSTALLED (12): the device or process is not (any longer) installed.</summary>
    Uninstalled = 12,

    /// <summary>NOACK (13): the packet transmission was not acknowledged.</summary>
    NoAck = 13,
}
