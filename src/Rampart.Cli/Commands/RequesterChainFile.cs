using Rampart.Hal.Crypto;
using Rampart.Identity.X509;
using Rampart.Protocols.Spdm;

namespace Rampart.Cli.Commands;

/// <summary>
/// Reads the certificate chain of a requester the served device must authenticate
/// (<c>rampart serve spdm --requester-chain</c>, decision 0277): DER certificates root first,
/// concatenated (the form of DMTF libspdm's bundle_requester.certchain.der) or PEM blocks in the
/// same order. The chain must verify certificate by certificate and end in an ECC P-384 leaf.
/// </summary>
internal static class RequesterChainFile
{
    /// <summary>The trust to provision, or why the file cannot give one.</summary>
    public static bool TryRead(FileInfo file, ICryptoEngines engines, out SpdmRequesterTrust? trust, out string error)
    {
        trust = null;
        error = string.Empty;
        if (!file.Exists)
        {
            error = $"requester chain not found: {file.FullName}";
            return false;
        }

        var bytes = File.ReadAllBytes(file.FullName);
        var text = System.Text.Encoding.ASCII.GetString(bytes);
        List<byte[]> certificates;
        if (text.Contains("-----BEGIN CERTIFICATE-----", StringComparison.Ordinal))
        {
            certificates = [.. Pem.DecodeAll(text, Pem.CertificateLabel)];
        }
        else if (!SpdmCertificateChain.TrySplitDer(bytes, out certificates, out var reason))
        {
            error = $"{file.Name}: not DER certificates (concatenated, root first) nor PEM: {reason}";
            return false;
        }

        if (certificates.Count == 0)
        {
            error = $"{file.Name}: holds no certificate";
            return false;
        }

        if (!SpdmCertificateChain.TryGetLeafP384PublicKey(certificates, out var publicKey))
        {
            error = $"{file.Name}: the leaf certificate's key is not ECC P-384, the only requester key the device checks";
            return false;
        }

        var verification = ChainVerifier.Verify(engines, certificates.Select(c => (ReadOnlyMemory<byte>)c).ToList());
        if (!verification.IsValid)
        {
            error = $"{file.Name}: the chain does not verify: {verification.Error} at certificate {verification.Index} (root first)";
            return false;
        }

        Span<byte> rootHash = stackalloc byte[48];
        engines.Sha.Hash(ShaAlgorithm.Sha384, certificates[0], rootHash);
        var chain = SpdmCertificateChain.Build(certificates, rootHash);
        if (SpdmRequesterTrustRecord.HeaderSize + chain.Length > SpdmRequesterTrustRecord.MaxSize)
        {
            error = $"{file.Name}: the chain is {chain.Length} bytes; the device keeps at most {SpdmRequesterTrustRecord.MaxSize - SpdmRequesterTrustRecord.HeaderSize}";
            return false;
        }

        trust = new SpdmRequesterTrust { CertificateChain = chain, PublicKey = publicKey, SlotId = 0 };
        return true;
    }
}
