using System.Text;
using Rampart.Kernel.Abi;
using Rampart.Kernel.Abi.Sdk;

namespace Rampart.TestApps;

/// <summary>
/// An ordinary app over the echo capsule: sends its message several times, checks every reply
/// matches byte for byte, logs each round and reports the number of good rounds (tag 1).
/// Uses what ordinary code uses: async/await, lambdas, LINQ, constant spans, stackalloc.
/// </summary>
public abstract class EchoApp : IApp
{
    private const int TxOffset = 0;
    private const int RxOffset = 128;

    /// <summary>The text this app echoes.</summary>
    protected abstract string Message { get; }

    /// <summary>Rounds to run.</summary>
    protected virtual int Rounds => 3;

    /// <inheritdoc />
    public async Task RunAsync(ISyscalls syscalls)
    {
        ArgumentNullException.ThrowIfNull(syscalls);
        var good = 0;
        for (var round = 1; round <= Rounds; round++)
        {
            var text = $"{Message} #{round}";
            var length = Encoding.UTF8.GetBytes(text, syscalls.Memory[TxOffset..RxOffset]);
            syscalls.Memory.Slice(RxOffset, length).Clear();
            var reply = await syscalls.CommandAsync(Probe.Echo, 1, (uint)length, 0, 0,
                readOnly: new AppSlice(TxOffset, length), readWrite: new AppSlice(RxOffset, length));
            var same = reply.IsSuccess && reply.Args.Arg0 == length
                && syscalls.Memory.Slice(RxOffset, length).SequenceEqual(syscalls.Memory.Slice(TxOffset, length));
            if (same)
            {
                good++;
            }

            Probe.Log(syscalls, $"{Message}: round {round} {(same ? "echoed intact" : "CORRUPTED")}");
        }

        Probe.Report(syscalls, 1, (uint)good);
    }
}

/// <summary>The first well-behaved demo app.</summary>
public sealed class PingApp : EchoApp
{
    /// <inheritdoc />
    protected override string Message => "ping from app A";
}

/// <summary>The second well-behaved demo app.</summary>
public sealed class PongApp : EchoApp
{
    /// <inheritdoc />
    protected override string Message => "pong from app B";
}

/// <summary>Echoes forever (for the benchmark and long-running isolation tests).</summary>
public sealed class EndlessEchoApp : EchoApp
{
    /// <inheritdoc />
    protected override string Message => "endless";

    /// <inheritdoc />
    protected override int Rounds => int.MaxValue;
}

/// <summary>
/// Ordinary C#: lambdas (cached in <c>&lt;&gt;c</c>), closures, LINQ, async, constant data spans,
/// stackalloc into a Span, records and string interpolation. Reports a checksum (tag 2).
/// </summary>
public sealed class OrdinaryApp : IApp
{
    private static ReadOnlySpan<byte> Table => [3, 1, 4, 1, 5, 9, 2, 6];

    private sealed record Reading(int Index, int Value);

    /// <inheritdoc />
    public async Task RunAsync(ISyscalls syscalls)
    {
        ArgumentNullException.ThrowIfNull(syscalls);
        var values = Copy();
        var readings = Enumerable.Range(0, 8).Select(i => new Reading(i, values[i])).ToList();
        var offset = 10;
        var sum = readings.Where(r => r.Value > 1).Sum(r => r.Value + offset);
        await syscalls.YieldAsync();
        var doubled = await Twice(syscalls, sum);
        Probe.Report(syscalls, 2, (uint)doubled);
    }

    private static byte[] Copy()
    {
        Span<byte> scratch = stackalloc byte[16];
        Table.CopyTo(scratch);
        return scratch[..8].ToArray();
    }

    private static async Task<int> Twice(ISyscalls syscalls, int value)
    {
        await syscalls.YieldAsync();
        return value * 2;
    }
}
