using Rampart.Hal.Crypto;
using Rampart.Identity.Dice;

namespace Rampart.Identity.X509;

/// <summary>
/// The certificate profiles of the DICE layers: names, CA flags and DiceTcbInfo contents.
/// Each layer's certificate is issued by the previous layer's key of the same algorithm
/// (LDevID by IDevID, FMC alias by LDevID, RT alias by FMC alias); the IDevID certificate
/// comes from the manufacturer CA (<see cref="Manufacturing.DevelopmentManufacturerCa"/>).
/// </summary>
public static class DiceCertificates
{
    /// <summary>The vendor string of every DiceTcbInfo.</summary>
    public const string Vendor = "Rampart";

    /// <summary>The common name of a layer's certificate, e.g. "Rampart ECC384 LDevID".</summary>
    public static string CommonName(DiceLayer layer, DiceKeyAlgorithm algorithm) =>
        $"Rampart {AlgorithmName(algorithm)} {LayerName(layer)}";

    /// <summary>"ECC384" or "MLDSA87".</summary>
    public static string AlgorithmName(DiceKeyAlgorithm algorithm) => algorithm switch
    {
        DiceKeyAlgorithm.EccP384 => "ECC384",
        DiceKeyAlgorithm.MlDsa87 => "MLDSA87",
        _ => throw new ArgumentOutOfRangeException(nameof(algorithm)),
    };

    /// <summary>"IDevID", "LDevID", "FMC Alias" or "RT Alias".</summary>
    public static string LayerName(DiceLayer layer) => layer switch
    {
        DiceLayer.IdevId => "IDevID",
        DiceLayer.LdevId => "LDevID",
        DiceLayer.FmcAlias => "FMC Alias",
        DiceLayer.RtAlias => "RT Alias",
        _ => throw new ArgumentOutOfRangeException(nameof(layer)),
    };

    /// <summary>The DER subject name of a layer key: CN and the key-derived serialNumber.</summary>
    public static byte[] SubjectName(IShaEngine sha, DiceLayer layer, IDiceSigner key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return DiceName.Encode(CommonName(layer, key.Algorithm), KeyIdentifiers.SubjectSerialNumber(sha, key.Algorithm, key.PublicKey));
    }

    /// <summary>Every layer but the deepest (RT alias) certifies a next one, so is a CA.</summary>
    public static bool IsCa(DiceLayer layer) => layer != DiceLayer.RtAlias;

    /// <summary>Operational flags from the device state: debug unlocked sets Debug, a lifecycle other than production sets NotSecure.</summary>
    public static DiceOperationalFlags Flags(bool debugUnlocked, bool production) =>
        (debugUnlocked ? DiceOperationalFlags.Debug : DiceOperationalFlags.None)
        | (production ? DiceOperationalFlags.None : DiceOperationalFlags.NotSecure);

    /// <summary>DiceTcbInfo of the LDevID layer: no firmware measured yet, only the device state.</summary>
    public static DiceTcbInfo LdevIdTcbInfo(DiceOperationalFlags flags) =>
        new(Vendor, LayerName(DiceLayer.LdevId), 0, (int)DiceLayer.LdevId, [], flags);

    /// <summary>DiceTcbInfo of the FMC alias: fwids PCR0 (device state and keys) and the FMC digest; svn the firmware SVN.</summary>
    public static DiceTcbInfo FmcAliasTcbInfo(FmcMeasurement measurement, ReadOnlySpan<byte> pcr0, DiceOperationalFlags flags)
    {
        ArgumentNullException.ThrowIfNull(measurement);
        return new(Vendor, LayerName(DiceLayer.FmcAlias), measurement.FirmwareSvn, (int)DiceLayer.FmcAlias, [pcr0.ToArray(), measurement.FmcDigest], flags);
    }

    /// <summary>DiceTcbInfo of the RT alias: fwids the runtime and manifest digests; svn the runtime SVN.</summary>
    public static DiceTcbInfo RtAliasTcbInfo(long runtimeSvn, ReadOnlySpan<byte> runtimeDigest, ReadOnlySpan<byte> manifestDigest, DiceOperationalFlags flags) =>
        new(Vendor, LayerName(DiceLayer.RtAlias), runtimeSvn, (int)DiceLayer.RtAlias, [runtimeDigest.ToArray(), manifestDigest.ToArray()], flags);

    /// <summary>Issues the certificate of <paramref name="subjectLayer"/>'s key, signed by the previous layer's key.</summary>
    public static byte[] Issue(IShaEngine sha, DiceLayer subjectLayer, IDiceSigner subjectKey, IDiceSigner issuerKey, ReadOnlySpan<byte> issuerName, ReadOnlySpan<byte> ueid, DiceTcbInfo? tcbInfo)
    {
        ArgumentNullException.ThrowIfNull(subjectKey);
        ArgumentNullException.ThrowIfNull(issuerKey);
        if (subjectKey.Algorithm != issuerKey.Algorithm)
        {
            throw new ArgumentException("a DICE chain keeps one algorithm from end to end");
        }

        var subject = new CertificateSubject(
            subjectKey.Algorithm,
            subjectKey.PublicKey.ToArray(),
            SubjectName(sha, subjectLayer, subjectKey),
            IsCa(subjectLayer),
            tcbInfo,
            ueid.ToArray());
        return CertificateTemplate.Issue(sha, subject, issuerName, issuerKey);
    }
}
