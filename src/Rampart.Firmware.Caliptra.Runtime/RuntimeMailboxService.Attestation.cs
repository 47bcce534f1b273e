using Rampart.Hal.Crypto;
using Rampart.Hal.Security;
using Rampart.Protocols.Caliptra;
using Rampart.Wire;

namespace Rampart.Firmware.Caliptra.Runtime;

/// <summary>GET_*_CERT, QUOTE_PCRS_ECC384, EXTEND_PCR, STASH_MEASUREMENT, FW_INFO.</summary>
public sealed partial class RuntimeMailboxService
{
    /// <summary>The lowest PCR EXTEND_PCR may touch (PCR0–3 belong to ROM and FMC).</summary>
    public const int FirstExtendablePcr = 4;

    private bool Certificate(ushort tag, ReadOnlySpan<byte> request, Span<byte> response, out int written)
    {
        written = 0;
        return request.Length == Protocols.Caliptra.MailboxHeaders.RequestHeaderSize
            && _handoff.Table.TryGet(tag, out var der) && !der.IsEmpty
            && new VariableDataResponse(der).TryWrite(response, out written);
    }

    private bool QuotePcrs(ReadOnlySpan<byte> request, Span<byte> response, out int written)
    {
        written = 0;
        if (QuotePcrsRequest.TryRead(request, out var parsed) != WireStatus.Done || parsed is null)
        {
            return false;
        }

        var message = new byte[PcrQuoteMessage.Size];
        var signature = new byte[P384.SignatureSize];
        if (_hardware.Pcrs.WriteQuoteMessage(parsed.Nonce.Span, message) != PcrStatus.Ok
            || _hardware.Pcrs.QuoteEcc(parsed.Nonce.Span, _handoff.EccKeySlot, signature, out _) != PcrStatus.Ok)
        {
            return false;
        }

        var digest = new byte[48];
        _hardware.Crypto.Sha.Hash(ShaAlgorithm.Sha384, message, digest);
        return new QuotePcrsResponse(
            message.AsMemory(0, PcrQuoteMessage.NonceOffset), parsed.Nonce, new uint[QuotePcrsResponse.PcrCount], digest, signature)
            .TryWrite(response, out written);
    }

    private bool ExtendPcr(ReadOnlySpan<byte> request, Span<byte> response, out int written)
    {
        written = 0;
        return ExtendPcrRequest.TryRead(request, out var parsed) == WireStatus.Done && parsed is not null
            && parsed.PcrIndex is >= FirstExtendablePcr and < PcrQuoteMessage.PcrCount
            && _hardware.Pcrs.Extend((int)parsed.PcrIndex, 0, parsed.Data.Span) == PcrStatus.Ok
            && Protocols.Caliptra.MailboxHeaders.TryWriteEmptyResponse(response, out written);
    }

    private bool StashMeasurement(ReadOnlySpan<byte> request, Span<byte> response, out int written)
    {
        written = 0;
        return StashMeasurementRequest.TryRead(request, out var parsed) == WireStatus.Done && parsed is not null
            && _hardware.Pcrs.Extend(MeasurementPcr, StashEvent, parsed.Measurement.Span) == PcrStatus.Ok
            && new StashMeasurementResponse(0).TryWrite(response, out written);
    }

    private bool FwInfo(ReadOnlySpan<byte> request, Span<byte> response, out int written)
    {
        written = 0;
        if (request.Length != Protocols.Caliptra.MailboxHeaders.RequestHeaderSize)
        {
            return false;
        }

        var bundle = _handoff.Bundle;
        var manifestDigest = new byte[48];
        uint manifestSvn = 0;
        if (_manifest is not null)
        {
            _hardware.Crypto.Sha.Hash(ShaAlgorithm.Sha384, _manifest, manifestDigest);
            manifestSvn = System.Buffers.Binary.BinaryPrimitives.ReadUInt32LittleEndian(_manifest.AsSpan(Images.Manifest.SocManifestLayout.SvnOffset));
        }

        _hardware.Fuses.ReadRuntimeSvn(out var minFw);
        _hardware.Fuses.ReadSocManifestSvn(out var minManifest);
        return new FwInfoResponse
        {
            FwSvn = _handoff.FirmwareSvn,
            MinFwSvn = (uint)minFw,
            ColdBootFwSvn = _handoff.FirmwareSvn,
            FmcRevision = bundle.Fmc.Revision,
            RuntimeRevision = bundle.Runtime.Revision,
            FmcDigest = _handoff.FmcDigest,
            RuntimeDigest = _handoff.RuntimeDigest,
            AuthManifestDigest = manifestDigest,
            PqcType = (uint)bundle.PqcKeyType,
            VendorEccKeyIndex = bundle.VendorEccKeyIndex,
            VendorPqcKeyIndex = bundle.VendorPqcKeyIndex,
            SocManifestSvn = manifestSvn,
            SocManifestMinSvn = (uint)minManifest,
        }.TryWrite(response, out written);
    }
}
