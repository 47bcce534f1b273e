using System.Buffers.Binary;
using CsCheck;
using Rampart.Protocols.Caliptra;
using Rampart.Wire;

namespace Rampart.Protocols.Tests.Caliptra;

public sealed class CmAesGcmCodecTests
{
    private delegate bool Writer(Span<byte> destination, out int written);

    private delegate WireStatus Reader(ReadOnlySpan<byte> bytes);

    private static readonly CmKeyHandle Key = new(7);
    private static readonly CmKeyHandle Context = new(9);
    private static readonly byte[] Iv = [.. Enumerable.Range(0xA0, 12).Select(i => (byte)i)];
    private static readonly byte[] Tag = [.. Enumerable.Range(0x10, 16).Select(i => (byte)i)];

    private static byte[] Write(Writer write)
    {
        var buffer = new byte[8192];
        Assert.True(write(buffer, out var written));
        return buffer[..written];
    }

    /// <summary>The encoding reads back; one byte less is NeedMoreData, one byte more Invalid.</summary>
    private static void AssertFramed(byte[] encoded, Reader read)
    {
        Assert.Equal(WireStatus.Done, read(encoded));
        Assert.Equal(WireStatus.NeedMoreData, read(encoded[..^1]));
        Assert.Equal(WireStatus.Invalid, read([.. encoded, 0]));
        Assert.Equal(WireStatus.NeedMoreData, read([]));
    }

    [Fact]
    public void Command_codes_are_caliptras()
    {
        Assert.Equal(0x434D_4749u, (uint)CaliptraCommand.CmAesGcmEncryptInit);
        Assert.Equal(0x434D_5345u, (uint)CaliptraCommand.CmAesGcmSpdmEncryptInit);
        Assert.Equal(0x434D_4755u, (uint)CaliptraCommand.CmAesGcmEncryptUpdate);
        Assert.Equal(0x434D_4746u, (uint)CaliptraCommand.CmAesGcmEncryptFinal);
        Assert.Equal(0x434D_4449u, (uint)CaliptraCommand.CmAesGcmDecryptInit);
        Assert.Equal(0x434D_5344u, (uint)CaliptraCommand.CmAesGcmSpdmDecryptInit);
        Assert.Equal(0x434D_4455u, (uint)CaliptraCommand.CmAesGcmDecryptUpdate);
        Assert.Equal(0x434D_4446u, (uint)CaliptraCommand.CmAesGcmDecryptFinal);
    }

    [Fact]
    public void Init_requests_round_trip_at_caliptras_offsets()
    {
        var aad = new byte[] { 1, 2, 3 };
        var encrypt = Write(new CmAesGcmEncryptInitRequest(Key, aad).TryWrite);
        Assert.Equal(CmAesGcmEncryptInitRequest.FixedSize + 3, encrypt.Length);
        Assert.True(MailboxChecksum.VerifyRequest((uint)CaliptraCommand.CmAesGcmEncryptInit, encrypt));
        Assert.Equal(7u, BinaryPrimitives.ReadUInt32LittleEndian(encrypt.AsSpan(8)));
        Assert.Equal(3u, BinaryPrimitives.ReadUInt32LittleEndian(encrypt.AsSpan(136)));
        AssertFramed(encrypt, b => CmAesGcmEncryptInitRequest.TryRead(b, out _));
        CmAesGcmEncryptInitRequest.TryRead(encrypt, out var e);
        Assert.Equal(Key, e!.Key);
        Assert.Equal(aad, e.Aad.ToArray());

        var decrypt = Write(new CmAesGcmDecryptInitRequest(Key, Iv, aad).TryWrite);
        Assert.Equal(CmAesGcmDecryptInitRequest.FixedSize + 3, decrypt.Length);
        Assert.Equal(Iv, decrypt[136..148]);
        AssertFramed(decrypt, b => CmAesGcmDecryptInitRequest.TryRead(b, out _));
        CmAesGcmDecryptInitRequest.TryRead(decrypt, out var d);
        Assert.Equal(Key, d!.Key);
        Assert.Equal(Iv, d.Iv.ToArray());
        Assert.Equal(aad, d.Aad.ToArray());
        Assert.False(new CmAesGcmDecryptInitRequest(Key, Iv[..11], aad).TryWrite(new byte[512], out _));

        var spdm = new CmAesGcmSpdmInitRequest(0x13, true, 0x0102_0304_0506_0708, Key, aad);
        var spdmBytes = Write((Span<byte> b, out int w) => spdm.TryWrite(CaliptraCommand.CmAesGcmSpdmDecryptInit, b, out w));
        Assert.True(MailboxChecksum.VerifyRequest((uint)CaliptraCommand.CmAesGcmSpdmDecryptInit, spdmBytes));
        Assert.Equal(0x113u, BinaryPrimitives.ReadUInt32LittleEndian(spdmBytes.AsSpan(4)));
        Assert.Equal(0x08, spdmBytes[8]);
        Assert.Equal(7u, BinaryPrimitives.ReadUInt32LittleEndian(spdmBytes.AsSpan(16)));
        AssertFramed(spdmBytes, b => CmAesGcmSpdmInitRequest.TryRead(b, out _));
        CmAesGcmSpdmInitRequest.TryRead(spdmBytes, out var s);
        Assert.Equal(spdm with { Aad = s!.Aad }, s);
        Assert.False(spdm.TryWrite(CaliptraCommand.CmAesGcmEncryptInit, new byte[512], out _));
    }

    [Fact]
    public void Init_responses_round_trip()
    {
        var init = Write(new CmAesGcmInitResponse(Context, Iv).TryWrite);
        Assert.Equal(CmAesGcmInitResponse.Size, init.Length);
        Assert.True(MailboxChecksum.VerifyResponse(init));
        Assert.Equal(Iv, init[136..]);
        AssertFramed(init, b => CmAesGcmInitResponse.TryRead(b, out _));
        CmAesGcmInitResponse.TryRead(init, out var r);
        Assert.Equal(Context, r!.Context);
        Assert.Equal(Iv, r.Iv.ToArray());

        var noContext = Write(new CmAesGcmInitResponse(default, Iv).TryWrite);
        Assert.Equal(WireStatus.Invalid, CmAesGcmInitResponse.TryRead(noContext, out _));
    }

    [Fact]
    public void Data_messages_round_trip()
    {
        var data = Enumerable.Range(0, 40).Select(i => (byte)i).ToArray();
        foreach (var command in new[] { CaliptraCommand.CmAesGcmEncryptUpdate, CaliptraCommand.CmAesGcmEncryptFinal, CaliptraCommand.CmAesGcmDecryptUpdate })
        {
            var request = Write((Span<byte> b, out int w) => new CmAesGcmDataRequest(Context, data).TryWrite(command, b, out w));
            Assert.True(MailboxChecksum.VerifyRequest((uint)command, request));
            AssertFramed(request, b => CmAesGcmDataRequest.TryRead(b, out _));
            CmAesGcmDataRequest.TryRead(request, out var r);
            Assert.Equal(Context, r!.Context);
            Assert.Equal(data, r.Data.ToArray());
        }

        Assert.False(new CmAesGcmDataRequest(Context, data).TryWrite(CaliptraCommand.CmAesGcmDecryptFinal, new byte[512], out _));

        var update = Write(new CmAesGcmUpdateResponse(Context, data).TryWrite);
        Assert.Equal(CmAesGcmUpdateResponse.FixedSize + 40, update.Length);
        AssertFramed(update, b => CmAesGcmUpdateResponse.TryRead(b, out _));
        var empty = Write(new CmAesGcmUpdateResponse(Context, ReadOnlyMemory<byte>.Empty).TryWrite);
        Assert.Equal(WireStatus.Done, CmAesGcmUpdateResponse.TryRead(empty, out var u));
        Assert.Equal(0, u!.Output.Length);

        var final = Write(new CmAesGcmEncryptFinalResponse(Tag, data).TryWrite);
        Assert.Equal(Tag, final[8..24]);
        AssertFramed(final, b => CmAesGcmEncryptFinalResponse.TryRead(b, out _));
        CmAesGcmEncryptFinalResponse.TryRead(final, out var f);
        Assert.Equal(Tag, f!.Tag.ToArray());
        Assert.Equal(data, f.Ciphertext.ToArray());
        Assert.False(new CmAesGcmEncryptFinalResponse(Tag[..12], data).TryWrite(new byte[512], out _));
    }

    [Fact]
    public void Decrypt_final_round_trips_and_checks_tag_padding_and_flag()
    {
        var ciphertext = new byte[] { 9, 8, 7 };
        var request = Write(new CmAesGcmDecryptFinalRequest(Context, Tag, ciphertext).TryWrite);
        Assert.Equal(16u, BinaryPrimitives.ReadUInt32LittleEndian(request.AsSpan(132)));
        Assert.Equal(Tag, request[136..152]);
        AssertFramed(request, b => CmAesGcmDecryptFinalRequest.TryRead(b, out _));
        CmAesGcmDecryptFinalRequest.TryRead(request, out var r);
        Assert.Equal(Context, r!.Context);
        Assert.Equal(Tag, r.Tag.ToArray());
        Assert.Equal(ciphertext, r.Ciphertext.ToArray());

        var shortTag = Write(new CmAesGcmDecryptFinalRequest(Context, Tag[..12], ciphertext).TryWrite);
        Assert.Equal(WireStatus.Done, CmAesGcmDecryptFinalRequest.TryRead(shortTag, out var s));
        Assert.Equal(Tag[..12], s!.Tag.ToArray());
        shortTag[150] = 1;
        Assert.Equal(WireStatus.Invalid, CmAesGcmDecryptFinalRequest.TryRead(shortTag, out _));
        BinaryPrimitives.WriteUInt32LittleEndian(request.AsSpan(132), 17);
        Assert.Equal(WireStatus.Invalid, CmAesGcmDecryptFinalRequest.TryRead(request, out _));

        var response = Write(new CmAesGcmDecryptFinalResponse(true, ciphertext).TryWrite);
        AssertFramed(response, b => CmAesGcmDecryptFinalResponse.TryRead(b, out _));
        CmAesGcmDecryptFinalResponse.TryRead(response, out var v);
        Assert.True(v!.TagVerified);
        response[8] = 2;
        Assert.Equal(WireStatus.Invalid, CmAesGcmDecryptFinalResponse.TryRead(response, out _));
    }

    [Fact]
    public void Oversized_fields_and_reserved_flags_are_refused()
    {
        var tooLong = new byte[CmAesGcm.MaxDataSize + 1];
        Assert.False(new CmAesGcmEncryptInitRequest(Key, tooLong).TryWrite(new byte[8192], out _));
        Assert.False(new CmAesGcmDataRequest(Context, tooLong).TryWrite(CaliptraCommand.CmAesGcmEncryptUpdate, new byte[8192], out _));
        Assert.True(new CmAesGcmEncryptFinalResponse(Tag, new byte[CmAesGcm.MaxOutputSize]).TryWrite(new byte[8192], out _));
        Assert.False(new CmAesGcmEncryptFinalResponse(Tag, new byte[CmAesGcm.MaxOutputSize + 1]).TryWrite(new byte[8192], out _));

        var request = Write(new CmAesGcmEncryptInitRequest(Key, new byte[4]).TryWrite);
        BinaryPrimitives.WriteUInt32LittleEndian(request.AsSpan(136), CmAesGcm.MaxDataSize + 1);
        Assert.Equal(WireStatus.Invalid, CmAesGcmEncryptInitRequest.TryRead(request, out _));
        BinaryPrimitives.WriteUInt32LittleEndian(request.AsSpan(136), uint.MaxValue);
        Assert.Equal(WireStatus.Invalid, CmAesGcmEncryptInitRequest.TryRead(request, out _));
        BinaryPrimitives.WriteUInt32LittleEndian(request.AsSpan(136), 4);
        request[4] = 1;
        Assert.Equal(WireStatus.Invalid, CmAesGcmEncryptInitRequest.TryRead(request, out _));

        var spdm = Write((Span<byte> b, out int w) => new CmAesGcmSpdmInitRequest(0x12, false, 1, Key, ReadOnlyMemory<byte>.Empty).TryWrite(CaliptraCommand.CmAesGcmSpdmEncryptInit, b, out w));
        spdm[5] |= 0x02;
        Assert.Equal(WireStatus.Invalid, CmAesGcmSpdmInitRequest.TryRead(spdm, out _));
    }

    [Fact]
    public void Spdm_counter_endianness_places_the_counter_as_caliptra_sw_does()
    {
        var iv = Convert.FromHexString("862B00C958445F37E886A4A0");
        var nonce = new byte[12];
        Rampart.Protocols.Spdm.SpdmKeySchedule.Nonce(iv, 0x0102, nonce);
        Assert.Equal(Convert.FromHexString("842A00C958445F37E886A4A0"), nonce);
        Rampart.Protocols.Spdm.SpdmKeySchedule.NonceBigEndian(iv, 0x0102, nonce);
        Assert.Equal(Convert.FromHexString("862B00C958445F37E886A5A2"), nonce);
    }

    [Fact]
    public void Malformed_bytes_never_throw() =>
        Gen.Byte.Array[0, 400].Sample(bytes =>
        {
            CmAesGcmEncryptInitRequest.TryRead(bytes, out _);
            CmAesGcmDecryptInitRequest.TryRead(bytes, out _);
            CmAesGcmSpdmInitRequest.TryRead(bytes, out _);
            CmAesGcmInitResponse.TryRead(bytes, out _);
            CmAesGcmDataRequest.TryRead(bytes, out _);
            CmAesGcmUpdateResponse.TryRead(bytes, out _);
            CmAesGcmEncryptFinalResponse.TryRead(bytes, out _);
            CmAesGcmDecryptFinalRequest.TryRead(bytes, out _);
            CmAesGcmDecryptFinalResponse.TryRead(bytes, out _);
        }, iter: 500);

    [Fact]
    public void Mutated_valid_messages_never_throw()
    {
        var valid = new[]
        {
            Write(new CmAesGcmDecryptInitRequest(Key, Iv, new byte[8]).TryWrite),
            Write((Span<byte> b, out int w) => new CmAesGcmSpdmInitRequest(0x13, false, 5, Key, new byte[8]).TryWrite(CaliptraCommand.CmAesGcmSpdmEncryptInit, b, out w)),
            Write((Span<byte> b, out int w) => new CmAesGcmDataRequest(Context, new byte[8]).TryWrite(CaliptraCommand.CmAesGcmEncryptUpdate, b, out w)),
            Write(new CmAesGcmDecryptFinalRequest(Context, Tag[..10], new byte[8]).TryWrite),
            Write(new CmAesGcmDecryptFinalResponse(false, new byte[8]).TryWrite),
        };
        Gen.Select(Gen.Int[0, valid.Length - 1], Gen.Int[0, 200], Gen.UInt).Sample((which, at, value) =>
        {
            var bytes = valid[which].ToArray();
            var position = Math.Min(at, bytes.Length - 4);
            BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(position), value);
            CmAesGcmDecryptInitRequest.TryRead(bytes, out _);
            CmAesGcmSpdmInitRequest.TryRead(bytes, out _);
            CmAesGcmDataRequest.TryRead(bytes, out _);
            CmAesGcmDecryptFinalRequest.TryRead(bytes, out _);
            CmAesGcmDecryptFinalResponse.TryRead(bytes, out _);
            CmAesGcmUpdateResponse.TryRead(bytes, out _);
        }, iter: 1000);
    }
}
