using CsCheck;
using Rampart.Protocols.Caliptra;
using Rampart.Wire;

namespace Rampart.Protocols.Tests.Caliptra;

public sealed class CaliptraMailboxCodecTests
{
    [Theory]
    [InlineData(0xE8DC3994u, "83E725", 0xFFFFFBE0u)]
    [InlineData(0x00000000u, "", 0x00000000u)]
    [InlineData(0x01020304u, "", 0xFFFFFFF6u)]
    public void Checksum_matches_caliptra_vectors(uint command, string hex, uint expected) =>
        Assert.Equal(expected, MailboxChecksum.Compute(command, Convert.FromHexString(hex)));

    [Fact]
    public void Sealed_messages_verify_and_any_flipped_bit_is_caught()
    {
        var request = new byte[12];
        Assert.True(new GetImageInfoRequest(0x10).TryWrite(request, out var written));
        Assert.Equal(GetImageInfoRequest.Size, written);
        Assert.True(MailboxChecksum.VerifyRequest((uint)CaliptraCommand.GetImageInfo, request.AsSpan(0, written)));
        Assert.False(MailboxChecksum.VerifyRequest((uint)CaliptraCommand.AuthorizeAndStash, request.AsSpan(0, written)));
        for (var bit = 0; bit < written * 8; bit++)
        {
            var copy = request[..written];
            copy[bit / 8] ^= (byte)(1 << (bit % 8));
            Assert.False(MailboxChecksum.VerifyRequest((uint)CaliptraCommand.GetImageInfo, copy));
        }
    }

    [Fact]
    public void Command_codes_are_the_ascii_names()
    {
        Assert.Equal(0x4154_5348u, (uint)CaliptraCommand.AuthorizeAndStash);
        Assert.Equal("ATSH"u8.ToArray(), BitConverter.GetBytes((uint)CaliptraCommand.AuthorizeAndStash).Reverse().ToArray());
        Assert.Equal(0xDEAD_C0DEu, (uint)AuthorizationResult.Authorized);
        Assert.Equal(0x2152_3F21u, (uint)AuthorizationResult.NotAuthorized);
    }

    [Fact]
    public void Messages_round_trip()
    {
        var buffer = new byte[8192];
        var digest = Enumerable.Range(0, 48).Select(i => (byte)i).ToArray();
        var authorize = new AuthorizeAndStashRequest(7, digest, new byte[48], 2, 1, ImageHashSource.LoadAddress, 300);
        Assert.True(authorize.TryWrite(buffer, out var n));
        Assert.Equal(AuthorizeAndStashRequest.Size, n);
        Assert.Equal(WireStatus.Done, AuthorizeAndStashRequest.TryRead(buffer.AsSpan(0, n), out var a));
        Assert.Equal((7u, 300u, ImageHashSource.LoadAddress), (a!.FwId, a.ImageSize, a.Source));
        Assert.Equal(digest, a.Measurement.ToArray());

        var info = new GetImageInfoResponse(1, 2, 0x1_2345_6789, 0x9_8765_4321, digest);
        Assert.True(info.TryWrite(buffer, out n));
        Assert.True(MailboxChecksum.VerifyResponse(buffer.AsSpan(0, n)));
        Assert.Equal(WireStatus.Done, GetImageInfoResponse.TryRead(buffer.AsSpan(0, n), out var i));
        Assert.Equal((info.LoadAddress, info.StagingAddress), (i!.LoadAddress, i.StagingAddress));

        var quote = new QuotePcrsResponse(new byte[1536], new byte[32], new uint[32], digest, new byte[96]);
        Assert.True(quote.TryWrite(buffer, out n));
        Assert.Equal(QuotePcrsResponse.Size, n);

        var hmac = new CmHmacRequest(new CmKeyHandle(9), CmHashAlgorithm.Sha512, new byte[] { 1, 2, 3 });
        Assert.True(hmac.TryWrite(buffer, out n));
        Assert.Equal(WireStatus.Done, CmHmacRequest.TryRead(buffer.AsSpan(0, n), out var h));
        Assert.Equal((9u, CmHashAlgorithm.Sha512), (h!.Key.Value, h.Algorithm));

        var activate = new ActivateFirmwareRequest([3, 4], 0, 0);
        Assert.True(activate.TryWrite(buffer, out n));
        Assert.Equal(WireStatus.Done, ActivateFirmwareRequest.TryRead(buffer.AsSpan(0, n), out var act));
        Assert.Equal([3u, 4u], act!.FwIds);

        var fw = new FwInfoResponse { FwSvn = 5, SocManifestSvn = 2 };
        Assert.True(fw.TryWrite(buffer, out n));
        Assert.Equal(FwInfoResponse.Size, n);
        Assert.Equal(WireStatus.Done, FwInfoResponse.TryRead(buffer.AsSpan(0, n), out var f));
        Assert.Equal((5u, 2u), (f!.FwSvn, f.SocManifestSvn));
    }

    [Fact]
    public void A_key_field_with_a_nonzero_tail_names_no_key()
    {
        var field = new byte[CmKeyHandle.KeyFieldSize];
        new CmKeyHandle(5).Encode(field);
        Assert.Equal(5u, CmKeyHandle.Decode(field).Value);
        field[100] = 1;
        Assert.False(CmKeyHandle.Decode(field).IsValid);
    }

    [Fact]
    public void Malformed_bytes_never_throw() =>
        Gen.Byte.Array[0, 600].Sample(bytes =>
        {
            AuthManifestRequest.TryRead(bytes, out _);
            AuthorizeAndStashRequest.TryRead(bytes, out _);
            AuthorizeAndStashResponse.TryRead(bytes, out _);
            GetImageInfoRequest.TryRead(bytes, out _);
            GetImageInfoResponse.TryRead(bytes, out _);
            StashMeasurementRequest.TryRead(bytes, out _);
            VariableDataResponse.TryRead(bytes, out _);
            QuotePcrsRequest.TryRead(bytes, out _);
            ExtendPcrRequest.TryRead(bytes, out _);
            EcdsaVerifyRequest.TryRead(bytes, out _);
            MldsaVerifyRequest.TryRead(bytes, out _);
            ActivateFirmwareRequest.TryRead(bytes, out _);
            FwInfoResponse.TryRead(bytes, out _);
            CmImportRequest.TryRead(bytes, out _);
            CmDeleteRequest.TryRead(bytes, out _);
            CmKeyResponse.TryRead(bytes, out _);
            CmShaRequest.TryRead(bytes, out _);
            CmRandomGenerateRequest.TryRead(bytes, out _);
            CmHmacRequest.TryRead(bytes, out _);
            CmHkdfExtractRequest.TryRead(bytes, out _);
            CmHkdfExpandRequest.TryRead(bytes, out _);
            CmEcdhGenerateResponse.TryRead(bytes, out _);
            CmEcdhFinishRequest.TryRead(bytes, out _);
            CmEcdsaSignRequest.TryRead(bytes, out _);
            CmEcdsaSignResponse.TryRead(bytes, out _);
            MailboxHeaders.TryReadResponseHeader(bytes, out _);
            MailboxChecksum.VerifyRequest(1, bytes);
        }, iter: 300);
}
