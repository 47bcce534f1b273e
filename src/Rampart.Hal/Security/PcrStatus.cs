namespace Rampart.Hal.Security;

/// <summary>The result of a PCR-bank request. Success is not zero; a refused request changes nothing.</summary>
public enum PcrStatus : uint
{
    /// <summary>Done.</summary>
    Ok = 0x5043_0001,

    /// <summary>The PCR index is outside 0…31.</summary>
    InvalidIndex = 0x5043_0102,

    /// <summary>The PCR is locked: no extend, no clear.</summary>
    PcrLocked = 0x5043_0103,

    /// <summary>The measurement log is full; the extend was not done.</summary>
    LogFull = 0x5043_0104,

    /// <summary>An input has the wrong length (nonce, measurement).</summary>
    InvalidLength = 0x5043_0105,

    /// <summary>An output buffer is too small.</summary>
    BufferTooSmall = 0x5043_0106,

    /// <summary>The key vault refused to sign the quote (see its status).</summary>
    SigningRefused = 0x5043_0107,
}
