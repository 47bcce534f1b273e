using System.Buffers.Binary;
using System.Security.Cryptography;
using Rampart.Crypto;
using Rampart.Protocols.Spdm;
using Rampart.Wire.Capture;

namespace Rampart.Host.Tests.SpdmDump;

/// <summary>
/// What DMTF's spdm_dump does with a capture and a DHE secret, redone here from the capture's
/// bytes alone (decision 0276): rebuild the transcript — VCA, the hash of the certificate chain
/// read with GET_CERTIFICATE, KEY_EXCHANGE and KEY_EXCHANGE_RSP — hash it with SHA-384, derive the
/// handshake and then the data keys with Rampart's key schedule (<see cref="SpdmSession"/>,
/// <see cref="SpdmKeySchedule"/>) from the secret, and open every secured record of the first
/// session. A test that passes knows the secret and the capture are what spdm_dump needs.
/// </summary>
internal static class SpdmDumpReplay
{
    private const int H = 48;
    private const byte GetVersion = 0x84;
    private const byte Certificate = 0x02;
    private const byte KeyExchange = 0xE4;
    private const byte KeyExchangeRsp = 0x64;
    private const byte Finish = 0xE5;
    private const byte FinishRsp = 0x65;

    /// <summary>One record of a capture: the message and whether it is a secured record.</summary>
    public sealed record Frame(bool Secured, byte[] Message);

    /// <summary>A message opened from a secured record, and who sent it.</summary>
    public sealed record Opened(bool FromRequester, byte[] Message)
    {
        public byte Code => Message[1];
    }

    /// <summary>Reads every record of a link type 291 or 292 capture.</summary>
    public static (PcapLinkType LinkType, List<Frame> Frames) Read(byte[] pcap)
    {
        var reader = new PcapReader(pcap);
        var frames = new List<Frame>();
        while (reader.TryReadNext(out var record))
        {
            var data = record.Data.Span;
            frames.Add(reader.Header.LinkType == PcapLinkType.PciDoe
                ? new Frame(data[2] == 2, data[8..(int)(BinaryPrimitives.ReadUInt32LittleEndian(data[4..]) * 4)].ToArray())
                : new Frame(data[4] == 6, data[5..].ToArray()));
        }

        Assert.Null(reader.Error);
        return (reader.Header.LinkType, frames);
    }

    /// <summary>Opens every record of the first KEY_EXCHANGE session with <paramref name="dheSecret"/>; stops at the first record it cannot open.</summary>
    public static async Task<List<Opened>> OpenFirstSessionAsync(byte[] pcap, byte[] dheSecret)
    {
        var (linkType, frames) = Read(pcap);
        var doe = linkType == PcapLinkType.PciDoe;
        var exchange = frames.FindIndex(f => !f.Secured && f.Message[1] == KeyExchange);
        Assert.True(exchange >= 0, "no KEY_EXCHANGE in the capture");
        var request = Exact(frames[exchange].Message, summaryHash: false);
        var response = Exact(frames[exchange + 1].Message, summaryHash: request[2] != 0);
        Assert.Equal(KeyExchangeRsp, response[1]);

        // VCA: from the last GET_VERSION before KEY_EXCHANGE up to and including ALGORITHMS.
        var versionAt = frames.FindLastIndex(exchange, f => !f.Secured && f.Message[1] == GetVersion);
        var vca = frames.Skip(versionAt).Take(6).SelectMany(f => Exact(f.Message, summaryHash: false)).ToArray();
        var chain = frames.Take(exchange).Where(f => !f.Secured && f.Message[1] == Certificate)
            .SelectMany(f => f.Message.Skip(8).Take(BinaryPrimitives.ReadUInt16LittleEndian(f.Message.AsSpan(4)))).ToArray();
        Assert.NotEmpty(chain);
        var ct = SHA384.HashData(chain);
        var th1 = SHA384.HashData([.. vca, .. ct, .. request, .. response[..^H]]);

        using var engines = new SoftwareCryptoEngines(1);
        var crypto = new EngineSpdmCrypto(engines);
        crypto.AddPsk([0xD4], dheSecret);
        var shared = await crypto.TryGetPskAsync(new byte[] { 0xD4 });
        var sessionId = BinaryPrimitives.ReadUInt16LittleEndian(request.AsSpan(4)) | ((uint)BinaryPrimitives.ReadUInt16LittleEndian(response.AsSpan(4)) << 16);
        var profile = doe ? SecuredTransportProfile.Doe : SecuredTransportProfile.Mctp;
        var session = new SpdmSession(crypto, request[0], sessionId, profile, psk: false);
        await session.DeriveHandshakeAsync(shared!, th1);

        var opened = new List<Opened>();
        byte[]? finish = null;
        foreach (var frame in frames.Skip(exchange + 2).Where(f => f.Secured && BinaryPrimitives.ReadUInt32LittleEndian(f.Message) == sessionId))
        {
            var message = await OpenAsync(session, frame.Message, fromRequester: true, profile) is { } fromRequester
                ? new Opened(true, fromRequester)
                : await OpenAsync(session, frame.Message, fromRequester: false, profile) is { } fromResponder ? new Opened(false, fromResponder) : null;
            if (message is null)
            {
                break;
            }

            opened.Add(message);
            if (message.Code == Finish)
            {
                finish = message.Message;
            }
            else if (message.Code == FinishRsp && finish is not null)
            {
                await session.DeriveDataAsync(SHA384.HashData([.. vca, .. ct, .. request, .. response, .. finish, .. message.Message]));
            }
        }

        await session.DisposeAsync();
        return opened;
    }

    /// <summary>
    /// A plain message cut to its own length: a DOE data object pads its data to a dword, and the
    /// transcript holds the message alone (as libspdm and spdm_dump compute it from the message's
    /// fields). Sizes for SPDM 1.2/1.3 with secp384r1, ECDSA P-384 and SHA-384, what Rampart negotiates.
    /// </summary>
    private static byte[] Exact(byte[] message, bool summaryHash)
    {
        const int d = 96;
        const int s = 96;
        int U16(int offset) => BinaryPrimitives.ReadUInt16LittleEndian(message.AsSpan(offset));
        var length = message[1] switch
        {
            GetVersion => 4,
            0x04 => 6 + (2 * message[5]),
            0xE1 or 0x61 => 20,
            0xE3 or 0x63 => U16(4),
            KeyExchange => 40 + d + 2 + U16(40 + d),
            KeyExchangeRsp => 40 + d + (summaryHash ? H : 0) + 2 + U16(40 + d + (summaryHash ? H : 0)) + s + H,
            Certificate => 8 + U16(4),
            _ => message.Length,
        };
        return message[..length];
    }

    private static async Task<byte[]?> OpenAsync(SpdmSession session, byte[] record, bool fromRequester, SecuredTransportProfile profile)
    {
        var buffer = new byte[record.Length];
        var (status, offset, length) = await session.TryDecryptAsync(fromRequester, record, buffer);
        if (status != Wire.WireStatus.Done)
        {
            return null;
        }

        var application = buffer.AsSpan(offset, length);
        if (profile.MctpTypeInside)
        {
            Assert.Equal(SecuredTransportProfile.MctpSpdmType, application[0]);
            application = application[1..];
        }

        return application.ToArray();
    }
}
