namespace Rampart.Wire.Spdm;

/// <summary>SPDM request and response codes (DSP0274 1.3 §10, Tables 4 and 5).</summary>
/// <remarks>Codes are open: a decoder never assumes a byte is one of these values.</remarks>
public enum SpdmCode : byte
{
    /// <summary>DIGESTS (0x01)</summary>
    Digests = 0x01,

    /// <summary>CERTIFICATE (0x02)</summary>
    Certificate = 0x02,

    /// <summary>CHALLENGE_AUTH (0x03)</summary>
    ChallengeAuth = 0x03,

    /// <summary>VERSION (0x04)</summary>
    Version = 0x04,

    /// <summary>CHUNK_SEND_ACK (0x05)</summary>
    ChunkSendAck = 0x05,

    /// <summary>CHUNK_RESPONSE (0x06)</summary>
    ChunkResponse = 0x06,

    /// <summary>ENDPOINT_INFO (0x07, 1.3)</summary>
    EndpointInfo = 0x07,

    /// <summary>MEASUREMENTS (0x60)</summary>
    Measurements = 0x60,

    /// <summary>CAPABILITIES (0x61)</summary>
    Capabilities = 0x61,

    /// <summary>SUPPORTED_EVENT_TYPES (0x62, 1.3)</summary>
    SupportedEventTypes = 0x62,

    /// <summary>ALGORITHMS (0x63)</summary>
    Algorithms = 0x63,

    /// <summary>KEY_EXCHANGE_RSP (0x64)</summary>
    KeyExchangeRsp = 0x64,

    /// <summary>FINISH_RSP (0x65)</summary>
    FinishRsp = 0x65,

    /// <summary>PSK_EXCHANGE_RSP (0x66)</summary>
    PskExchangeRsp = 0x66,

    /// <summary>PSK_FINISH_RSP (0x67)</summary>
    PskFinishRsp = 0x67,

    /// <summary>HEARTBEAT_ACK (0x68)</summary>
    HeartbeatAck = 0x68,

    /// <summary>KEY_UPDATE_ACK (0x69)</summary>
    KeyUpdateAck = 0x69,

    /// <summary>ENCAPSULATED_REQUEST (0x6A)</summary>
    EncapsulatedRequest = 0x6A,

    /// <summary>ENCAPSULATED_RESPONSE_ACK (0x6B)</summary>
    EncapsulatedResponseAck = 0x6B,

    /// <summary>END_SESSION_ACK (0x6C)</summary>
    EndSessionAck = 0x6C,

    /// <summary>CSR (0x6D)</summary>
    Csr = 0x6D,

    /// <summary>SET_CERTIFICATE_RSP (0x6E)</summary>
    SetCertificateRsp = 0x6E,

    /// <summary>MEASUREMENT_EXTENSION_LOG (0x6F, 1.3)</summary>
    MeasurementExtensionLog = 0x6F,

    /// <summary>SUBSCRIBE_EVENT_TYPES_ACK (0x70, 1.3)</summary>
    SubscribeEventTypesAck = 0x70,

    /// <summary>EVENT_ACK (0x71, 1.3)</summary>
    EventAck = 0x71,

    /// <summary>KEY_PAIR_INFO (0x7C, 1.3)</summary>
    KeyPairInfo = 0x7C,

    /// <summary>SET_KEY_PAIR_INFO_ACK (0x7D, 1.3)</summary>
    SetKeyPairInfoAck = 0x7D,

    /// <summary>VENDOR_DEFINED_RESPONSE (0x7E)</summary>
    VendorDefinedResponse = 0x7E,

    /// <summary>ERROR (0x7F)</summary>
    Error = 0x7F,

    /// <summary>GET_DIGESTS (0x81)</summary>
    GetDigests = 0x81,

    /// <summary>GET_CERTIFICATE (0x82)</summary>
    GetCertificate = 0x82,

    /// <summary>CHALLENGE (0x83)</summary>
    Challenge = 0x83,

    /// <summary>GET_VERSION (0x84)</summary>
    GetVersion = 0x84,

    /// <summary>CHUNK_SEND (0x85)</summary>
    ChunkSend = 0x85,

    /// <summary>CHUNK_GET (0x86)</summary>
    ChunkGet = 0x86,

    /// <summary>GET_ENDPOINT_INFO (0x87, 1.3)</summary>
    GetEndpointInfo = 0x87,

    /// <summary>GET_MEASUREMENTS (0xE0)</summary>
    GetMeasurements = 0xE0,

    /// <summary>GET_CAPABILITIES (0xE1)</summary>
    GetCapabilities = 0xE1,

    /// <summary>GET_SUPPORTED_EVENT_TYPES (0xE2, 1.3)</summary>
    GetSupportedEventTypes = 0xE2,

    /// <summary>NEGOTIATE_ALGORITHMS (0xE3)</summary>
    NegotiateAlgorithms = 0xE3,

    /// <summary>KEY_EXCHANGE (0xE4)</summary>
    KeyExchange = 0xE4,

    /// <summary>FINISH (0xE5)</summary>
    Finish = 0xE5,

    /// <summary>PSK_EXCHANGE (0xE6)</summary>
    PskExchange = 0xE6,

    /// <summary>PSK_FINISH (0xE7)</summary>
    PskFinish = 0xE7,

    /// <summary>HEARTBEAT (0xE8)</summary>
    Heartbeat = 0xE8,

    /// <summary>KEY_UPDATE (0xE9)</summary>
    KeyUpdate = 0xE9,

    /// <summary>GET_ENCAPSULATED_REQUEST (0xEA)</summary>
    GetEncapsulatedRequest = 0xEA,

    /// <summary>DELIVER_ENCAPSULATED_RESPONSE (0xEB)</summary>
    DeliverEncapsulatedResponse = 0xEB,

    /// <summary>END_SESSION (0xEC)</summary>
    EndSession = 0xEC,

    /// <summary>GET_CSR (0xED)</summary>
    GetCsr = 0xED,

    /// <summary>SET_CERTIFICATE (0xEE)</summary>
    SetCertificate = 0xEE,

    /// <summary>GET_MEASUREMENT_EXTENSION_LOG (0xEF, 1.3)</summary>
    GetMeasurementExtensionLog = 0xEF,

    /// <summary>SUBSCRIBE_EVENT_TYPES (0xF0, 1.3)</summary>
    SubscribeEventTypes = 0xF0,

    /// <summary>SEND_EVENT (0xF1, 1.3)</summary>
    SendEvent = 0xF1,

    /// <summary>GET_KEY_PAIR_INFO (0xFC, 1.3)</summary>
    GetKeyPairInfo = 0xFC,

    /// <summary>SET_KEY_PAIR_INFO (0xFD, 1.3)</summary>
    SetKeyPairInfo = 0xFD,

    /// <summary>VENDOR_DEFINED_REQUEST (0xFE)</summary>
    VendorDefinedRequest = 0xFE,

    /// <summary>RESPOND_IF_READY (0xFF)</summary>
    RespondIfReady = 0xFF,
}

/// <summary>Names and classes of <see cref="SpdmCode"/> values.</summary>
public static class SpdmCodes
{
    /// <summary>Requests have the top bit set (DSP0274 §10: 0x80–0xFF).</summary>
    public static bool IsRequest(byte code) => code >= 0x80;

    /// <summary>The DSP0274 name of a code, or null when the byte names no code.</summary>
    public static string? Name(byte code) => (SpdmCode)code switch
    {
        SpdmCode.Digests => "DIGESTS",
        SpdmCode.Certificate => "CERTIFICATE",
        SpdmCode.ChallengeAuth => "CHALLENGE_AUTH",
        SpdmCode.Version => "VERSION",
        SpdmCode.ChunkSendAck => "CHUNK_SEND_ACK",
        SpdmCode.ChunkResponse => "CHUNK_RESPONSE",
        SpdmCode.EndpointInfo => "ENDPOINT_INFO",
        SpdmCode.Measurements => "MEASUREMENTS",
        SpdmCode.Capabilities => "CAPABILITIES",
        SpdmCode.SupportedEventTypes => "SUPPORTED_EVENT_TYPES",
        SpdmCode.Algorithms => "ALGORITHMS",
        SpdmCode.KeyExchangeRsp => "KEY_EXCHANGE_RSP",
        SpdmCode.FinishRsp => "FINISH_RSP",
        SpdmCode.PskExchangeRsp => "PSK_EXCHANGE_RSP",
        SpdmCode.PskFinishRsp => "PSK_FINISH_RSP",
        SpdmCode.HeartbeatAck => "HEARTBEAT_ACK",
        SpdmCode.KeyUpdateAck => "KEY_UPDATE_ACK",
        SpdmCode.EncapsulatedRequest => "ENCAPSULATED_REQUEST",
        SpdmCode.EncapsulatedResponseAck => "ENCAPSULATED_RESPONSE_ACK",
        SpdmCode.EndSessionAck => "END_SESSION_ACK",
        SpdmCode.Csr => "CSR",
        SpdmCode.SetCertificateRsp => "SET_CERTIFICATE_RSP",
        SpdmCode.MeasurementExtensionLog => "MEASUREMENT_EXTENSION_LOG",
        SpdmCode.SubscribeEventTypesAck => "SUBSCRIBE_EVENT_TYPES_ACK",
        SpdmCode.EventAck => "EVENT_ACK",
        SpdmCode.KeyPairInfo => "KEY_PAIR_INFO",
        SpdmCode.SetKeyPairInfoAck => "SET_KEY_PAIR_INFO_ACK",
        SpdmCode.VendorDefinedResponse => "VENDOR_DEFINED_RESPONSE",
        SpdmCode.Error => "ERROR",
        SpdmCode.GetDigests => "GET_DIGESTS",
        SpdmCode.GetCertificate => "GET_CERTIFICATE",
        SpdmCode.Challenge => "CHALLENGE",
        SpdmCode.GetVersion => "GET_VERSION",
        SpdmCode.ChunkSend => "CHUNK_SEND",
        SpdmCode.ChunkGet => "CHUNK_GET",
        SpdmCode.GetEndpointInfo => "GET_ENDPOINT_INFO",
        SpdmCode.GetMeasurements => "GET_MEASUREMENTS",
        SpdmCode.GetCapabilities => "GET_CAPABILITIES",
        SpdmCode.GetSupportedEventTypes => "GET_SUPPORTED_EVENT_TYPES",
        SpdmCode.NegotiateAlgorithms => "NEGOTIATE_ALGORITHMS",
        SpdmCode.KeyExchange => "KEY_EXCHANGE",
        SpdmCode.Finish => "FINISH",
        SpdmCode.PskExchange => "PSK_EXCHANGE",
        SpdmCode.PskFinish => "PSK_FINISH",
        SpdmCode.Heartbeat => "HEARTBEAT",
        SpdmCode.KeyUpdate => "KEY_UPDATE",
        SpdmCode.GetEncapsulatedRequest => "GET_ENCAPSULATED_REQUEST",
        SpdmCode.DeliverEncapsulatedResponse => "DELIVER_ENCAPSULATED_RESPONSE",
        SpdmCode.EndSession => "END_SESSION",
        SpdmCode.GetCsr => "GET_CSR",
        SpdmCode.SetCertificate => "SET_CERTIFICATE",
        SpdmCode.GetMeasurementExtensionLog => "GET_MEASUREMENT_EXTENSION_LOG",
        SpdmCode.SubscribeEventTypes => "SUBSCRIBE_EVENT_TYPES",
        SpdmCode.SendEvent => "SEND_EVENT",
        SpdmCode.GetKeyPairInfo => "GET_KEY_PAIR_INFO",
        SpdmCode.SetKeyPairInfo => "SET_KEY_PAIR_INFO",
        SpdmCode.VendorDefinedRequest => "VENDOR_DEFINED_REQUEST",
        SpdmCode.RespondIfReady => "RESPOND_IF_READY",
        _ => null,
    };
}
