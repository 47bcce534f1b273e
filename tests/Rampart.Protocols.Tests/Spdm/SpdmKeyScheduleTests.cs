using System.Security.Cryptography;
using Rampart.Crypto;
using Rampart.Protocols.Spdm;
using Rampart.Wire.Bindings;
using Rampart.Wire.Spdm;

namespace Rampart.Protocols.Tests.Spdm;

/// <summary>
/// The handshake half of the SPDM key schedule checked against an independent computation with
/// .NET's HMAC and HKDF (DSP0274 key schedule): HandshakeSecret = HKDF-Extract(Salt_0, PSK),
/// request handshake secret = HKDF-Expand(HandshakeSecret, BinConcat(H, "req hs data", TH1)),
/// finished_key = HKDF-Expand(that, BinConcat(H, "finished")).
/// </summary>
public sealed class SpdmKeyScheduleTests
{
    private static readonly byte[] Hint = "hint"u8.ToArray();

    [Theory]
    [InlineData(SpdmVersion.V12, 0x00)]
    [InlineData(SpdmVersion.V13, 0xFF)]
    public async Task Psk_salt_0_is_zeros_before_1_3_and_all_ff_from_1_3(byte version, byte saltByte)
    {
        // Found against DMTF's spdm_responder_emu: Rampart used zeros for 1.3 PSK sessions too,
        // and PSK_EXCHANGE_RSP's ResponderVerifyData never matched.
        var psk = Enumerable.Range(1, 48).Select(i => (byte)i).ToArray();
        var th1 = SHA384.HashData("TH1"u8);
        var crypto = new EngineSpdmCrypto(new SoftwareCryptoEngines(3));
        crypto.AddPsk(Hint, psk);
        await using var session = new SpdmSession(crypto, version, 0x00010002, SecuredTransportProfile.Mctp, psk: true);

        await session.DeriveHandshakeAsync((await crypto.TryGetPskAsync(Hint))!, th1);

        var salt = Enumerable.Repeat(saltByte, 48).ToArray();
        var handshakeSecret = HMACSHA384.HashData(salt, psk);
        var requestHandshake = HKDF.Expand(HashAlgorithmName.SHA384, handshakeSecret, 48, SpdmKeySchedule.BinConcat(version, 48, SpdmKeySchedule.RequestHandshake, th1));
        var finishedKey = HKDF.Expand(HashAlgorithmName.SHA384, requestHandshake, 48, SpdmKeySchedule.BinConcat(version, 48, SpdmKeySchedule.Finished, default));
        var th = SHA384.HashData("TH for FINISH"u8);
        Assert.True(await session.VerifyFinishedAsync(fromRequester: true, th, HMACSHA384.HashData(finishedKey, th)));
    }

    [Theory]
    [InlineData(SpdmVersion.V12)]
    [InlineData(SpdmVersion.V13)]
    public void Dhe_salt_0_stays_zeros(byte version) =>
        Assert.Equal(new byte[48], SpdmSession.Salt0(version, psk: false, 48));
}
