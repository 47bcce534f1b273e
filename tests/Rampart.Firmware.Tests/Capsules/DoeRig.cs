using System.Buffers.Binary;
using Rampart.Firmware.Mcu.Runtime.Capsules;
using Rampart.Hal.Peripherals;
using Rampart.Kernel.Abi;
using Rampart.Kernel.Abi.Sdk;
using Rampart.Platform.Peripherals;
using Rampart.Platform.Simulation;
using Rampart.Wire;
using Rampart.Wire.Doe;

namespace Rampart.Firmware.Tests.Capsules;

/// <summary>The host's side of a <see cref="DoeMailbox"/>, register by register, and data objects as dwords.</summary>
internal static class DoeHostSide
{
    /// <summary>A PCI-SIG object of <paramref name="type"/> whose header length counts <paramref name="data"/>.</summary>
    public static uint[] Object(byte type, params uint[] data) => VendorObject(DoeDataObjectHeader.PciSigVendorId, type, data);

    /// <summary>An object of <paramref name="vendor"/> and <paramref name="type"/> whose header length counts <paramref name="data"/>.</summary>
    public static uint[] VendorObject(ushort vendor, byte type, params uint[] data) => [vendor | ((uint)type << 16), (uint)(data.Length + 2), .. data];

    /// <summary>A PCI-SIG object of <paramref name="type"/> carrying <paramref name="data"/>, zero-padded, as dwords.</summary>
    public static uint[] Object(DoeDataObjectType type, ReadOnlySpan<byte> data)
    {
        var bytes = new byte[DoeDataObject.GetEncodedSize(data.Length)];
        Assert.True(DoeDataObject.TryWrite(type, data, bytes, out _));
        return Dwords(bytes);
    }

    public static uint[] Dwords(ReadOnlySpan<byte> bytes)
    {
        var dwords = new uint[bytes.Length / 4];
        for (var i = 0; i < dwords.Length; i++)
        {
            dwords[i] = BinaryPrimitives.ReadUInt32LittleEndian(bytes[(i * 4)..]);
        }

        return dwords;
    }

    public static byte[] Bytes(ReadOnlySpan<uint> dwords)
    {
        var bytes = new byte[dwords.Length * 4];
        for (var i = 0; i < dwords.Length; i++)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(i * 4), dwords[i]);
        }

        return bytes;
    }

    /// <summary>Writes <paramref name="dwords"/> into Write Data Mailbox and, unless told not to, sets Go.</summary>
    public static void Send(this DoeMailbox doe, ReadOnlySpan<uint> dwords, bool go = true)
    {
        foreach (var dword in dwords)
        {
            Assert.True(doe.Write(DoeMailbox.WriteMailboxOffset, dword));
        }

        if (go)
        {
            doe.Write(DoeMailbox.ControlOffset, DoeMailbox.GoBit);
        }
    }

    public static uint Status(this DoeMailbox doe) => doe.Read(DoeMailbox.StatusOffset);

    public static void Abort(this DoeMailbox doe) => Assert.True(doe.Write(DoeMailbox.ControlOffset, DoeMailbox.AbortBit));

    /// <summary>Reads the answer while Data Object Ready is set, acknowledging every dword.</summary>
    public static uint[] ReadAnswer(this DoeMailbox doe)
    {
        var words = new List<uint>();
        while ((doe.Status() & DoeMailbox.ReadyBit) != 0 && words.Count < 4096)
        {
            words.Add(doe.Read(DoeMailbox.ReadMailboxOffset));
            doe.Write(DoeMailbox.ReadMailboxOffset, 0);
        }

        return [.. words];
    }
}

/// <summary>
/// An app on the DOE SPDM driver: receives whole objects into its rx buffer, records them, and
/// answers each with <see cref="Answer"/> (null refuses it with command 6), or, when
/// <see cref="Hold"/> is set, with what that task gives, whenever the test completes it.
/// </summary>
internal sealed class DoeApp(int rxBytes = 4096) : IApp
{
    public const int TxOffset = 8192;

    public List<(MctpReceiveResult Result, byte[] Object)> Received { get; } = [];

    public List<MctpSendResult> Sent { get; } = [];

    public Func<byte[], byte[]?> Answer { get; set; } = Reply;

    public TaskCompletionSource<byte[]?>? Hold { get; set; }

    /// <summary>When set, an answer the driver refused is sent again as this gives it.</summary>
    public Func<byte[], byte[]>? Retry { get; set; }

    /// <summary>The same kind of object with the data's bytes inverted.</summary>
    public static byte[] Reply(byte[] request)
    {
        Assert.Equal(WireStatus.Done, DoeDataObject.TryRead(request, out var header, out var data, out _));
        var inverted = data.ToArray().Select(b => (byte)~b).ToArray();
        return DoeHostSide.Bytes(DoeHostSide.Object(header.Type, inverted));
    }

    public async Task RunAsync(ISyscalls syscalls)
    {
        var client = new MctpClient(syscalls, DriverNumbers.DoeSpdm);
        while (true)
        {
            var result = await client.ReceiveRequestAsync(new AppSlice(0, rxBytes));
            Received.Add((result, result.Error is null ? syscalls.Memory[..result.Length].ToArray() : []));
            if (result.Error is not null)
            {
                continue;
            }

            byte[]? answer;
            if (Hold is { } hold)
            {
                Hold = null;
                answer = await hold.Task;
            }
            else
            {
                answer = Answer(Received[^1].Object);
            }

            if (answer is null)
            {
                Assert.True(syscalls.Command(DriverNumbers.DoeSpdm, DoeSpdmCapsule.CommandRefuse, 0, 0).IsSuccess);
                continue;
            }

            answer.CopyTo(syscalls.Memory[TxOffset..]);
            Sent.Add(await client.SendResponseAsync(0, 0, new AppSlice(TxOffset, answer.Length)));
            if (Sent[^1].Error is not null && Retry is { } retry)
            {
                answer = retry(Received[^1].Object);
                answer.CopyTo(syscalls.Memory[TxOffset..]);
                Sent.Add(await client.SendResponseAsync(0, 0, new AppSlice(TxOffset, answer.Length)));
            }
        }
    }
}

/// <summary>
/// A DOE responder that hands the capsule whatever bytes the test queued — including what a real
/// mailbox would have filtered — and records what the capsule does with each.
/// </summary>
internal sealed class FakeDoeResponder : IDoeResponder
{
    private readonly Queue<byte[]> _requests = new();

    public bool Busy { get; private set; }

    public List<byte[]> Responses { get; } = [];

    public int Refused { get; private set; }

    public int Discarded { get; private set; }

    public void Submit(byte[] dataObject) => _requests.Enqueue(dataObject);

    public bool TryReceive(Span<byte> destination, out int length)
    {
        length = 0;
        if (!_requests.TryPeek(out var next) || next.Length > destination.Length)
        {
            return false;
        }

        _requests.Dequeue();
        next.CopyTo(destination);
        length = next.Length;
        Busy = true;
        return true;
    }

    public bool TryRespond(ReadOnlySpan<byte> dataObject)
    {
        var copy = dataObject.ToArray();
        return Finish(() => Responses.Add(copy));
    }

    public bool TryRefuse() => Finish(() => Refused++);

    public bool TryDiscard() => Finish(() => Discarded++);

    public ValueTask WaitForRequest() => ValueTask.CompletedTask;

    private bool Finish(Action record)
    {
        if (!Busy)
        {
            return false;
        }

        Busy = false;
        record();
        return true;
    }
}

/// <summary>A capsule board over a real <see cref="DoeMailbox"/> the test drives as the host, with an optional app.</summary>
internal sealed class DoeBench : IDisposable
{
    private readonly Simulator _simulator = new(1);

    public DoeBench(DoeApp? app = null, int mailboxDwords = 1024)
    {
        Mailbox = new DoeMailbox(_simulator, mailboxDwords);
        Board = new CapsuleBoard(doe: Mailbox);
        if (app is not null)
        {
            Board.Load("spdm", app);
        }
    }

    public DoeMailbox Mailbox { get; }

    public CapsuleBoard Board { get; }

    public DoeSpdmCapsule Capsule => Board.Doe!;

    public uint Status => Mailbox.Status();

    /// <summary>Writes <paramref name="dwords"/>, sets Go and lets the capsule and the kernel run.</summary>
    public void Exchange(ReadOnlySpan<uint> dwords)
    {
        Mailbox.Send(dwords);
        Board.PumpDoe();
    }

    /// <summary>A good 3-dword SPDM object now reaches <paramref name="app"/> and its answer comes back.</summary>
    public void AssertServesNext(DoeApp app)
    {
        Assert.Equal(0u, Status);
        var before = app.Received.Count;
        var good = DoeHostSide.Object(DoeDataObjectType.Spdm, [0x12, 0x84, 0x00, 0x00]);
        Exchange(good);
        Assert.Equal(before + 1, app.Received.Count);
        Assert.Equal(DoeHostSide.Bytes(good), app.Received[^1].Object);
        Assert.Equal(DoeHostSide.Dwords(DoeApp.Reply(DoeHostSide.Bytes(good))), Mailbox.ReadAnswer());
        Assert.Equal(0u, Status);
    }

    public void Dispose() => _simulator.Dispose();
}
