using Rampart.Protocols.Mctp;

namespace Rampart.Protocols.Tests.Mctp;

/// <summary>A recording sink: every callback lands in a list.</summary>
internal sealed class RecordingSink(bool accept = true) : IMctpMessageSink
{
    public List<(byte Source, byte Tag, byte[] Message)> Requests { get; } = [];

    public List<(uint Cookie, byte Source, byte Tag, byte[] Message)> Responses { get; } = [];

    public List<(uint Cookie, byte Peer, byte Tag)> TimedOut { get; } = [];

    public List<(uint Cookie, byte Destination, byte Tag, bool TagOwner)> Transmitted { get; } = [];

    public bool OnRequest(byte sourceEid, byte tag, ReadOnlySpan<byte> message)
    {
        if (accept)
        {
            Requests.Add((sourceEid, tag, message.ToArray()));
        }

        return accept;
    }

    public void OnResponse(uint cookie, byte sourceEid, byte tag, ReadOnlySpan<byte> message) => Responses.Add((cookie, sourceEid, tag, message.ToArray()));

    public void OnRequestTimedOut(uint cookie, byte peerEid, byte tag) => TimedOut.Add((cookie, peerEid, tag));

    public void OnTransmitted(uint cookie, byte destinationEid, byte tag, bool tagOwner) => Transmitted.Add((cookie, destinationEid, tag, tagOwner));
}

/// <summary>A device mux and a host mux joined back to back (no bus): transfers are moved by hand.</summary>
internal sealed class MctpTestLink
{
    public const byte Address = 0x3A;
    public const byte HostEid = 0x08;
    public const byte DeviceEid = 0x1D;

    private readonly byte[] _transfer;

    public MctpTestLink(int mtu = 64, int maxMessage = 4200, long requestTimeout = 1_000, MctpControlOptions? control = null)
    {
        Control = new MctpControlResponder(control);
        Device = new MctpMux(new MctpMuxOptions { I3cAddress = Address, Role = MctpBindingRole.Target, TransmissionUnit = mtu, MaxMessageSize = maxMessage, RequestTimeoutNs = requestTimeout }, Control);
        Host = new MctpMux(new MctpMuxOptions { I3cAddress = Address, Role = MctpBindingRole.Controller, LocalEid = HostEid, TransmissionUnit = mtu, MaxMessageSize = maxMessage, RequestTimeoutNs = requestTimeout });
        _transfer = new byte[Host.Options.MaxTransferSize];
    }

    public MctpControlResponder Control { get; }

    public MctpMux Device { get; }

    public MctpMux Host { get; }

    public long Now { get; set; }

    /// <summary>Moves every waiting packet host → device and device → host until both are idle; returns packets moved.</summary>
    public int Pump(Func<byte[], int, bool>? tamper = null)
    {
        var moved = 0;
        while (Host.HasPendingTransmit || Device.HasPendingTransmit)
        {
            if (Host.TryTakeTransfer(_transfer, Now, out var length))
            {
                moved++;
                if (tamper?.Invoke(_transfer, length) != false)
                {
                    Device.ReceiveTransfer(_transfer.AsSpan(0, length), Now);
                }
            }

            if (Device.TryTakeTransfer(_transfer, Now, out length))
            {
                moved++;
                if (tamper?.Invoke(_transfer, length) != false)
                {
                    Host.ReceiveTransfer(_transfer.AsSpan(0, length), Now);
                }
            }
        }

        return moved;
    }

    /// <summary>Assigns the device its EID through a real Set Endpoint ID exchange.</summary>
    public void AssignEid(RecordingSink hostSink)
    {
        Host.Register(Wire.Mctp.MctpMessageType.Control, hostSink);
        Assert.Equal(MctpSendStatus.Queued, Host.TrySendRequest(0, [0x00, 0x80, 0x01, 0x00, DeviceEid], hostSink, 99, out _));
        Pump();
        Assert.Equal(DeviceEid, Device.LocalEid);
    }
}
