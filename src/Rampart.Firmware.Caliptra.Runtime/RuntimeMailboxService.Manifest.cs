using System.Security.Cryptography;
using Rampart.Hal.Crypto;
using Rampart.Hal.Security;
using Rampart.Images;
using Rampart.Images.Manifest;
using Rampart.Images.Signing;
using Rampart.Protocols.Caliptra;
using Rampart.Wire;

namespace Rampart.Firmware.Caliptra.Runtime;

/// <summary>SET/VERIFY_AUTH_MANIFEST, AUTHORIZE_AND_STASH, GET_IMAGE_INFO, ACTIVATE_FIRMWARE.</summary>
public sealed partial class RuntimeMailboxService
{
    /// <summary>The largest image AUTHORIZE_AND_STASH hashes from memory.</summary>
    public const int MaxAuthorizedImageSize = 16 * 1024 * 1024;

    private readonly HashSet<uint> _authorized = [];
    private byte[]? _manifest;

    /// <summary>The installed SoC manifest (null before one is installed).</summary>
    public ReadOnlyMemory<byte>? InstalledManifest => _manifest;

    /// <summary>True when <paramref name="fwId"/> has been authorized since the manifest was installed.</summary>
    public bool IsAuthorized(uint fwId) => _authorized.Contains(fwId);

    /// <summary>Verifies a SoC manifest against the bundle's keys and the SVN fuses.</summary>
    public ImageVerdict VerifyManifest(ReadOnlySpan<byte> manifest)
    {
        var bundle = _handoff.Bundle;
        var fuses = _hardware.Fuses;
        if (fuses.ReadSocManifestSvn(out var minimum) != FuseStatus.Ok || fuses.IsAntiRollbackDisabled(out var disabled) != FuseStatus.Ok)
        {
            return ImageVerdict.ManifestSvnRollback;
        }

        var trust = new SocManifestTrust(
            new HybridPublicKeys(bundle.VendorEccPublicKey, bundle.PqcKeyType, bundle.VendorPqcPublicKey),
            new HybridPublicKeys(bundle.OwnerEccPublicKey, bundle.PqcKeyType, bundle.OwnerPqcPublicKey),
            (uint)minimum,
            disabled);
        return SocManifestVerifier.Verify(_hardware.Crypto, manifest, trust);
    }

    /// <summary>Installs a verified manifest and measures it (the streaming boot and SET_AUTH_MANIFEST).</summary>
    public void InstallManifest(ReadOnlySpan<byte> manifest)
    {
        _manifest = manifest.ToArray();
        _authorized.Clear();
        Span<byte> digest = stackalloc byte[48];
        _hardware.Crypto.Sha.Hash(ShaAlgorithm.Sha384, manifest, digest);
        _hardware.Pcrs.Extend(MeasurementPcr, SocManifestEvent, digest);
    }

    /// <summary>Records an authorization done outside the mailbox (the MCU runtime at boot).</summary>
    public void MarkAuthorized(uint fwId) => _authorized.Add(fwId);

    private bool SetAuthManifest(ReadOnlySpan<byte> request, bool install, Span<byte> response, out int written)
    {
        written = 0;
        if (AuthManifestRequest.TryRead(request, out var parsed) != WireStatus.Done || parsed is null)
        {
            return false;
        }

        var verdict = VerifyManifest(parsed.Manifest.Span);
        Trace(install ? "mailbox.set-auth-manifest" : "mailbox.verify-auth-manifest", verdict.ToString());
        if (verdict != ImageVerdict.Verified)
        {
            return false;
        }

        if (install)
        {
            InstallManifest(parsed.Manifest.Span);
        }

        return Protocols.Caliptra.MailboxHeaders.TryWriteEmptyResponse(response, out written);
    }

    private bool TryFindEntry(uint fwId, out ImageMetadataEntry? entry)
    {
        entry = null;
        return _manifest is not null && SocManifest.TryFindEntry(_manifest, fwId, out var raw)
            && ImageMetadataEntry.TryRead(raw, out entry) == WireStatus.Done && entry is not null;
    }

    private bool AuthorizeAndStash(ReadOnlySpan<byte> request, Span<byte> response, out int written)
    {
        written = 0;
        if (AuthorizeAndStashRequest.TryRead(request, out var parsed) != WireStatus.Done || parsed is null)
        {
            return false;
        }

        if (!TryFindEntry(parsed.FwId, out var entry) || entry is null)
        {
            Trace("mailbox.authorize", $"fw_id {parsed.FwId}: not in manifest");
            return new AuthorizeAndStashResponse(AuthorizationResult.NotAuthorized).TryWrite(response, out written);
        }

        Span<byte> digest = stackalloc byte[48];
        switch (parsed.Source)
        {
            case ImageHashSource.InRequest:
                parsed.Measurement.Span.CopyTo(digest);
                break;
            case ImageHashSource.LoadAddress or ImageHashSource.StagingAddress:
                {
                    if (parsed.ImageSize > MaxAuthorizedImageSize)
                    {
                        return false;
                    }

                    var address = parsed.Source == ImageHashSource.LoadAddress ? entry.LoadAddress : entry.StagingAddress;
                    var image = new byte[parsed.ImageSize];
                    if (!_hardware.Bus.TryRead(address, image))
                    {
                        return false;
                    }

                    _hardware.Crypto.Sha.Hash(ShaAlgorithm.Sha384, image, digest);
                    break;
                }

            default:
                return false;
        }

        var matches = entry.IgnoreAuthCheck || CryptographicOperations.FixedTimeEquals(digest, entry.Digest.Span);
        if (!matches)
        {
            Trace("mailbox.authorize", $"fw_id {parsed.FwId}: digest mismatch");
            return new AuthorizeAndStashResponse(AuthorizationResult.HashMismatch).TryWrite(response, out written);
        }

        if ((parsed.Flags & AuthorizeAndStashRequest.SkipStash) == 0)
        {
            MeasureAuthorized(parsed.FwId, digest);
        }

        _authorized.Add(parsed.FwId);
        _hardware.Mci.TrySetExecutionControl(entry.ExecBit, true);
        Trace("mailbox.authorize", $"fw_id {parsed.FwId}: authorized, FW_EXEC_CTRL[{entry.ExecBit}] set");
        return new AuthorizeAndStashResponse(AuthorizationResult.Authorized).TryWrite(response, out written);
    }

    private bool GetImageInfo(ReadOnlySpan<byte> request, Span<byte> response, out int written)
    {
        written = 0;
        if (GetImageInfoRequest.TryRead(request, out var parsed) != WireStatus.Done || !TryFindEntry(parsed.FwId, out var entry) || entry is null)
        {
            return false;
        }

        return new GetImageInfoResponse(entry.ComponentId, entry.Flags, entry.LoadAddress, entry.StagingAddress, entry.Digest).TryWrite(response, out written);
    }

    private bool ActivateFirmware(ReadOnlySpan<byte> request, Span<byte> response, out int written)
    {
        written = 0;
        if (ActivateFirmwareRequest.TryRead(request, out var parsed) != WireStatus.Done || parsed is null || parsed.McuImageSize != 0)
        {
            return false;
        }

        var bits = new List<int>();
        foreach (var fwId in parsed.FwIds)
        {
            if (!_authorized.Contains(fwId) || !TryFindEntry(fwId, out var entry) || entry is null)
            {
                Trace("mailbox.activate", $"fw_id {fwId}: not authorized");
                return false;
            }

            if (fwId != CaliptraSubsystem.McuRuntimeFwId)
            {
                bits.Add(entry.ExecBit);
            }
        }

        foreach (var bit in bits)
        {
            _hardware.Mci.TrySetExecutionControl(bit, true);
        }

        return Protocols.Caliptra.MailboxHeaders.TryWriteEmptyResponse(response, out written);
    }

    /// <summary>Extends the measurement PCR with an authorized image: event data fw_id (u32 LE) || SHA-384.</summary>
    internal void MeasureAuthorized(uint fwId, ReadOnlySpan<byte> digest)
    {
        Span<byte> data = stackalloc byte[4 + 48];
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32LittleEndian(data, fwId);
        digest[..48].CopyTo(data[4..]);
        _hardware.Pcrs.Extend(MeasurementPcr, Identity.Evidence.MeasurementEvents.AuthorizedImage, data);
    }
}
