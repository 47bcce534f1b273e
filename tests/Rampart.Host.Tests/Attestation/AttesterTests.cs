using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Rampart.Crypto;
using Rampart.Host.Attestation;
using Rampart.Protocols.Spdm;
using Rampart.Protocols.Tests.Spdm;
using Rampart.Wire.Bindings;

namespace Rampart.Host.Tests.Attestation;

/// <summary>The attester's chain check on chains shaped like other vendors' (found against DMTF's spdm_responder_emu).</summary>
public sealed class AttesterTests
{
    private static async Task<AttestationReport> AttestAsync(params X509Extension[] leafExtensions)
    {
        var deviceCrypto = new EngineSpdmCrypto(new SoftwareCryptoEngines(31));
        using var device = await TestSpdmDevice.CreateAsync(deviceCrypto, leafExtensions);
        var transport = new LoopbackTransport(new SpdmResponder(device, deviceCrypto), SecuredTransportProfile.Mctp);
        using var engines = new SoftwareCryptoEngines(32);
        return await new Attester(engines).AttestAsync("loopback", transport, 0, device.RootCertificate, reference: null);
    }

    private static AttestationCheck ChainCheck(AttestationReport report) => report.Checks.Single(c => c.Check == "chain to trust anchor");

    [Fact]
    public async Task A_critical_extended_key_usage_with_tls_purposes_is_understood_and_the_chain_passes()
    {
        // DMTF's sample chains mark extKeyUsage critical (serverAuth, clientAuth); Rampart called
        // it an unknown critical extension and failed the chain.
        var report = await AttestAsync(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1"), new Oid("1.3.6.1.5.5.7.3.2")], critical: true));

        Assert.Equal(CheckVerdict.Pass, ChainCheck(report).Verdict);
        Assert.Equal("incomplete", report.Verdict);
    }

    [Fact]
    public async Task A_leaf_for_spdm_responders_passes()
    {
        var report = await AttestAsync(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.4.1.412.274.3")], critical: true));

        Assert.Equal(CheckVerdict.Pass, ChainCheck(report).Verdict);
    }

    [Fact]
    public async Task A_leaf_for_spdm_requesters_only_fails_the_chain()
    {
        var report = await AttestAsync(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.4.1.412.274.4")], critical: false));

        Assert.Equal(CheckVerdict.Fail, ChainCheck(report).Verdict);
        Assert.Contains("requester", ChainCheck(report).Detail, StringComparison.Ordinal);
        Assert.Equal("failed", report.Verdict);
    }
}
