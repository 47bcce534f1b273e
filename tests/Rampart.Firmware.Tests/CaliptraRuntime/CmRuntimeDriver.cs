using Rampart.Firmware.Caliptra.Runtime;
using Rampart.Hal.Peripherals;
using Rampart.Protocols.Caliptra;
using Rampart.Wire;

namespace Rampart.Firmware.Tests.CaliptraRuntime;

/// <summary>A booted Caliptra runtime driven through its crypto mailbox commands, one helper a command.</summary>
internal sealed class Runtime : IDisposable
{
    private Runtime(TestCaliptraHardware hardware, RuntimeMailboxService service)
    {
        Hardware = hardware;
        Service = service;
    }

    public TestCaliptraHardware Hardware { get; }

    public RuntimeMailboxService Service { get; }

    public static async Task<Runtime> BootAsync()
    {
        var (hardware, service) = await CaliptraRuntimeTests.BootAsync();
        return new Runtime(hardware, service);
    }

    public static byte[] EncryptInitRequest(CmKeyHandle key, byte[] aad) =>
        CaliptraRuntimeTests.Request(b => (new CmAesGcmEncryptInitRequest(key, aad).TryWrite(b, out var w), w));

    public static byte[] DataRequest(CaliptraCommand command, CmKeyHandle context, byte[] data) =>
        CaliptraRuntimeTests.Request(b => (new CmAesGcmDataRequest(context, data).TryWrite(command, b, out var w), w));

    public static byte[] DecryptFinalRequest(CmKeyHandle context, byte[] tag, byte[] ciphertext) =>
        CaliptraRuntimeTests.Request(b => (new CmAesGcmDecryptFinalRequest(context, tag, ciphertext).TryWrite(b, out var w), w));

    public static byte[] SpdmInitRequest(CmAesGcmSpdmInitRequest request, CaliptraCommand command) =>
        CaliptraRuntimeTests.Request(b => (request.TryWrite(command, b, out var w), w));

    public void Dispose() => Hardware.Dispose();

    public byte[] Ok(CaliptraCommand command, byte[] request)
    {
        var response = CaliptraRuntimeTests.Execute(Hardware, Service, command, request, out var status);
        Assert.Equal(MailboxCommandStatus.DataReady, status);
        return response;
    }

    public void Fails(CaliptraCommand command, byte[] request)
    {
        CaliptraRuntimeTests.Execute(Hardware, Service, command, request, out var status);
        Assert.Equal(MailboxCommandStatus.Failure, status);
    }

    public CmKeyHandle Import(CmKeyUsage usage, byte[] key) =>
        KeyOf(Ok(CaliptraCommand.CmImport, CaliptraRuntimeTests.Request(b => (new CmImportRequest(usage, key).TryWrite(b, out var w), w))));

    public CmKeyHandle Extract(CmKeyHandle salt, CmKeyHandle ikm, CmHashAlgorithm algorithm = CmHashAlgorithm.Sha384) =>
        KeyOf(Ok(CaliptraCommand.CmHkdfExtract, CaliptraRuntimeTests.Request(b => (new CmHkdfExtractRequest(algorithm, salt, ikm).TryWrite(b, out var w), w))));

    public CmKeyHandle Expand(CmKeyHandle prk, CmKeyUsage usage, int size, byte[] info, CmHashAlgorithm algorithm = CmHashAlgorithm.Sha384) =>
        KeyOf(Ok(CaliptraCommand.CmHkdfExpand, CaliptraRuntimeTests.Request(b => (new CmHkdfExpandRequest(prk, algorithm, usage, (uint)size, info).TryWrite(b, out var w), w))));

    public byte[] Hmac(CmKeyHandle key, byte[] data, CmHashAlgorithm algorithm)
    {
        var response = Ok(CaliptraCommand.CmHmac, CaliptraRuntimeTests.Request(b => (new CmHmacRequest(key, algorithm, data).TryWrite(b, out var w), w)));
        Assert.Equal(WireStatus.Done, VariableDataResponse.TryRead(response, out var mac));
        return mac!.Data.ToArray();
    }

    public (CmKeyHandle Context, byte[] Iv) EncryptInit(CmKeyHandle key, byte[] aad) =>
        InitOf(Ok(CaliptraCommand.CmAesGcmEncryptInit, EncryptInitRequest(key, aad)));

    public (CmKeyHandle Context, byte[] Iv) DecryptInit(CmKeyHandle key, byte[] iv, byte[] aad)
    {
        var init = InitOf(Ok(CaliptraCommand.CmAesGcmDecryptInit, CaliptraRuntimeTests.Request(b => (new CmAesGcmDecryptInitRequest(key, iv, aad).TryWrite(b, out var w), w))));
        Assert.Equal(iv, init.Iv);
        return init;
    }

    /// <summary>ENCRYPT_INIT, UPDATE with the first half, FINAL with the rest.</summary>
    public (byte[] Iv, byte[] Tag, byte[] Ciphertext) Encrypt(CmKeyHandle key, byte[] aad, byte[] plaintext)
    {
        var (context, iv) = EncryptInit(key, aad);
        var half = plaintext.Length / 2;
        var first = Update(CaliptraCommand.CmAesGcmEncryptUpdate, context, plaintext[..half]);
        var (tag, rest) = EncryptFinal(context, plaintext[half..]);
        return (iv, tag, [.. first, .. rest]);
    }

    /// <summary>DECRYPT_INIT, UPDATE with the first half, FINAL with the rest and the tag.</summary>
    public (bool Verified, byte[] Plaintext) Decrypt(CmKeyHandle key, byte[] iv, byte[] aad, byte[] ciphertext, byte[] tag)
    {
        var (context, _) = DecryptInit(key, iv, aad);
        var half = ciphertext.Length / 2;
        var first = Update(CaliptraCommand.CmAesGcmDecryptUpdate, context, ciphertext[..half]);
        var (verified, rest) = DecryptFinal(context, tag, ciphertext[half..]);
        return (verified, [.. first, .. rest]);
    }

    public (byte[] Tag, byte[] Ciphertext) SpdmEncrypt(CmAesGcmSpdmInitRequest init, byte[] plaintext)
    {
        var context = KeyOf(Ok(CaliptraCommand.CmAesGcmSpdmEncryptInit, SpdmInitRequest(init, CaliptraCommand.CmAesGcmSpdmEncryptInit)));
        return EncryptFinal(context, plaintext);
    }

    public (bool Verified, byte[] Plaintext) SpdmDecrypt(CmAesGcmSpdmInitRequest init, byte[] ciphertext, byte[] tag)
    {
        var context = KeyOf(Ok(CaliptraCommand.CmAesGcmSpdmDecryptInit, SpdmInitRequest(init, CaliptraCommand.CmAesGcmSpdmDecryptInit)));
        return DecryptFinal(context, tag, ciphertext);
    }

    private static CmKeyHandle KeyOf(byte[] response)
    {
        Assert.Equal(WireStatus.Done, CmKeyResponse.TryRead(response, out var key));
        return key.Key;
    }

    private static (CmKeyHandle Context, byte[] Iv) InitOf(byte[] response)
    {
        Assert.Equal(WireStatus.Done, CmAesGcmInitResponse.TryRead(response, out var init));
        return (init!.Context, init.Iv.ToArray());
    }

    private byte[] Update(CaliptraCommand command, CmKeyHandle context, byte[] data)
    {
        Assert.Equal(WireStatus.Done, CmAesGcmUpdateResponse.TryRead(Ok(command, DataRequest(command, context, data)), out var update));
        Assert.Equal(context, update!.Context);
        return update.Output.ToArray();
    }

    private (byte[] Tag, byte[] Ciphertext) EncryptFinal(CmKeyHandle context, byte[] plaintext)
    {
        var response = Ok(CaliptraCommand.CmAesGcmEncryptFinal, DataRequest(CaliptraCommand.CmAesGcmEncryptFinal, context, plaintext));
        Assert.Equal(WireStatus.Done, CmAesGcmEncryptFinalResponse.TryRead(response, out var final));
        return (final!.Tag.ToArray(), final.Ciphertext.ToArray());
    }

    private (bool Verified, byte[] Plaintext) DecryptFinal(CmKeyHandle context, byte[] tag, byte[] ciphertext)
    {
        var response = Ok(CaliptraCommand.CmAesGcmDecryptFinal, DecryptFinalRequest(context, tag, ciphertext));
        Assert.Equal(WireStatus.Done, CmAesGcmDecryptFinalResponse.TryRead(response, out var final));
        return (final!.TagVerified, final.Plaintext.ToArray());
    }
}
