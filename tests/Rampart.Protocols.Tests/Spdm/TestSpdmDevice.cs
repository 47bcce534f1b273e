using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Rampart.Protocols.Spdm;
using Rampart.Wire;
using Rampart.Wire.Spdm;

namespace Rampart.Protocols.Tests.Spdm;

/// <summary>A responder device for tests: a two-certificate ECC P-384 chain in slot 0 and a few measurements.</summary>
internal sealed class TestSpdmDevice : ISpdmResponderDevice, IDisposable
{
    private readonly ECDsa _root = ECDsa.Create(ECCurve.NamedCurves.nistP384);
    private readonly ECDsa _leaf = ECDsa.Create(ECCurve.NamedCurves.nistP384);
    private readonly byte[][] _slots = new byte[8][];

    private TestSpdmDevice()
    {
    }

    /// <summary>Creates the device; <paramref name="leafExtensions"/> go into its leaf certificate.</summary>
    public static async Task<TestSpdmDevice> CreateAsync(ISpdmCrypto crypto, params X509Extension[] leafExtensions)
    {
        var device = new TestSpdmDevice();
        await device.ProvisionAsync(crypto, leafExtensions);
        return device;
    }

    private async Task ProvisionAsync(ISpdmCrypto crypto, X509Extension[] leafExtensions)
    {
        var notBefore = new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var rootRequest = new CertificateRequest("CN=Rampart Test Root", _root, HashAlgorithmName.SHA384);
        rootRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        using var rootCert = rootRequest.CreateSelfSigned(notBefore, notBefore.AddYears(20));
        var leafRequest = new CertificateRequest("CN=Rampart Test Leaf", _leaf, HashAlgorithmName.SHA384);
        foreach (var extension in leafExtensions)
        {
            leafRequest.CertificateExtensions.Add(extension);
        }

        using var leafCert = leafRequest.Create(rootCert, notBefore, notBefore.AddYears(10), [1, 2, 3, 4]);
        RootCertificate = rootCert.RawData;
        _slots[0] = await SpdmCertificateChain.BuildAsync([rootCert.RawData, leafCert.RawData], crypto);
    }

    public byte[] RootCertificate { get; private set; } = [];

    public List<byte[]> Digests { get; } = [RandomNumberGenerator.GetBytes(48), RandomNumberGenerator.GetBytes(48), RandomNumberGenerator.GetBytes(48)];

    public byte ProvisionedSlotMask
    {
        get
        {
            byte mask = 0;
            for (var i = 0; i < 8; i++)
            {
                if (_slots[i] is not null)
                {
                    mask |= (byte)(1 << i);
                }
            }

            return mask;
        }
    }

    public int MeasurementBlockCount => Digests.Count;

    public ReadOnlyMemory<byte> CertificateChain(int slot) => slot is >= 0 and < 8 && _slots[slot] is { } chain ? chain : default;

    public ValueTask SignAsync(int slot, ReadOnlyMemory<byte> message, Memory<byte> signature)
    {
        _leaf.SignData(message.Span, signature.Span, HashAlgorithmName.SHA384, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
        return ValueTask.CompletedTask;
    }

    public int WriteMeasurementBlock(int index, Span<byte> destination)
    {
        var writer = new WireWriter(destination);
        new MeasurementBlock { Index = (byte)index, ValueType = (byte)DmtfMeasurementType.MutableFirmware, Value = Digests[index - 1] }.TryWrite(ref writer);
        return writer.Overflowed ? 0 : writer.Position;
    }

    public bool TryBuildCsr(ReadOnlySpan<byte> requesterInfo, Span<byte> destination, out int written)
    {
        var csr = new CertificateRequest("CN=Rampart Test Leaf", _leaf, HashAlgorithmName.SHA384).CreateSigningRequest();
        written = csr.Length;
        return csr.AsSpan().TryCopyTo(destination);
    }

    public bool TrySetCertificate(int slot, ReadOnlySpan<byte> chain)
    {
        _slots[slot] = chain.ToArray();
        return true;
    }

    public ValueTask<int> HandleVendorDefinedAsync(ushort standardId, ReadOnlyMemory<byte> vendorId, ReadOnlyMemory<byte> payload, Memory<byte> responsePayload)
    {
        if (standardId != VendorDefined.StandardIana || !vendorId.Span.SequenceEqual(new byte[] { 0x7F, 0xA6 }))
        {
            return ValueTask.FromResult(-1);
        }

        // Echo with the first byte incremented, so the test sees a real answer.
        payload.CopyTo(responsePayload);
        if (payload.Length > 0)
        {
            responsePayload.Span[0]++;
        }

        return ValueTask.FromResult(payload.Length);
    }

    public void Dispose()
    {
        _root.Dispose();
        _leaf.Dispose();
    }
}

/// <summary>Connects a requester straight to a responder, with hooks to tamper with traffic.</summary>
internal sealed class LoopbackTransport(SpdmResponder responder, SecuredTransportProfile profile) : ISpdmRequesterTransport
{
    public SecuredTransportProfile Profile => profile;

    public Func<byte[], byte[]>? TamperRequest { get; set; }

    /// <summary>Rewrites a response in the clear before the requester sees it (in place, same length).</summary>
    public Action<byte[]>? TamperResponse { get; set; }

    public List<byte[]> Requests { get; } = [];

    public async ValueTask<int> SendReceiveAsync(ReadOnlyMemory<byte> message, Memory<byte> response, bool secured, CancellationToken cancellationToken)
    {
        var bytes = message.ToArray();
        if (TamperRequest is not null)
        {
            bytes = TamperRequest(bytes);
        }

        Requests.Add(bytes);
        if (secured)
        {
            return await responder.RespondSecuredAsync(bytes, response, profile);
        }

        var length = await responder.RespondAsync(bytes, response);
        if (TamperResponse is not null)
        {
            var answer = response[..length].ToArray();
            TamperResponse(answer);
            answer.CopyTo(response);
        }

        return length;
    }
}
