using Rampart.Wire;
using Rampart.Wire.Spdm;

namespace Rampart.Protocols.Spdm;

/// <summary>GET_VERSION, GET_CAPABILITIES and NEGOTIATE_ALGORITHMS (DSP0274 §10.3–10.5): message A (VCA).</summary>
public sealed partial class SpdmResponder
{
    private async ValueTask<int> HandleGetVersionAsync(ReadOnlyMemory<byte> request, Memory<byte> response)
    {
        // GET_VERSION resets the connection and ends every session (DSP0274 §10.3).
        await CloseAllSessionsAsync();
        return HandleGetVersion(request.Span, response.Span);
    }

    private int HandleGetVersion(ReadOnlySpan<byte> request, Span<byte> response)
    {
        _a.Reset();
        _m.Reset();
        _l.Reset();
        _state = ConnectionState.NotStarted;
        _version = 0;
        _peerFlags = SpdmCapabilityFlags.None;
        if (GetVersion.TryReadRequest(request) != WireStatus.Done)
        {
            return Error(response, SpdmErrorCode.InvalidRequest, 0);
        }

        var versions = new byte[_options.Versions.Count];
        for (var i = 0; i < versions.Length; i++)
        {
            versions[i] = _options.Versions[i];
        }

        if (!GetVersion.TryWriteResponse(response, versions, out var n))
        {
            return Error(response, SpdmErrorCode.ResponseTooLarge, 0);
        }

        _a.Append(request[..GetVersion.RequestSize]);
        _a.Append(response[..n]);
        _state = ConnectionState.AfterVersion;
        return n;
    }

    private int HandleGetCapabilities(ReadOnlySpan<byte> request, Span<byte> response)
    {
        if (_state != ConnectionState.AfterVersion)
        {
            return Error(response, SpdmErrorCode.UnexpectedRequest, 0);
        }

        var requested = request.Length >= 1 ? request[0] : (byte)0;
        if (!_options.Versions.Contains(requested))
        {
            return Error(response, SpdmErrorCode.VersionMismatch, 0);
        }

        // From here the request's version is one we speak, so an ERROR carries it (DSP0274 §10.4).
        if (GetCapabilities.TryRead(request, SpdmCode.GetCapabilities, out var caps, out var length) != WireStatus.Done)
        {
            return Error(response, requested, SpdmErrorCode.InvalidRequest, 0);
        }

        // DSP0274 §10.4: DataTransferSize at least MinDataTransferSize and at most MaxSPDMmsgSize,
        // and equal to it when the requester cannot chunk (CHUNK_CAP clear, 1.2 and later).
        var sizes = requested >= SpdmVersion.V12 &&
            (caps.DataTransferSize < GetCapabilities.MinDataTransferSize || caps.DataTransferSize > caps.MaxSpdmMessageSize ||
             ((caps.Flags & SpdmCapabilityFlags.Chunk) == 0 && caps.DataTransferSize != caps.MaxSpdmMessageSize));
        if (sizes || caps.CtExponent > 31 || !CapabilityFlagsAreConsistent(caps.Flags))
        {
            return Error(response, requested, SpdmErrorCode.InvalidRequest, 0);
        }

        _version = requested;
        _peerFlags = caps.Flags;
        var answer = new GetCapabilities(_version, _options.CtExponent, AdvertisedFlags, _options.DataTransferSize, _options.DataTransferSize);
        if (!answer.TryWrite(response, SpdmCode.Capabilities, out var n))
        {
            return Error(response, SpdmErrorCode.ResponseTooLarge, 0);
        }

        _a.Append(request[..length]);
        _a.Append(response[..n]);
        _state = ConnectionState.AfterCapabilities;
        return n;
    }

    /// <summary>Requester flag rules of DSP0274 Table 11 that a malformed request breaks.</summary>
    private static bool CapabilityFlagsAreConsistent(SpdmCapabilityFlags flags)
    {
        var psk = flags & (SpdmCapabilityFlags.Psk | SpdmCapabilityFlags.PskWithContext);
        if (psk == (SpdmCapabilityFlags.Psk | SpdmCapabilityFlags.PskWithContext))
        {
            return false;
        }

        var sessions = (flags & (SpdmCapabilityFlags.KeyEx | SpdmCapabilityFlags.Psk | SpdmCapabilityFlags.PskWithContext)) != 0;
        var protection = (flags & (SpdmCapabilityFlags.Encrypt | SpdmCapabilityFlags.Mac)) != 0;
        return sessions == protection;
    }

    private int HandleNegotiateAlgorithms(ReadOnlySpan<byte> request, Span<byte> response)
    {
        if (_state != ConnectionState.AfterCapabilities)
        {
            return Error(response, SpdmErrorCode.UnexpectedRequest, 0);
        }

        if (NegotiateAlgorithms.TryRead(request, response: false, out var offer) != WireStatus.Done)
        {
            return Error(response, SpdmErrorCode.InvalidRequest, 0);
        }

        var sessions = PeerSupports(SpdmCapabilityFlags.KeyEx) || PeerSupports(SpdmCapabilityFlags.Psk);
        var dheMissing = PeerSupports(SpdmCapabilityFlags.KeyEx) && (offer.Dhe & SpdmDheGroup.Secp384r1) == 0;
        var sessionAlgorithmsMissing = (offer.Aead & SpdmAeadSuite.Aes256Gcm) == 0 || (offer.KeySchedule & SpdmKeyScheduleAlgo.Spdm) == 0;
        // Both sides claim MUT_AUTH_CAP: a requester signing algorithm must be agreed (DSP0274 §10.5;
        // libspdm refuses the same way), and Rampart verifies ECDSA P-384 only (decision 0277).
        var mutualAuthentication = Supports(SpdmCapabilityFlags.MutAuth) && PeerSupports(SpdmCapabilityFlags.MutAuth);
        var requesterAsymMissing = mutualAuthentication && (offer.ReqBaseAsym & SpdmBaseAsymAlgo.EcdsaP384) == 0;
        if ((offer.BaseAsym & SpdmBaseAsymAlgo.EcdsaP384) == 0 || (offer.BaseHash & SpdmBaseHashAlgo.Sha384) == 0 ||
            (sessions && (dheMissing || sessionAlgorithmsMissing)) || requesterAsymMissing)
        {
            // Nothing Rampart can speak was offered: refuse cleanly.
            return Error(response, SpdmErrorCode.InvalidRequest, 0);
        }

        _measurementsNegotiated = (offer.MeasurementSpecification & SpdmMeasurementSpecification.Dmtf) != 0;
        var selected = new NegotiateAlgorithms
        {
            Version = _version,
            MeasurementSpecification = _measurementsNegotiated ? SpdmMeasurementSpecification.Dmtf : SpdmMeasurementSpecification.None,
            OtherParams = (byte)(offer.OtherParams & 0x02),
            MeasurementHash = _measurementsNegotiated ? SpdmMeasurementHashAlgo.Sha384 : SpdmMeasurementHashAlgo.None,
            BaseAsym = SpdmBaseAsymAlgo.EcdsaP384,
            BaseHash = SpdmBaseHashAlgo.Sha384,
            Dhe = (offer.Dhe & SpdmDheGroup.Secp384r1) != 0 ? SpdmDheGroup.Secp384r1 : SpdmDheGroup.None,
            Aead = (offer.Aead & SpdmAeadSuite.Aes256Gcm) != 0 ? SpdmAeadSuite.Aes256Gcm : SpdmAeadSuite.None,
            // DSP0274 §10.5: the requester's signing algorithm is selected only by a responder that
            // may ask for mutual authentication (MUT_AUTH_CAP: only when told whom to trust).
            ReqBaseAsym = mutualAuthentication ? SpdmBaseAsymAlgo.EcdsaP384 : SpdmBaseAsymAlgo.None,
            KeySchedule = (offer.KeySchedule & SpdmKeyScheduleAlgo.Spdm) != 0 ? SpdmKeyScheduleAlgo.Spdm : SpdmKeyScheduleAlgo.None,
        };
        if (!selected.TryWrite(response, response: true, out var n))
        {
            return Error(response, SpdmErrorCode.ResponseTooLarge, 0);
        }

        _a.Append(request[..offer.Length]);
        _a.Append(response[..n]);
        _state = ConnectionState.Negotiated;
        return n;
    }
}
