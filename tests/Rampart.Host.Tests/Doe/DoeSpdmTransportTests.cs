using CsCheck;
using Rampart.Host.Doe;
using Rampart.Wire.Doe;

namespace Rampart.Host.Tests.Doe;

/// <summary>
/// The host's SPDM-over-DOE transport against a scripted DOE function: the register flow of a good
/// exchange, Busy waited on, and every way an answer can fail — timeout, Error, a malformed or
/// oversized object — reported as a named status after an Abort, never thrown.
/// </summary>
public sealed class DoeSpdmTransportTests
{
    private static readonly byte[] GetVersion = [0x10, 0x84, 0x00, 0x00];

    private static readonly DoeTransportOptions Options = new() { TimeoutNs = 1_000_000, PollIntervalNs = 10_000, MaxObjectDwords = 16 };

    [Theory]
    [InlineData(false, 1)]
    [InlineData(true, 2)]
    public async Task A_round_trip_writes_one_padded_object_and_returns_exactly_the_answer_s_data(bool secured, byte type)
    {
        var (transport, function, _) = Rig();
        function.Respond = _ => new DoeReply(Object(type, 0x0000_0412, 0x1211_0000, 0x0403_0201), BusyPolls: 3);
        var response = new byte[64];

        var length = await transport.SendReceiveAsync(new byte[] { 0x10, 0x84, 0x00, 0x00, 0xAB }, response, secured, CancellationToken.None);

        Assert.Equal([0x0001u | ((uint)type << 16), 4u, 0x0000_8410u, 0x0000_00ABu], Assert.Single(function.Requests));
        Assert.Equal(12, length);
        Assert.Equal(new byte[] { 0x12, 0x04, 0x00, 0x00, 0x00, 0x00, 0x11, 0x12, 0x01, 0x02, 0x03, 0x04 }, response[..12]);
        Assert.Equal(0, function.Aborts);
        Assert.Equal(1, transport.Exchanges);
        Assert.Equal(0, transport.Malformed + transport.Errors + transport.Timeouts);
    }

    [Fact]
    public async Task Discovery_asks_for_an_index_and_reads_the_protocol_and_the_next_index()
    {
        var (transport, function, _) = Rig();
        function.Respond = _ => new DoeReply(Object(0, 0x0201_0001));

        var answer = await transport.DiscoverAsync(1);

        Assert.Equal([0x0000_0001u, 3u, 1u], Assert.Single(function.Requests));
        Assert.Equal(new DoeDiscoveryResponse(1, DoeDataObjectType.Spdm, 2), answer);
    }

    [Theory]
    [InlineData("Busy for ever after Go", true)]
    [InlineData("Go ignored", false)]
    public async Task A_function_that_never_sets_ready_times_out_in_bounded_chip_time_and_is_aborted(string name, bool busy)
    {
        var (transport, function, timer) = Rig();
        function.Respond = _ => busy ? DoeReply.Never : new DoeReply();

        var exchange = await transport.ExchangeAsync(DoeDataObjectType.Spdm, GetVersion, new byte[64]);

        Assert.True(exchange.Status == DoeExchangeStatus.Timeout, name);
        Assert.Equal(1_000_000, timer.Now);
        Assert.Equal(100, timer.Delays);
        Assert.Equal(1, transport.Timeouts);
        Assert.Equal(1, function.Aborts);
    }

    [Fact]
    public async Task The_default_timeout_is_the_spec_s_one_second_of_chip_time()
    {
        var function = new ScriptedDoeFunction { Respond = _ => DoeReply.Never };
        var timer = new CountingTimer();
        var transport = new DoeSpdmTransport(function, timer);

        Assert.Equal(0, await transport.SendReceiveAsync(GetVersion, new byte[64], secured: false, CancellationToken.None));

        Assert.Equal(1_000_000_000, timer.Now);
        Assert.Equal(1, transport.Timeouts);
    }

    [Fact]
    public async Task A_cancelled_exchange_ends_at_the_next_poll_as_a_timeout()
    {
        var (transport, function, timer) = Rig();
        function.Respond = _ => DoeReply.Never;
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        var exchange = await transport.ExchangeAsync(DoeDataObjectType.Spdm, GetVersion, new byte[64], cancelled.Token);

        Assert.Equal(DoeExchangeStatus.Timeout, exchange.Status);
        Assert.Equal(0, timer.Delays);
        Assert.Equal(1, function.Aborts);
    }

    [Fact]
    public async Task The_error_bit_is_reported_as_error_and_cleared_with_abort()
    {
        var (transport, function, _) = Rig();
        function.Respond = _ => new DoeReply(Error: true, BusyPolls: 2);

        var exchange = await transport.ExchangeAsync(DoeDataObjectType.Spdm, GetVersion, new byte[64]);
        var length = await transport.SendReceiveAsync(GetVersion, new byte[64], secured: false, CancellationToken.None);

        Assert.Equal(DoeExchangeStatus.Error, exchange.Status);
        Assert.Equal(0, length);
        Assert.Equal(2, transport.Errors);
        Assert.Equal(2, function.Aborts);
        await AssertExchangesAgain(transport, function);
    }

    [Fact]
    public async Task A_request_dword_the_function_refuses_is_an_error()
    {
        var (transport, function, _) = Rig();
        function.RefuseWrites = true;

        var exchange = await transport.ExchangeAsync(DoeDataObjectType.Spdm, GetVersion, new byte[64]);

        Assert.Equal(DoeExchangeStatus.Error, exchange.Status);
        Assert.Empty(function.Requests);
        Assert.Equal(1, function.Aborts);
    }

    [Theory]
    [InlineData("length field 1", new uint[] { 0x0001_0001, 1, 0x8410 }, -1)]
    [InlineData("length field 0, meaning 2^18 dwords", new uint[] { 0x0001_0001, 0, 0x8410 }, -1)]
    [InlineData("a length past the mailbox", new uint[] { 0x0001_0001, 17, 0x8410, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0 }, -1)]
    [InlineData("the reserved byte of dword 0 set", new uint[] { 0x0101_0001, 3, 0x8410 }, -1)]
    [InlineData("a reserved length bit set", new uint[] { 0x0001_0001, 3 | (1 << 18), 0x8410 }, -1)]
    [InlineData("a vendor other than PCI-SIG", new uint[] { 0x0001_1AB4, 3, 0x8410 }, -1)]
    [InlineData("the secured type to a plain request", new uint[] { 0x0002_0001, 3, 0x8410 }, -1)]
    [InlineData("the discovery type to a plain request", new uint[] { 0x0000_0001, 3, 0x8410 }, -1)]
    [InlineData("Ready dropped before the header's length", new uint[] { 0x0001_0001, 4, 0x8410, 0 }, 3)]
    [InlineData("Ready still set after the header's length", new uint[] { 0x0001_0001, 3, 0x8410, 0x1234 }, -1)]
    [InlineData("half a header", new uint[] { 0x0001_0001, 3, 0x8410 }, 1)]
    public async Task A_malformed_answer_is_malformed_after_an_abort_and_the_next_exchange_works(string name, uint[] answer, int readable)
    {
        var (transport, function, _) = Rig();
        function.Respond = _ => new DoeReply(answer, Readable: readable < 0 ? null : readable);
        var response = new byte[64];

        var exchange = await transport.ExchangeAsync(DoeDataObjectType.Spdm, GetVersion, response);

        Assert.True(exchange.Status == DoeExchangeStatus.Malformed, $"{name}: {exchange.Status}");
        Assert.Equal(0, exchange.Length);
        Assert.Equal(1, transport.Malformed);
        Assert.Equal(0, transport.Exchanges);
        Assert.Equal(1, function.Aborts);
        await AssertExchangesAgain(transport, function);
    }

    [Fact]
    public async Task An_answer_larger_than_the_caller_s_buffer_is_too_large_and_nothing_is_copied()
    {
        var (transport, function, _) = Rig();
        function.Respond = _ => new DoeReply(Object(1, 0x0403_0201, 0x0807_0605, 0x0C0B_0A09));
        var response = new byte[8];

        var exchange = await transport.ExchangeAsync(DoeDataObjectType.Spdm, GetVersion, response);
        var length = await transport.SendReceiveAsync(GetVersion, response, secured: false, CancellationToken.None);

        Assert.Equal(DoeExchangeStatus.TooLarge, exchange.Status);
        Assert.Equal(0, length);
        Assert.Equal(new byte[8], response);
        Assert.Equal(2, transport.Malformed);
    }

    [Theory]
    [InlineData(16 * 4 - 8 + 1)]
    [InlineData(2 * 1024 * 1024)]
    public async Task A_request_that_does_not_fit_the_mailbox_is_too_large_before_any_register_is_touched(int size)
    {
        var (transport, function, _) = Rig();

        var exchange = await transport.ExchangeAsync(DoeDataObjectType.Spdm, new byte[size], new byte[64]);

        Assert.Equal(DoeExchangeStatus.TooLarge, exchange.Status);
        Assert.Equal(0, function.StatusReads);
        Assert.Empty(function.Requests);
    }

    [Fact]
    public async Task Busy_at_the_start_is_waited_on_not_aborted()
    {
        var (transport, function, timer) = Rig();
        function.BusyAtStart = 5;
        function.Respond = _ => new DoeReply(Object(1, 0x0000_0412));

        var exchange = await transport.ExchangeAsync(DoeDataObjectType.Spdm, GetVersion, new byte[64]);

        Assert.Equal(DoeExchangeStatus.Ok, exchange.Status);
        Assert.Equal(0, function.Aborts);
        Assert.Equal(5, timer.Delays);
        Assert.Single(function.Requests);
    }

    [Fact]
    public async Task Busy_that_outlasts_the_timeout_is_aborted_and_the_exchange_goes_ahead()
    {
        var (transport, function, timer) = Rig();
        function.BusyAtStart = int.MaxValue;
        function.Respond = _ => new DoeReply(Object(1, 0x0000_0412));

        var exchange = await transport.ExchangeAsync(DoeDataObjectType.Spdm, GetVersion, new byte[64]);

        Assert.Equal(DoeExchangeStatus.Ok, exchange.Status);
        Assert.Equal(1, function.Aborts);
        Assert.Equal(Options.TimeoutNs, timer.Now);
    }

    [Fact]
    public async Task A_stale_error_or_unread_answer_is_aborted_first_and_the_new_answer_read()
    {
        var (transport, function, _) = Rig();
        function.Respond = _ => new DoeReply(Object(1, 0x0000_0412));
        function.StaleError = true;
        Assert.Equal(DoeExchangeStatus.Ok, (await transport.ExchangeAsync(DoeDataObjectType.Spdm, GetVersion, new byte[64])).Status);
        Assert.Equal(1, function.Aborts);

        function.LeaveAnswer(Object(1, 0xDEAD_BEEF));
        var response = new byte[64];
        var exchange = await transport.ExchangeAsync(DoeDataObjectType.Spdm, GetVersion, response);

        Assert.Equal(DoeExchangeStatus.Ok, exchange.Status);
        Assert.Equal(2, function.Aborts);
        Assert.Equal(new byte[] { 0x12, 0x04, 0x00, 0x00 }, response[..exchange.Length]);
    }

    [Fact]
    public async Task Random_answers_never_throw_and_ok_is_only_a_whole_pci_sig_object_of_the_asked_type()
    {
        var answers = Gen.Select(Gen.UInt.Array[0, 20], Gen.Int[0, 20], Gen.Bool, Gen.UInt[0, 20]);
        await answers.SampleAsync(async sample =>
        {
            var (words, readable, framed, length) = sample;
            if (framed && words.Length >= 2)
            {
                words[0] = 0x0001_0001;
                words[1] = length;
            }

            var (transport, function, _) = Rig();
            var visible = Math.Min(readable, words.Length);
            function.Respond = _ => new DoeReply(words, Readable: visible);
            var response = new byte[40];

            var exchange = await transport.ExchangeAsync(DoeDataObjectType.Spdm, GetVersion, response);

            if (exchange.IsOk)
            {
                // Exactly the header's dwords were readable, then Ready dropped.
                Assert.Equal(0x0001_0001u, words[0]);
                Assert.Equal((uint)visible, words[1]);
                Assert.Equal((visible - 2) * 4, exchange.Length);
            }
            else
            {
                Assert.Equal(0, exchange.Length);
            }
        }, iter: 300);
    }

    private static (DoeSpdmTransport Transport, ScriptedDoeFunction Function, CountingTimer Timer) Rig()
    {
        var function = new ScriptedDoeFunction();
        var timer = new CountingTimer();
        return (new DoeSpdmTransport(function, timer, Options), function, timer);
    }

    private static uint[] Object(byte type, params uint[] data) => [0x0001u | ((uint)type << 16), (uint)(data.Length + 2), .. data];

    private static async Task AssertExchangesAgain(DoeSpdmTransport transport, ScriptedDoeFunction function)
    {
        function.Respond = _ => new DoeReply(Object(1, 0x0000_0412));
        var response = new byte[64];
        Assert.Equal(4, await transport.SendReceiveAsync(GetVersion, response, secured: false, CancellationToken.None));
        Assert.Equal(new byte[] { 0x12, 0x04, 0x00, 0x00 }, response[..4]);
    }
}
