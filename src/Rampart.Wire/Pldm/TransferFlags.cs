namespace Rampart.Wire.Pldm;

/// <summary>
/// TransferOperationFlag of multipart requests (DSP0240 GetPLDMVersion; DSP0267
/// QueryDownstreamIdentifiers, GetDownstreamFirmwareParameters, GetPackageData,
/// GetDeviceMetaData, GetMetaData).
/// </summary>
public enum TransferOperationFlag : byte
{
    /// <summary>GetNextPart (0x00).</summary>
    GetNextPart = 0x00,

    /// <summary>GetFirstPart (0x01).</summary>
    GetFirstPart = 0x01,
}

/// <summary>TransferFlag of multipart responses and of PassComponentTable (DSP0240, DSP0267).</summary>
public enum TransferFlag : byte
{
    /// <summary>Start (0x01).</summary>
    Start = 0x01,

    /// <summary>Middle (0x02).</summary>
    Middle = 0x02,

    /// <summary>End (0x04).</summary>
    End = 0x04,

    /// <summary>StartAndEnd (0x05).</summary>
    StartAndEnd = 0x05,
}

/// <summary>Checks of the transfer flag values.</summary>
public static class TransferFlags
{
    /// <summary>True for GetNextPart and GetFirstPart.</summary>
    public static bool IsDefined(TransferOperationFlag flag) => flag is TransferOperationFlag.GetNextPart or TransferOperationFlag.GetFirstPart;

    /// <summary>True for Start, Middle, End and StartAndEnd.</summary>
    public static bool IsDefined(TransferFlag flag) =>
        flag is TransferFlag.Start or TransferFlag.Middle or TransferFlag.End or TransferFlag.StartAndEnd;
}
