namespace Rampart.Wire.Spdm;

/// <summary>CAPABILITIES / GET_CAPABILITIES flags (DSP0274 1.3 Tables 11 and 12).</summary>
[Flags]
public enum SpdmCapabilityFlags : uint
{
    /// <summary>No capability.</summary>
    None = 0,

    /// <summary>CACHE_CAP (bit 0, responder).</summary>
    Cache = 1u << 0,

    /// <summary>CERT_CAP (bit 1).</summary>
    Cert = 1u << 1,

    /// <summary>CHAL_CAP (bit 2).</summary>
    Chal = 1u << 2,

    /// <summary>MEAS_CAP = 01b: measurements without signature (bits 4:3, responder).</summary>
    MeasNoSig = 1u << 3,

    /// <summary>MEAS_CAP = 10b: measurements with signature (bits 4:3, responder).</summary>
    MeasSig = 1u << 4,

    /// <summary>MEAS_FRESH_CAP (bit 5, responder).</summary>
    MeasFresh = 1u << 5,

    /// <summary>ENCRYPT_CAP (bit 6).</summary>
    Encrypt = 1u << 6,

    /// <summary>MAC_CAP (bit 7).</summary>
    Mac = 1u << 7,

    /// <summary>MUT_AUTH_CAP (bit 8).</summary>
    MutAuth = 1u << 8,

    /// <summary>KEY_EX_CAP (bit 9).</summary>
    KeyEx = 1u << 9,

    /// <summary>PSK_CAP = 01b (bits 11:10): PSK without context (requester) / responder.</summary>
    Psk = 1u << 10,

    /// <summary>PSK_CAP = 10b (bits 11:10): responder with context.</summary>
    PskWithContext = 1u << 11,

    /// <summary>ENCAP_CAP (bit 12).</summary>
    Encap = 1u << 12,

    /// <summary>HBEAT_CAP (bit 13).</summary>
    Hbeat = 1u << 13,

    /// <summary>KEY_UPD_CAP (bit 14).</summary>
    KeyUpd = 1u << 14,

    /// <summary>HANDSHAKE_IN_THE_CLEAR_CAP (bit 15).</summary>
    HandshakeInTheClear = 1u << 15,

    /// <summary>PUB_KEY_ID_CAP (bit 16).</summary>
    PubKeyId = 1u << 16,

    /// <summary>CHUNK_CAP (bit 17, 1.2).</summary>
    Chunk = 1u << 17,

    /// <summary>ALIAS_CERT_CAP (bit 18, 1.2, responder).</summary>
    AliasCert = 1u << 18,

    /// <summary>SET_CERT_CAP (bit 19, 1.2.1, responder).</summary>
    SetCert = 1u << 19,

    /// <summary>CSR_CAP (bit 20, 1.2.1, responder).</summary>
    Csr = 1u << 20,

    /// <summary>CERT_INSTALL_RESET_CAP (bit 21, 1.2.1, responder).</summary>
    CertInstallReset = 1u << 21,

    /// <summary>EP_INFO_CAP (bits 23:22, 1.3): 01b without signature.</summary>
    EpInfoNoSig = 1u << 22,

    /// <summary>EP_INFO_CAP (bits 23:22, 1.3): 10b with signature.</summary>
    EpInfoSig = 1u << 23,

    /// <summary>MEL_CAP (bit 24, 1.3).</summary>
    Mel = 1u << 24,

    /// <summary>EVENT_CAP (bit 25, 1.3).</summary>
    Event = 1u << 25,

    /// <summary>MULTI_KEY_CAP (bits 27:26, 1.3): 01b only multi-key.</summary>
    MultiKeyOnly = 1u << 26,

    /// <summary>MULTI_KEY_CAP (bits 27:26, 1.3): 10b negotiated.</summary>
    MultiKeyNegotiated = 1u << 27,

    /// <summary>GET_KEY_PAIR_INFO_CAP (bit 28, 1.3).</summary>
    GetKeyPairInfo = 1u << 28,

    /// <summary>SET_KEY_PAIR_INFO_CAP (bit 29, 1.3).</summary>
    SetKeyPairInfo = 1u << 29,
}
