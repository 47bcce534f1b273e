using BenchmarkDotNet.Attributes;
using Rampart.Wire.Mctp;

namespace Rampart.Benchmarks.Mctp;

/// <summary>
/// Packetizes a 4 KiB MCTP message at the 64-byte baseline MTU and reassembles it (issue 2,
/// "Performance"). One operation moves 4096 bytes through 64 packets; MB/s = 4096 / mean time.
/// Buffers are made once in setup, so [MemoryDiagnoser] shows what one message costs: 0 B.
/// </summary>
[MemoryDiagnoser]
public class MctpPacketizeReassembleBench
{
    private const int MessageSize = 4096;
    private byte[] _message = [];
    private byte[] _packet = [];
    private MctpReassembler _reassembler = null!;
    private long _now;

    /// <summary>Payload bytes per packet.</summary>
    [Params(64, 250)]
    public int Mtu { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _message = new byte[MessageSize];
        for (var i = 0; i < _message.Length; i++)
        {
            _message[i] = (byte)(i * 31);
        }

        _message[0] = (byte)MctpMessageType.Spdm;
        _packet = new byte[Mtu + MctpTransportHeader.Size];
        _reassembler = new MctpReassembler(4, MessageSize, 1_000_000);
    }

    /// <summary>Returns the reassembled length so the work cannot be skipped.</summary>
    [Benchmark]
    public int PacketizeAndReassemble4KiB()
    {
        var packetizer = new MctpPacketizer(_message, Mtu, 0x0A, 0x08, true, 3);
        var length = 0;
        while (packetizer.TryWriteNext(_packet, out var written))
        {
            if (_reassembler.Accept(_packet.AsSpan(0, written), _now, out _, out var message) == MctpReassemblyResult.Complete)
            {
                length = message.Length;
            }
        }

        _now++;
        return length;
    }
}
