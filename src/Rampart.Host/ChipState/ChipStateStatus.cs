namespace Rampart.Host.ChipState;

/// <summary>The result of reading or writing a named chip's state. Success is not zero.</summary>
public enum ChipStateStatus : uint
{
    /// <summary>Done.</summary>
    Ok = 0x4353_0001,

    /// <summary>The chip has no such state file (a chip that was never provisioned).</summary>
    NotFound = 0x4353_0102,

    /// <summary>The file's digest does not match its contents: corrupted or tampered, refused.</summary>
    Corrupted = 0x4353_0103,

    /// <summary>The file is not a chip-state file of this kind (magic, version, tag, length).</summary>
    Malformed = 0x4353_0104,

    /// <summary>The chip name is not allowed (letters, digits, '-', '_', '.', 1–64 characters, not starting with '.').</summary>
    InvalidName = 0x4353_0105,

    /// <summary>The file system refused (permissions, disk full, path).</summary>
    IoError = 0x4353_0106,
}
