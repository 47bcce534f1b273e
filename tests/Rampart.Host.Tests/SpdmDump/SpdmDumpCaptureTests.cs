using Rampart.Crypto;
using Rampart.Host.SpdmDump;
using Rampart.Protocols.Spdm;
using Rampart.Protocols.Tests.Spdm;
using Rampart.Wire.Capture;

namespace Rampart.Host.Tests.SpdmDump;

/// <summary>
/// What <c>--pcap</c> and <c>--secrets</c> write (decision 0276): a capture of link type 291 or 292
/// and the DHE secrets, which together decrypt every record of a session the way DMTF's
/// spdm_dump does, and nothing without the right secret.
/// </summary>
public sealed class SpdmDumpCaptureTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task The_capture_and_the_exported_secret_open_every_record_of_the_session(bool doe)
    {
        var run = await RunAsync(doe);

        Assert.Single(run.Requester.Sessions);
        Assert.Equal(run.Device.Secrets, run.Requester.Secrets);
        Assert.Equal(run.Device.Sessions[0].SessionId, run.Requester.Sessions[0].SessionId);
        var secret = run.Requester.Sessions[0].Secret!;
        Assert.Equal(48, secret.Length);
        var opened = await SpdmDumpReplay.OpenFirstSessionAsync(run.Pcap, secret);

        Assert.Equal(new byte[] { 0xE5, 0x65, 0xE8, 0x68, 0xEC, 0x6C }, opened.Select(o => o.Code));
        Assert.Equal(new[] { true, false, true, false, true, false }, opened.Select(o => o.FromRequester));
    }

    [Fact]
    public async Task A_secret_with_one_bit_flipped_opens_nothing()
    {
        var run = await RunAsync(doe: false);
        var secret = run.Requester.Sessions[0].Secret!.ToArray();
        secret[17] ^= 0x04;

        Assert.Empty(await SpdmDumpReplay.OpenFirstSessionAsync(run.Pcap, secret));
    }

    [Fact]
    public async Task An_mctp_record_is_a_transport_header_the_message_type_and_the_message()
    {
        var (pcap, reader, request) = await FirstRecordAsync(doe: false);
        Assert.True(reader.TryReadNext(out var response));
        Assert.Equal(new byte[] { 0x01, SpdmDumpCapture.ResponderEid, SpdmDumpCapture.RequesterEid, 0xC8, 0x05, 0x10, 0x84 }, request.Data.Span[..7].ToArray());
        Assert.Equal(new byte[] { 0x01, SpdmDumpCapture.RequesterEid, SpdmDumpCapture.ResponderEid, 0xC0, 0x05, 0x10, 0x04 }, response.Data.Span[..7].ToArray());
        Assert.True(request.TimestampMicroseconds < response.TimestampMicroseconds);
        var (_, frames) = SpdmDumpReplay.Read(pcap);
        Assert.Contains(frames, f => f.Secured);
    }

    [Fact]
    public async Task A_doe_record_is_a_whole_data_object_padded_to_a_dword()
    {
        var (_, reader, request) = await FirstRecordAsync(doe: true);
        Assert.Equal(new byte[] { 0x01, 0x00, 0x01, 0x00, 0x03, 0x00, 0x00, 0x00, 0x10, 0x84, 0x00, 0x00 }, request.Data.ToArray());
        while (reader.TryReadNext(out var record))
        {
            Assert.Equal(0, record.Data.Length % 4);
        }
    }

    [Fact]
    public async Task The_secrets_file_has_one_line_a_session_in_the_form_spdm_dump_takes()
    {
        using var writer = new StringWriter();
        var file = new SpdmDumpSecretsFile(writer, "a test");
        await file.WriteAsync(new SpdmDheSecretExport(0xFFFE0001, [0x01, 0x23, 0xCD, 0xEF]));
        await file.WriteAsync(new SpdmDheSecretExport(0xFFFD0002, null));
        await file.WriteAsync(new SpdmDheSecretExport(0xFFFC0003, [0xAB]));

        var lines = writer.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.All(lines[..3], l => Assert.StartsWith("#", l, StringComparison.Ordinal));
        Assert.Equal("0xfffe0001 0123cdef", lines[3].TrimEnd());
        Assert.StartsWith("# 0xfffd0002 refused", lines[4], StringComparison.Ordinal);
        Assert.Equal("0xfffc0003 ab", lines[5].TrimEnd());

        // A refused session keeps its place with a secret that opens nothing, so later sessions keep theirs.
        Assert.Equal("spdm_dump -r x.pcap --dhe_secret 0123cdef --dhe_secret " + new string('0', 96) + " --dhe_secret ab", file.SpdmDumpCommand("x.pcap"));
    }

    [Fact]
    public async Task Without_a_sink_the_engines_never_ask_for_a_secret()
    {
        var crypto = new CountingCrypto(new EngineSpdmCrypto(new SoftwareCryptoEngines(51), allowDebugExport: true));
        using var device = await TestSpdmDevice.CreateAsync(crypto);
        var responder = new SpdmResponder(device, crypto);
        var requester = new SpdmRequester(new LoopbackTransport(responder, SecuredTransportProfile.Mctp), crypto);

        Assert.True((await requester.InitConnectionAsync()).IsOk);
        Assert.True((await requester.GetCertificateChainAsync(0)).Outcome.IsOk);
        Assert.True((await requester.StartSessionAsync()).IsOk);

        Assert.Equal(0, crypto.Exports);
    }

    private sealed record Run(byte[] Pcap, SpdmDumpSecretsFile Device, SpdmDumpSecretsFile Requester);

    /// <summary>A captured run, its reader (of the link type asked for) and the first record, GET_VERSION.</summary>
    private static async Task<(byte[] Pcap, PcapReader Reader, PcapRecord First)> FirstRecordAsync(bool doe)
    {
        var run = await RunAsync(doe);
        var reader = new PcapReader(run.Pcap);
        Assert.Equal(doe ? PcapLinkType.PciDoe : PcapLinkType.Mctp, reader.Header.LinkType);

        // spdm_dump refuses a file header announcing more than 64 KiB a record.
        Assert.InRange(reader.Header.SnapLength, 1u, 0x10000u);
        Assert.True(reader.TryReadNext(out var first));
        return (run.Pcap, reader, first);
    }

    /// <summary>The whole attestation flow and one session, captured, both sides exporting.</summary>
    private static async Task<Run> RunAsync(bool doe)
    {
        var profile = doe ? SecuredTransportProfile.Doe : SecuredTransportProfile.Mctp;
        var deviceCrypto = new EngineSpdmCrypto(new SoftwareCryptoEngines(41), allowDebugExport: true);
        using var device = await TestSpdmDevice.CreateAsync(deviceCrypto);
        var deviceSecrets = new SpdmDumpSecretsFile(new StringWriter(), "device");
        var responder = new SpdmResponder(device, deviceCrypto) { SessionTransport = profile, DheSecretSink = deviceSecrets };
        using var pcap = new MemoryStream();
        var clock = 1_000L;
        var transport = new CapturingSpdmTransport(new LoopbackTransport(responder, profile), new SpdmDumpCapture(pcap, doe, () => clock += 10));
        var requesterSecrets = new SpdmDumpSecretsFile(new StringWriter(), "requester");
        var requester = new SpdmRequester(transport, new EngineSpdmCrypto(new SoftwareCryptoEngines(42), allowDebugExport: true)) { DheSecretSink = requesterSecrets };

        Assert.True((await requester.InitConnectionAsync()).IsOk);
        Assert.True((await requester.GetDigestsAsync()).Outcome.IsOk);
        Assert.True((await requester.GetCertificateChainAsync(0)).Outcome.IsOk);
        Assert.True((await requester.ChallengeAsync(0, 0xFF)).Outcome.IsOk);
        Assert.True((await requester.GetMeasurementsAsync()).Outcome.IsOk);
        Assert.True((await requester.StartSessionAsync()).IsOk);
        Assert.True((await requester.HeartbeatAsync()).IsOk);
        Assert.True((await requester.EndSessionAsync()).IsOk);
        return new Run(pcap.ToArray(), deviceSecrets, requesterSecrets);
    }

    /// <summary>Counts export requests, passing everything else through.</summary>
    private sealed class CountingCrypto(EngineSpdmCrypto inner) : ISpdmCrypto
    {
        public int Exports { get; private set; }

        public int HashSize => inner.HashSize;

        public ValueTask<byte[]?> TryExportDheSecretAsync(SpdmSecret sharedSecret)
        {
            Exports++;
            return inner.TryExportDheSecretAsync(sharedSecret);
        }

        public ValueTask HashAsync(ReadOnlyMemory<byte> data, Memory<byte> digest) => inner.HashAsync(data, digest);

        public ValueTask RandomAsync(Memory<byte> output) => inner.RandomAsync(output);

        public ValueTask<SpdmSecret> GenerateDheAsync(Memory<byte> publicKey) => inner.GenerateDheAsync(publicKey);

        public ValueTask<SpdmSecret?> TryAgreeAsync(SpdmSecret privateKey, ReadOnlyMemory<byte> peerPublicKey) => inner.TryAgreeAsync(privateKey, peerPublicKey);

        public ValueTask<SpdmSecret?> TryGetPskAsync(ReadOnlyMemory<byte> hint) => inner.TryGetPskAsync(hint);

        public ValueTask<SpdmSecret> HkdfExtractAsync(ReadOnlyMemory<byte> salt, SpdmSecret ikm) => inner.HkdfExtractAsync(salt, ikm);

        public ValueTask<SpdmSecret> HkdfExtractWithSecretSaltAsync(SpdmSecret salt) => inner.HkdfExtractWithSecretSaltAsync(salt);

        public ValueTask<SpdmSecret> HkdfExpandAsync(SpdmSecret prk, ReadOnlyMemory<byte> info, int length) => inner.HkdfExpandAsync(prk, info, length);

        public ValueTask HkdfExpandPublicAsync(SpdmSecret prk, ReadOnlyMemory<byte> info, Memory<byte> output) => inner.HkdfExpandPublicAsync(prk, info, output);

        public ValueTask HmacAsync(SpdmSecret key, ReadOnlyMemory<byte> data, Memory<byte> mac) => inner.HmacAsync(key, data, mac);

        public ValueTask AeadEncryptAsync(SpdmRecordKey key, ReadOnlyMemory<byte> nonce, ReadOnlyMemory<byte> plaintext, ReadOnlyMemory<byte> associatedData, Memory<byte> ciphertext, Memory<byte> tag) =>
            inner.AeadEncryptAsync(key, nonce, plaintext, associatedData, ciphertext, tag);

        public ValueTask<Hal.Crypto.Verdict> AeadDecryptAsync(SpdmRecordKey key, ReadOnlyMemory<byte> nonce, ReadOnlyMemory<byte> ciphertext, ReadOnlyMemory<byte> tag, ReadOnlyMemory<byte> associatedData, Memory<byte> plaintext) =>
            inner.AeadDecryptAsync(key, nonce, ciphertext, tag, associatedData, plaintext);

        public ValueTask DestroyAsync(SpdmSecret secret) => inner.DestroyAsync(secret);

        public ValueTask<Hal.Crypto.Verdict> VerifyEcdsaAsync(ReadOnlyMemory<byte> publicKey, ReadOnlyMemory<byte> message, ReadOnlyMemory<byte> signature) => inner.VerifyEcdsaAsync(publicKey, message, signature);
    }
}
