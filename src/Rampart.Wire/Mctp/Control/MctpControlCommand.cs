namespace Rampart.Wire.Mctp.Control;

/// <summary>MCTP control command codes (DSP0236 §12). Open: unknown codes are carried through.</summary>
public enum MctpControlCommand : byte
{
    /// <summary>Reserved (0x00).</summary>
    Reserved = 0x00,

    /// <summary>Set Endpoint ID (0x01), DSP0236 §12.</summary>
    SetEndpointId = 0x01,

    /// <summary>Get Endpoint ID (0x02), DSP0236 §12.</summary>
    GetEndpointId = 0x02,

    /// <summary>Get Endpoint UUID (0x03), DSP0236 §12.</summary>
    GetEndpointUuid = 0x03,

    /// <summary>Get MCTP Version Support (0x04), DSP0236 §12.</summary>
    GetMctpVersionSupport = 0x04,

    /// <summary>Get Message Type Support (0x05), DSP0236 §12.</summary>
    GetMessageTypeSupport = 0x05,

    /// <summary>Get Vendor Defined Message Support (0x06), DSP0236 §12.</summary>
    GetVendorDefinedMessageSupport = 0x06,

    /// <summary>Resolve Endpoint ID (0x07).</summary>
    ResolveEndpointId = 0x07,

    /// <summary>Allocate Endpoint IDs (0x08).</summary>
    AllocateEndpointIds = 0x08,

    /// <summary>Routing Information Update (0x09).</summary>
    RoutingInformationUpdate = 0x09,

    /// <summary>Get Routing Table Entries (0x0A).</summary>
    GetRoutingTableEntries = 0x0A,

    /// <summary>Prepare for Endpoint Discovery (0x0B).</summary>
    PrepareForEndpointDiscovery = 0x0B,

    /// <summary>Endpoint Discovery (0x0C).</summary>
    EndpointDiscovery = 0x0C,

    /// <summary>Discovery Notify (0x0D).</summary>
    DiscoveryNotify = 0x0D,

    /// <summary>Get Network ID (0x0E).</summary>
    GetNetworkId = 0x0E,

    /// <summary>Query Hop (0x0F).</summary>
    QueryHop = 0x0F,

    /// <summary>Resolve UUID (0x10).</summary>
    ResolveUuid = 0x10,

    /// <summary>Query rate limit (0x11).</summary>
    QueryRateLimit = 0x11,

    /// <summary>Request TX rate limit (0x12).</summary>
    RequestTxRateLimit = 0x12,

    /// <summary>Update rate limit (0x13).</summary>
    UpdateRateLimit = 0x13,

    /// <summary>Query Supported Interfaces (0x14).</summary>
    QuerySupportedInterfaces = 0x14,
}

/// <summary>Names for <see cref="MctpControlCommand"/>.</summary>
public static class MctpControlCommandNames
{
    /// <summary>The spec's name of a command; 0xF0–0xFF are transport specific; others print as hex.</summary>
    public static string Name(MctpControlCommand command) => command switch
    {
        MctpControlCommand.SetEndpointId => "Set Endpoint ID",
        MctpControlCommand.GetEndpointId => "Get Endpoint ID",
        MctpControlCommand.GetEndpointUuid => "Get Endpoint UUID",
        MctpControlCommand.GetMctpVersionSupport => "Get MCTP Version Support",
        MctpControlCommand.GetMessageTypeSupport => "Get Message Type Support",
        MctpControlCommand.GetVendorDefinedMessageSupport => "Get Vendor Defined Message Support",
        MctpControlCommand.ResolveEndpointId => "Resolve Endpoint ID",
        MctpControlCommand.AllocateEndpointIds => "Allocate Endpoint IDs",
        MctpControlCommand.RoutingInformationUpdate => "Routing Information Update",
        MctpControlCommand.GetRoutingTableEntries => "Get Routing Table Entries",
        MctpControlCommand.PrepareForEndpointDiscovery => "Prepare for Endpoint Discovery",
        MctpControlCommand.EndpointDiscovery => "Endpoint Discovery",
        MctpControlCommand.DiscoveryNotify => "Discovery Notify",
        MctpControlCommand.GetNetworkId => "Get Network ID",
        MctpControlCommand.QueryHop => "Query Hop",
        MctpControlCommand.ResolveUuid => "Resolve UUID",
        MctpControlCommand.QueryRateLimit => "Query Rate Limit",
        MctpControlCommand.RequestTxRateLimit => "Request TX Rate Limit",
        MctpControlCommand.UpdateRateLimit => "Update Rate Limit",
        MctpControlCommand.QuerySupportedInterfaces => "Query Supported Interfaces",
        _ when (byte)command >= 0xF0 => $"Transport Specific 0x{(byte)command:X2}",
        _ => $"Command 0x{(byte)command:X2}",
    };
}
