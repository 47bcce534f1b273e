using Rampart.Wire.Pldm;

namespace Rampart.Wire.Tests.Pldm;

/// <summary>Checks every PLDM body codec the same way: exact round trips and clean failures.</summary>
internal static class PldmCodecAssert
{
    public static byte[] Hex(string hex) => Convert.FromHexString(hex.Replace(" ", "", StringComparison.Ordinal));

    /// <summary>Writes, checks the size, reads back, and re-writes to the same bytes.</summary>
    public static byte[] RoundTrip<T>(in T message)
        where T : IPldmMessage<T>, allows ref struct
    {
        var buffer = new byte[message.EncodedLength + 8];
        Assert.True(message.TryWrite(buffer, out var written));
        Assert.Equal(message.EncodedLength, written);
        var bytes = buffer[..written];
        Assert.Equal(WireStatus.Done, T.TryRead(bytes, out var read, out var consumed));
        Assert.Equal(written, consumed);
        var again = new byte[written];
        Assert.True(read.TryWrite(again, out var rewritten));
        Assert.Equal(written, rewritten);
        Assert.Equal(bytes, again);
        return bytes;
    }

    /// <summary>Reads <paramref name="bytes"/>, expects Done, and checks it writes back byte for byte.</summary>
    public static void ReadsAndWritesBack<T>(byte[] bytes)
        where T : IPldmMessage<T>, allows ref struct
    {
        Assert.Equal(WireStatus.Done, T.TryRead(bytes, out var message, out var consumed));
        Assert.Equal(bytes.Length, consumed);
        var again = new byte[message.EncodedLength];
        Assert.True(message.TryWrite(again, out var written));
        Assert.Equal(bytes.Length, written);
        Assert.Equal(bytes, again);
    }

    /// <summary>Expects a failure that consumed nothing and left the output at its default.</summary>
    public static void FailsCleanly<T>(byte[] bytes, WireStatus expected)
        where T : IPldmMessage<T>, allows ref struct
    {
        Assert.Equal(expected, T.TryRead(bytes, out var message, out var consumed));
        Assert.Equal(0, consumed);
        T fresh = default!;
        Assert.Equal(fresh.EncodedLength, message.EncodedLength);
        var a = new byte[message.EncodedLength];
        var b = new byte[fresh.EncodedLength];
        Assert.Equal(message.TryWrite(a, out var wa), fresh.TryWrite(b, out var wb));
        Assert.Equal(wb, wa);
        Assert.Equal(b, a);
    }

    /// <summary>
    /// Arbitrary bytes never throw; a failure consumes nothing; anything accepted re-encodes to
    /// exactly the bytes read (each codec has one canonical encoding).
    /// </summary>
    public static void NeverThrows<T>(byte[] bytes)
        where T : IPldmMessage<T>, allows ref struct
    {
        var status = T.TryRead(bytes, out var message, out var consumed);
        if (status != WireStatus.Done)
        {
            Assert.Equal(0, consumed);
            return;
        }

        Assert.Equal(bytes.Length, consumed);
        var again = new byte[message.EncodedLength];
        Assert.True(message.TryWrite(again, out var written));
        Assert.Equal(bytes.Length, written);
        Assert.Equal(bytes, again);
    }

    /// <summary>Every proper prefix of a valid body fails cleanly (for bodies without a free-length tail).</summary>
    public static void EveryPrefixFails<T>(byte[] bytes)
        where T : IPldmMessage<T>, allows ref struct
    {
        for (var length = 0; length < bytes.Length; length++)
        {
            var status = T.TryRead(bytes.AsSpan(0, length), out _, out var consumed);
            Assert.NotEqual(WireStatus.Done, status);
            Assert.Equal(0, consumed);
        }
    }
}
