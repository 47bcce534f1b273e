namespace Rampart.Host.ChipState;

/// <summary>
/// Where named virtual chips keep their state (ARCHITECTURE.md §2): one directory per chip
/// under a root — the user's data folder by default (<c>$XDG_DATA_HOME/rampart/chips</c> or
/// the platform's local application data folder), or a <c>--state-dir</c> override. Every file
/// is a sealed <see cref="ChipStateFile"/>; writes are atomic (a temporary file in the same
/// directory, flushed, then renamed over the old one), so a crash never leaves half a file.
/// </summary>
public sealed class ChipStateStore
{
    /// <summary>The fuse array file of a chip.</summary>
    public const string FuseFileName = "fuses.bin";

    /// <summary>The tag of the fuse file.</summary>
    public static ReadOnlySpan<byte> FuseTag => "FUSE"u8;

    private const int MaxNameLength = 64;

    /// <summary>Opens the store under <paramref name="stateDirectory"/>, or the default root when null.</summary>
    public ChipStateStore(string? stateDirectory = null)
    {
        Root = Path.GetFullPath(stateDirectory ?? DefaultRoot);
    }

    /// <summary>The directory holding one subdirectory per chip.</summary>
    public string Root { get; }

    /// <summary>The default root: the user's data folder.</summary>
    public static string DefaultRoot
    {
        get
        {
            var xdg = Environment.GetEnvironmentVariable("XDG_DATA_HOME");
            var data = !string.IsNullOrEmpty(xdg) ? xdg : Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.DoNotVerify);
            if (string.IsNullOrEmpty(data))
            {
                data = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".local", "share");
            }

            return Path.Combine(data, "rampart", "chips");
        }
    }

    /// <summary>True for names made of letters, digits, '-', '_' and '.', 1–64 long, not starting with '.'.</summary>
    public static bool IsValidChipName(string? name)
    {
        if (string.IsNullOrEmpty(name) || name.Length > MaxNameLength || name[0] == '.')
        {
            return false;
        }

        foreach (var c in name)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.'))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The directory of a chip (whether or not it exists).</summary>
    public string ChipDirectory(string chip)
    {
        if (!IsValidChipName(chip))
        {
            throw new ArgumentException("Not a valid chip name.", nameof(chip));
        }

        return Path.Combine(Root, chip);
    }

    /// <summary>True when the chip has the named state file.</summary>
    public bool Exists(string chip, string fileName = FuseFileName) =>
        IsValidChipName(chip) && IsValidFileName(fileName) && File.Exists(Path.Combine(ChipDirectory(chip), fileName));

    /// <summary>Reads and opens a sealed state file; a corrupted file is refused with <see cref="ChipStateStatus.Corrupted"/>.</summary>
    public ChipStateStatus Read(string chip, string fileName, ReadOnlySpan<byte> tag, out byte[] payload)
    {
        payload = [];
        if (!IsValidChipName(chip) || !IsValidFileName(fileName))
        {
            return ChipStateStatus.InvalidName;
        }

        var path = Path.Combine(ChipDirectory(chip), fileName);
        byte[] file;
        try
        {
            if (!File.Exists(path))
            {
                return ChipStateStatus.NotFound;
            }

            var info = new FileInfo(path);
            if (info.Length > ChipStateFile.SizeFor(ChipStateFile.MaxPayloadSize))
            {
                return ChipStateStatus.Malformed;
            }

            file = File.ReadAllBytes(path);
        }
        catch (IOException)
        {
            return ChipStateStatus.IoError;
        }
        catch (UnauthorizedAccessException)
        {
            return ChipStateStatus.IoError;
        }

        var status = ChipStateFile.TryOpen(file, tag, out var opened);
        if (status == ChipStateStatus.Ok)
        {
            payload = opened.ToArray();
        }

        return status;
    }

    /// <summary>Seals and writes a state file atomically (temporary file, flush to disk, rename).</summary>
    public ChipStateStatus Write(string chip, string fileName, ReadOnlySpan<byte> tag, ReadOnlySpan<byte> payload)
    {
        if (!IsValidChipName(chip) || !IsValidFileName(fileName))
        {
            return ChipStateStatus.InvalidName;
        }

        var sealedFile = ChipStateFile.Seal(tag, payload);
        var directory = ChipDirectory(chip);
        var path = Path.Combine(directory, fileName);
        var temporary = Path.Combine(directory, "." + fileName + ".tmp");
        try
        {
            Directory.CreateDirectory(directory);
            using (var stream = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None))
            {
                stream.Write(sealedFile);
                stream.Flush(flushToDisk: true);
            }

            File.Move(temporary, path, overwrite: true);
            return ChipStateStatus.Ok;
        }
        catch (IOException)
        {
            TryDelete(temporary);
            return ChipStateStatus.IoError;
        }
        catch (UnauthorizedAccessException)
        {
            TryDelete(temporary);
            return ChipStateStatus.IoError;
        }
    }

    /// <summary>Reads the chip's fuse image (the payload of <see cref="FuseFileName"/>).</summary>
    public ChipStateStatus ReadFuses(string chip, out byte[] image) => Read(chip, FuseFileName, FuseTag, out image);

    /// <summary>Writes the chip's fuse image atomically.</summary>
    public ChipStateStatus WriteFuses(string chip, ReadOnlySpan<byte> image) => Write(chip, FuseFileName, FuseTag, image);

    /// <summary>The chips that have a fuse file, sorted by name.</summary>
    public IReadOnlyList<string> ListChips()
    {
        if (!Directory.Exists(Root))
        {
            return [];
        }

        return Directory.EnumerateDirectories(Root)
            .Select(Path.GetFileName)
            .OfType<string>()
            .Where(name => IsValidChipName(name) && File.Exists(Path.Combine(Root, name, FuseFileName)))
            .Order(StringComparer.Ordinal)
            .ToList();
    }

    private static bool IsValidFileName(string fileName) => IsValidChipName(fileName);

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
            // The temporary file is left behind; the next write replaces it.
        }
        catch (UnauthorizedAccessException)
        {
            // As above.
        }
    }
}
