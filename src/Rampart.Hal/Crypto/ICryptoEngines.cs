namespace Rampart.Hal.Crypto;

/// <summary>
/// The set of crypto engines a core sees. On the chip these are peripherals; in host tools
/// they are Rampart.Crypto's software engines behind the same interfaces.
/// </summary>
public interface ICryptoEngines
{
    /// <summary>SHA-2.</summary>
    IShaEngine Sha { get; }

    /// <summary>HMAC and HKDF.</summary>
    IHmacEngine Hmac { get; }

    /// <summary>Caliptra HMAC-512 KDF and SP 800-108.</summary>
    IKdfEngine Kdf { get; }

    /// <summary>ECDSA/ECDH P-384.</summary>
    IEccEngine Ecc { get; }

    /// <summary>ML-DSA-87.</summary>
    IMlDsaEngine MlDsa { get; }

    /// <summary>LMS verify.</summary>
    ILmsEngine Lms { get; }

    /// <summary>ML-KEM-1024.</summary>
    IMlKemEngine MlKem { get; }

    /// <summary>AES-256-GCM.</summary>
    IAesGcmEngine AesGcm { get; }

    /// <summary>The DRBG.</summary>
    IDrbg Drbg { get; }
}
