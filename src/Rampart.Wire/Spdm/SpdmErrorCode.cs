namespace Rampart.Wire.Spdm;

/// <summary>ERROR response codes, carried in Param1 of ERROR (DSP0274 1.3 §10.10, Table 58).</summary>
public enum SpdmErrorCode : byte
{
    /// <summary>InvalidRequest (0x01): a field of the request is invalid.</summary>
    InvalidRequest = 0x01,

    /// <summary>Busy (0x03).</summary>
    Busy = 0x03,

    /// <summary>UnexpectedRequest (0x04): the request is out of order.</summary>
    UnexpectedRequest = 0x04,

    /// <summary>Unspecified (0x05).</summary>
    Unspecified = 0x05,

    /// <summary>DecryptError (0x06): a secured message failed to decrypt or verify.</summary>
    DecryptError = 0x06,

    /// <summary>UnsupportedRequest (0x07): Param2 carries the request code.</summary>
    UnsupportedRequest = 0x07,

    /// <summary>RequestInFlight (0x08).</summary>
    RequestInFlight = 0x08,

    /// <summary>InvalidResponseCode (0x09).</summary>
    InvalidResponseCode = 0x09,

    /// <summary>SessionLimitExceeded (0x0A).</summary>
    SessionLimitExceeded = 0x0A,

    /// <summary>SessionRequired (0x0B).</summary>
    SessionRequired = 0x0B,

    /// <summary>ResetRequired (0x0C).</summary>
    ResetRequired = 0x0C,

    /// <summary>ResponseTooLarge (0x0D).</summary>
    ResponseTooLarge = 0x0D,

    /// <summary>RequestTooLarge (0x0E).</summary>
    RequestTooLarge = 0x0E,

    /// <summary>LargeResponse (0x0F): retrieve with CHUNK_GET using the handle in the extended data.</summary>
    LargeResponse = 0x0F,

    /// <summary>MessageLost (0x10).</summary>
    MessageLost = 0x10,

    /// <summary>InvalidPolicy (0x11, 1.3).</summary>
    InvalidPolicy = 0x11,

    /// <summary>VersionMismatch (0x41).</summary>
    VersionMismatch = 0x41,

    /// <summary>ResponseNotReady (0x42): extended data says when to send RESPOND_IF_READY.</summary>
    ResponseNotReady = 0x42,

    /// <summary>RequestResynch (0x43).</summary>
    RequestResynch = 0x43,

    /// <summary>OperationFailed (0x44, 1.3).</summary>
    OperationFailed = 0x44,

    /// <summary>NoPendingRequests (0x45, 1.3).</summary>
    NoPendingRequests = 0x45,

    /// <summary>Vendor/Other Standards Defined (0xFF).</summary>
    VendorDefined = 0xFF,
}
