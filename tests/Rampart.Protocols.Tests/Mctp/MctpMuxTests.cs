using CsCheck;
using Rampart.Protocols.Mctp;
using Rampart.Wire.Mctp;

namespace Rampart.Protocols.Tests.Mctp;

public sealed class MctpMuxTests
{
    [Fact]
    public void Messages_of_0_to_4096_body_bytes_round_trip_at_mtu_64_in_both_directions()
    {
        var link = new MctpTestLink();
        var hostSink = new RecordingSink();
        var deviceSink = new RecordingSink();
        link.AssignEid(hostSink);
        link.Device.Register(MctpMessageType.Spdm, deviceSink);

        Gen.Int[0, 4096].SelectMany(n => Gen.Byte.Array[n]).Sample(body =>
        {
            deviceSink.Requests.Clear();
            hostSink.Responses.Clear();
            var message = new byte[body.Length + 1];
            message[0] = (byte)MctpMessageType.Spdm;
            body.CopyTo(message, 1);
            Assert.Equal(MctpSendStatus.Queued, link.Host.TrySendRequest(MctpTestLink.DeviceEid, message, hostSink, 7, out var tag));
            var packets = link.Pump();
            Assert.Equal(MctpPacketizer.PacketCount(message.Length, 64), packets);
            var request = Assert.Single(deviceSink.Requests);
            Assert.Equal(message, request.Message);
            Assert.Equal(MctpTestLink.HostEid, request.Source);
            Assert.Equal(tag, request.Tag);

            Assert.Equal(MctpSendStatus.Queued, link.Device.TrySendResponse(request.Source, request.Tag, message, null, 0));
            link.Pump();
            var response = Assert.Single(hostSink.Responses);
            Assert.Equal(7u, response.Cookie);
            Assert.Equal(message, response.Message);
            Assert.Equal(MctpTestLink.DeviceEid, response.Source);
        }, iter: 60, threads: 1);

        Assert.Equal(0, link.Host.Counters.TotalDropped);
        Assert.Equal(0, link.Device.Counters.TotalDropped);
        Assert.Equal(0, link.Host.Requests.Outstanding);
    }

    [Theory]
    [InlineData(64)]
    [InlineData(128)]
    [InlineData(250)]
    public void A_larger_transmission_unit_sends_fewer_packets(int mtu)
    {
        var link = new MctpTestLink(mtu);
        var deviceSink = new RecordingSink();
        link.AssignEid(new RecordingSink());
        link.Device.Register(MctpMessageType.Pldm, deviceSink);
        var message = new byte[1000];
        message[0] = 0x01;
        link.Host.TrySendRequest(MctpTestLink.DeviceEid, message, null, 0, out _);
        Assert.Equal(MctpPacketizer.PacketCount(1000, mtu), link.Pump());
        Assert.Equal(message, Assert.Single(deviceSink.Requests).Message);
    }

    [Fact]
    public void A_corrupted_packet_drops_the_message_and_is_counted()
    {
        var link = new MctpTestLink();
        var deviceSink = new RecordingSink();
        link.AssignEid(new RecordingSink());
        link.Device.Register(MctpMessageType.Spdm, deviceSink);
        var message = new byte[300];
        message[0] = 0x05;
        link.Host.TrySendRequest(MctpTestLink.DeviceEid, message, null, 0, out _);
        var n = 0;
        link.Pump((transfer, _) =>
        {
            if (++n == 2)
            {
                transfer[10] ^= 0x40;
            }

            return true;
        });
        Assert.Empty(deviceSink.Requests);
        Assert.Equal(1, link.Device.Counters.BadPec);
        Assert.True(link.Device.Counters.Reassembly.MissingStartOfMessage >= 1);
    }

    [Fact]
    public void Requests_for_a_type_with_no_sink_or_a_refusing_sink_are_dropped_and_counted()
    {
        var link = new MctpTestLink();
        link.AssignEid(new RecordingSink());
        link.Device.Register(MctpMessageType.Pldm, new RecordingSink(accept: false));
        link.Host.TrySendRequest(MctpTestLink.DeviceEid, [0x05, 0x10], null, 0, out _);
        link.Host.TrySendRequest(MctpTestLink.DeviceEid, [0x01, 0x80], null, 0, out _);
        link.Pump();
        Assert.Equal(2, link.Device.Counters.RequestsUnrouted);
    }

    [Fact]
    public void Messages_for_another_eid_are_dropped()
    {
        var link = new MctpTestLink();
        var sink = new RecordingSink();
        link.AssignEid(new RecordingSink());
        link.Device.Register(MctpMessageType.Spdm, sink);
        link.Host.TrySendRequest(0x42, [0x05, 0x10], null, 0, out _);
        link.Pump();
        Assert.Empty(sink.Requests);
        Assert.Equal(1, link.Device.Counters.WrongDestination);
    }

    [Fact]
    public void An_unsolicited_response_is_dropped_and_counted()
    {
        var link = new MctpTestLink();
        link.AssignEid(new RecordingSink());
        link.Device.TrySendResponse(MctpTestLink.HostEid, 3, [0x05, 0x04], null, 0);
        link.Pump();
        Assert.Equal(1, link.Host.Counters.ResponsesUnexpected);
    }

    [Fact]
    public void Eight_tags_per_peer_then_busy_and_another_peer_still_gets_tags()
    {
        var tags = new HashSet<byte>();
        var host = new MctpMux(new MctpMuxOptions { Role = MctpBindingRole.Controller, LocalEid = 8, TransmitSlots = 16 });
        for (var i = 0; i < 8; i++)
        {
            Assert.Equal(MctpSendStatus.Queued, host.TrySendRequest(0x1D, [0x05], null, 0, out var tag));
            Assert.True(tags.Add(tag));
        }

        Assert.Equal(MctpSendStatus.Busy, host.TrySendRequest(0x1D, [0x05], null, 0, out _));
        Assert.Equal(MctpSendStatus.Queued, host.TrySendRequest(0x1E, [0x05], null, 0, out _));
        Assert.True(host.CancelRequest(0x1D, 4));
        Assert.Equal(MctpSendStatus.Queued, host.TrySendRequest(0x1D, [0x05], null, 0, out var again));
        Assert.Equal(4, again);
    }

    [Fact]
    public void A_full_transmit_queue_is_busy_and_frees_its_tag()
    {
        var host = new MctpMux(new MctpMuxOptions { Role = MctpBindingRole.Controller, LocalEid = 8, TransmitSlots = 2 });
        Assert.Equal(MctpSendStatus.Queued, host.TrySendRequest(0x1D, [0x05], null, 0, out _));
        Assert.Equal(MctpSendStatus.Queued, host.TrySendResponse(0x1D, 1, [0x05], null, 0));
        Assert.Equal(MctpSendStatus.Busy, host.TrySendRequest(0x1D, [0x05], null, 0, out _));
        Assert.Equal(MctpSendStatus.Busy, host.TrySendResponse(0x1D, 1, [0x05], null, 0));
        Assert.Equal(1, host.Requests.Outstanding);
    }

    [Theory]
    [InlineData("empty", 0, 0)]
    [InlineData("oversize", 4097, 0)]
    [InlineData("tag above 7", 2, 8)]
    public void Bad_sends_are_refused(string name, int length, byte tag)
    {
        var host = new MctpMux(new MctpMuxOptions { Role = MctpBindingRole.Controller, LocalEid = 8 });
        var message = new byte[length];
        var status = host.TrySendResponse(0x1D, tag, message, null, 0);
        Assert.True(status is MctpSendStatus.InvalidSize or MctpSendStatus.InvalidArgument, name);
        Assert.False(host.HasPendingTransmit);
    }

    [Fact]
    public void A_request_times_out_only_after_it_was_sent_and_its_tag_is_freed()
    {
        var link = new MctpTestLink(requestTimeout: 1_000);
        var sink = new RecordingSink();
        link.AssignEid(new RecordingSink());
        link.Host.TrySendRequest(MctpTestLink.DeviceEid, [0x05, 0x11], sink, 5, out var tag);
        link.Host.Poll(1_000_000);
        Assert.Empty(sink.TimedOut);

        link.Now = 2_000_000;
        link.Pump();
        Assert.Equal((5u, MctpTestLink.DeviceEid, tag, true), Assert.Single(sink.Transmitted));
        link.Host.Poll(2_000_999);
        Assert.Empty(sink.TimedOut);
        link.Host.Poll(2_001_000);
        Assert.Equal((5u, MctpTestLink.DeviceEid, tag), Assert.Single(sink.TimedOut));
        Assert.Equal(1, link.Host.Counters.RequestsTimedOut);
        Assert.Equal(0, link.Host.Requests.Outstanding);

        // The late response finds nothing outstanding.
        link.Device.TrySendResponse(MctpTestLink.HostEid, tag, [0x05, 0x01], null, 0);
        link.Pump();
        Assert.Empty(sink.Responses);
        Assert.Equal(1, link.Host.Counters.ResponsesUnexpected);
    }

    [Fact]
    public void The_observer_sees_both_directions_with_addressing()
    {
        var link = new MctpTestLink();
        link.AssignEid(new RecordingSink());
        var seen = new List<(MctpDirection, MctpPacketAddress, byte[])>();
        link.Host.Observer = new LambdaObserver((d, a, m) => seen.Add((d, a, m)));
        link.Host.TrySendRequest(MctpTestLink.DeviceEid, [0x00, 0x80, 0x02], null, 0, out var tag);
        link.Pump();
        Assert.Equal(2, seen.Count);
        Assert.Equal((MctpDirection.Sent, new MctpPacketAddress(MctpTestLink.HostEid, MctpTestLink.DeviceEid, tag, true)), (seen[0].Item1, seen[0].Item2));
        Assert.Equal((MctpDirection.Received, new MctpPacketAddress(MctpTestLink.DeviceEid, MctpTestLink.HostEid, tag, false)), (seen[1].Item1, seen[1].Item2));
        Assert.Equal([0x00, 0x00, 0x02, 0x00, MctpTestLink.DeviceEid, 0x00, 0x00], seen[1].Item3);
    }

    private sealed class LambdaObserver(Action<MctpDirection, MctpPacketAddress, byte[]> action) : IMctpObserver
    {
        public void OnMessage(MctpDirection direction, MctpPacketAddress address, ReadOnlySpan<byte> message, long now) => action(direction, address, message.ToArray());
    }
}
