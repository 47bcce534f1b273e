using System.Globalization;
using Rampart.Crypto;

namespace Rampart.Host.Keys;

/// <summary>
/// An <see cref="ILmsIndexStore"/> kept in a small text file next to the LMS key (the next
/// unused leaf, in decimal). Every commit is written atomically and flushed before the signer
/// releases a signature, so a leaf is never used twice, across runs and crashes.
/// </summary>
public sealed class FileLmsIndexStore : ILmsIndexStore
{
    private readonly string _path;
    private uint _next;

    /// <summary>Opens (or, when absent, starts at 0) the record at <paramref name="path"/>.</summary>
    /// <exception cref="InvalidDataException">The file exists but does not hold a leaf index.</exception>
    public FileLmsIndexStore(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        _path = path;
        _next = File.Exists(path) ? Parse(File.ReadAllText(path)) : 0;
    }

    /// <inheritdoc/>
    public uint NextIndex => _next;

    /// <inheritdoc/>
    public void Commit(uint nextIndex)
    {
        var onDisk = File.Exists(_path) ? Parse(File.ReadAllText(_path)) : 0;
        if (nextIndex <= _next || nextIndex <= onDisk)
        {
            throw new InvalidOperationException($"LMS leaf index {nextIndex} is not above the recorded next index {Math.Max(_next, onDisk)}; refusing to reuse a one-time key.");
        }

        AtomicFile.WriteText(_path, nextIndex.ToString(CultureInfo.InvariantCulture) + "\n");
        _next = nextIndex;
    }

    private static uint Parse(string text) =>
        uint.TryParse(text.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new InvalidDataException("The LMS index file does not hold a leaf index.");
}
