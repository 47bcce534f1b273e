using Rampart.Hal.Crypto;
using Rampart.Identity.Manufacturing;
using Rampart.Identity.X509;

namespace Rampart.Identity.Dice;

/// <summary>What the runtime layer was measured as (the FMC's RT alias inputs).</summary>
/// <param name="Svn">The runtime SVN.</param>
/// <param name="RuntimeDigest">SHA-384 of the runtime image.</param>
/// <param name="ManifestDigest">SHA-384 of the image manifest.</param>
public sealed record RuntimeMeasurement(long Svn, ReadOnlyMemory<byte> RuntimeDigest, ReadOnlyMemory<byte> ManifestDigest);

/// <summary>The device facts a chain build needs beyond the secrets.</summary>
/// <param name="Ueid">The UEID fuse value (type byte, serial); when empty or all zero, the key-derived UEID (<see cref="DeviceUeid"/>).</param>
/// <param name="DebugUnlocked">True when debug is unlocked (sets the DiceTcbInfo debug flag).</param>
/// <param name="Production">True in the production lifecycle (otherwise the notSecure flag is set).</param>
/// <param name="Fmc">The FMC measurements, when the chip has booted that far.</param>
/// <param name="Runtime">The runtime measurements, when the chip has booted that far (needs <paramref name="Fmc"/>).</param>
public sealed record DiceChainInputs(ReadOnlyMemory<byte> Ueid, bool DebugUnlocked, bool Production, FmcMeasurement? Fmc, RuntimeMeasurement? Runtime);

/// <summary>One algorithm's chain, root first, with the IDevID CSR it was provisioned from.</summary>
/// <param name="Algorithm">The algorithm of every key in the chain.</param>
/// <param name="Certificates">DER certificates: manufacturer CA, IDevID, LDevID, then any alias layers.</param>
/// <param name="IdevIdCsr">The IDevID PKCS#10 request.</param>
public sealed record DiceChain(DiceKeyAlgorithm Algorithm, IReadOnlyList<byte[]> Certificates, byte[] IdevIdCsr)
{
    /// <summary>The deepest layer certified.</summary>
    public DiceLayer DeepestLayer => (DiceLayer)(Certificates.Count - 2);
}

/// <summary>
/// Runs the DICE flow end to end as the chip and its manufacturer would: IDevID keys and CSRs,
/// provisioning by the manufacturer CA, LDevID, and — when measurements are given — the FMC
/// and RT alias layers, each certified by the layer before, for ECC P-384 and ML-DSA-87.
/// </summary>
public static class DiceChainBuilder
{
    /// <summary>Builds both chains. Consumes (erases) <paramref name="uds"/> and <paramref name="fieldEntropy"/>.</summary>
    public static (DiceChain Ecc, DiceChain MlDsa) Build(ICryptoEngines engines, IDiceKeySource source, DiceSecret uds, DiceSecret fieldEntropy, DevelopmentManufacturerCa ca, DiceChainInputs inputs)
    {
        ArgumentNullException.ThrowIfNull(engines);
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(ca);
        ArgumentNullException.ThrowIfNull(inputs);
        if (inputs.Runtime is not null && inputs.Fmc is null)
        {
            throw new ArgumentException("the runtime layer needs the FMC layer", nameof(inputs));
        }

        var sha = engines.Sha;
        var flags = DiceCertificates.Flags(inputs.DebugUnlocked, inputs.Production);
        var idev = DiceDerivation.DeriveIdevId(source, uds);
        var ueid = DeviceUeid.Resolve(sha, inputs.Ueid.Span, idev.Ecc);
        var ecc = new List<byte[]> { ca.EccCertificate };
        var mlDsa = new List<byte[]> { ca.MlDsaCertificate };
        var csrs = new byte[2][];
        foreach (var algorithm in (ReadOnlySpan<DiceKeyAlgorithm>)[DiceKeyAlgorithm.EccP384, DiceKeyAlgorithm.MlDsa87])
        {
            var key = idev.For(algorithm);
            var csr = CertificationRequest.Create(key, DiceCertificates.SubjectName(sha, DiceLayer.IdevId, key), ueid);
            csrs[(int)algorithm - 1] = csr;
            var refusal = ca.TryIssueIdevId(csr, algorithm, out var certificate);
            if (refusal != CsrRefusal.None || certificate is null)
            {
                throw new InvalidOperationException($"the manufacturer CA refused this chip's own CSR: {refusal}");
            }

            (algorithm == DiceKeyAlgorithm.EccP384 ? ecc : mlDsa).Add(certificate);
        }

        var ldev = DiceDerivation.DeriveLdevId(source, idev, fieldEntropy);
        AddLayer(sha, DiceLayer.LdevId, ldev, idev, ueid, DiceCertificates.LdevIdTcbInfo(flags), ecc, mlDsa);
        var previous = ldev;
        if (inputs.Fmc is { } fmc)
        {
            Span<byte> pcr0 = stackalloc byte[FmcMeasurement.DigestSize];
            fmc.ComputePcr0(sha, pcr0);
            var fmcAlias = DiceDerivation.DeriveFmcAlias(source, ldev, pcr0);
            AddLayer(sha, DiceLayer.FmcAlias, fmcAlias, ldev, ueid, DiceCertificates.FmcAliasTcbInfo(fmc, pcr0, flags), ecc, mlDsa);
            previous = fmcAlias;
            if (inputs.Runtime is { } runtime)
            {
                var rtAlias = DiceDerivation.DeriveRtAlias(source, fmcAlias, runtime.RuntimeDigest.Span, runtime.ManifestDigest.Span);
                var tcb = DiceCertificates.RtAliasTcbInfo(runtime.Svn, runtime.RuntimeDigest.Span, runtime.ManifestDigest.Span, flags);
                AddLayer(sha, DiceLayer.RtAlias, rtAlias, fmcAlias, ueid, tcb, ecc, mlDsa);
                previous = rtAlias;
            }
        }

        source.Erase(previous.Cdi);
        return (new DiceChain(DiceKeyAlgorithm.EccP384, ecc, csrs[0]), new DiceChain(DiceKeyAlgorithm.MlDsa87, mlDsa, csrs[1]));
    }

    private static void AddLayer(IShaEngine sha, DiceLayer layer, DiceLayerKeys subject, DiceLayerKeys issuer, ReadOnlySpan<byte> ueid, DiceTcbInfo tcbInfo, List<byte[]> ecc, List<byte[]> mlDsa)
    {
        var issuerLayer = issuer.Layer;
        ecc.Add(DiceCertificates.Issue(sha, layer, subject.Ecc, issuer.Ecc, DiceCertificates.SubjectName(sha, issuerLayer, issuer.Ecc), ueid, tcbInfo));
        mlDsa.Add(DiceCertificates.Issue(sha, layer, subject.MlDsa, issuer.MlDsa, DiceCertificates.SubjectName(sha, issuerLayer, issuer.MlDsa), ueid, tcbInfo));
    }
}
