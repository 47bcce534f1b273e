using System.Security.Cryptography;
using CsCheck;
using Rampart.Crypto;
using Rampart.Protocols.Spdm;
using Rampart.Wire;

namespace Rampart.Protocols.Tests.Spdm;

/// <summary>
/// The host provider's side of the DHE-secret export (decision 0276), and the debug-port record
/// that carries a secret from the device: only a live ECDH result leaves, only when allowed; a
/// record reads back as written and malformed bytes never throw.
/// </summary>
public sealed class SpdmDheSecretExportTests
{
    [Fact]
    public async Task Only_a_live_agreement_result_is_exported_and_only_when_allowed()
    {
        var crypto = new EngineSpdmCrypto(new SoftwareCryptoEngines(61), allowDebugExport: true);
        var (shared, expected) = await AgreeAsync(crypto);

        Assert.Equal(expected, await crypto.TryExportDheSecretAsync(shared));

        // A PSK, an HKDF output and a freed secret are not DHE secrets.
        crypto.AddPsk([1], new byte[48]);
        var psk = (await crypto.TryGetPskAsync(new byte[] { 1 }))!;
        var prk = await crypto.HkdfExtractAsync(default, shared);
        Assert.Null(await crypto.TryExportDheSecretAsync(psk));
        Assert.Null(await crypto.TryExportDheSecretAsync(prk));
        await crypto.DestroyAsync(shared);
        Assert.Null(await crypto.TryExportDheSecretAsync(shared));

        var closed = new EngineSpdmCrypto(new SoftwareCryptoEngines(62));
        var (closedShared, _) = await AgreeAsync(closed);
        Assert.Null(await closed.TryExportDheSecretAsync(closedShared));
    }

    [Fact]
    public async Task The_exported_bytes_are_a_copy()
    {
        var crypto = new EngineSpdmCrypto(new SoftwareCryptoEngines(63), allowDebugExport: true);
        var (shared, expected) = await AgreeAsync(crypto);

        var exported = (await crypto.TryExportDheSecretAsync(shared))!;
        Array.Clear(exported);

        Assert.Equal(expected, await crypto.TryExportDheSecretAsync(shared));
    }

    [Theory]
    [InlineData(0xFFFE0001u, 48)]
    [InlineData(0x00010001u, 0)]
    [InlineData(0u, SpdmSessionSecretRecord.MaxSecretSize)]
    public void A_record_reads_back_as_written(uint sessionId, int secretLength)
    {
        var export = new SpdmDheSecretExport(sessionId, secretLength == 0 ? null : Enumerable.Range(1, secretLength).Select(i => (byte)i).ToArray());
        var buffer = new byte[SpdmSessionSecretRecord.MaxSize];

        Assert.True(SpdmSessionSecretRecord.TryWrite(export, buffer, out var written));
        Assert.Equal(SpdmSessionSecretRecord.HeaderSize + secretLength, written);
        Assert.Equal(WireStatus.Done, SpdmSessionSecretRecord.TryRead(buffer.AsSpan(0, written), out var read));

        Assert.Equal(sessionId, read!.SessionId);
        Assert.Equal(export.Refused, read.Refused);
        Assert.Equal(export.Secret ?? [], read.Secret ?? []);
    }

    [Theory]
    [InlineData("too short", "01 00 00 00 30")]
    [InlineData("length past the bytes", "01 00 00 00 02 00 AA")]
    [InlineData("bytes past the length", "01 00 00 00 01 00 AA BB")]
    [InlineData("length over the limit", "01 00 00 00 43 00")]
    public void A_malformed_record_is_refused(string name, string hex)
    {
        Assert.NotEmpty(name);
        var status = SpdmSessionSecretRecord.TryRead(Convert.FromHexString(hex.Replace(" ", "", StringComparison.Ordinal)), out var read);

        Assert.NotEqual(WireStatus.Done, status);
        Assert.Null(read);
    }

    [Fact]
    public void A_secret_longer_than_the_limit_or_a_short_buffer_is_not_written()
    {
        Assert.False(SpdmSessionSecretRecord.TryWrite(new SpdmDheSecretExport(1, new byte[SpdmSessionSecretRecord.MaxSecretSize + 1]), new byte[128], out _));
        Assert.False(SpdmSessionSecretRecord.TryWrite(new SpdmDheSecretExport(1, new byte[48]), new byte[53], out _));
    }

    [Fact]
    public void Random_bytes_never_throw()
    {
        Gen.Byte.Array[0, 100].Sample(bytes =>
        {
            var status = SpdmSessionSecretRecord.TryRead(bytes, out var read);
            Assert.Equal(status == WireStatus.Done, read is not null);
        });
    }

    private static async Task<(SpdmSecret Shared, byte[] Expected)> AgreeAsync(EngineSpdmCrypto crypto)
    {
        var mine = new byte[96];
        var dhe = await crypto.GenerateDheAsync(mine);
        using var peer = ECDiffieHellman.Create(ECCurve.NamedCurves.nistP384);
        var q = peer.ExportParameters(false).Q;
        var shared = await crypto.TryAgreeAsync(dhe, (byte[])[.. q.X!, .. q.Y!]);
        using var myKey = ECDiffieHellman.Create(new ECParameters { Curve = ECCurve.NamedCurves.nistP384, Q = new ECPoint { X = mine[..48], Y = mine[48..] } });
        var expected = peer.DeriveRawSecretAgreement(myKey.PublicKey);
        return (shared!, expected);
    }
}
