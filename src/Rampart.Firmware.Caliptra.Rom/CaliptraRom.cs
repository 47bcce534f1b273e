using System.Buffers.Binary;
using Rampart.Hal.Boot;
using Rampart.Hal.CoreControl;
using Rampart.Hal.Crypto;
using Rampart.Hal.Peripherals;
using Rampart.Hal.Security;
using Rampart.Identity.Dice;
using Rampart.Identity.Evidence;
using Rampart.Identity.X509;
using Rampart.Images;
using Rampart.Images.Bundle;
using Rampart.Protocols.Caliptra;
using Rampart.Protocols.Recovery;
using Rampart.Wire;
using Rampart.Wire.Recovery;

namespace Rampart.Firmware.Caliptra.Rom;

/// <summary>
/// The Caliptra ROM (cold boot), compiled into the chip: known-answer self-tests of every engine,
/// fuse intake once the MCU ROM has handed the fuses over, IDevID and LDevID from the UDS and
/// field entropy in the key vault, then RI_DOWNLOAD_FIRMWARE: the FMC+runtime bundle arrives as
/// recovery image 0, is verified with every image rule against the fuses, measured into PCR0/1,
/// the FMC alias layer is derived and certified, and the ROM returns the FMC's verified bytes to
/// the core runner with a handoff table. Any failure halts with a named error, sets the recovery
/// statuses the spec gives and the MCI fatal error register.
/// </summary>
public static class CaliptraRom
{
    /// <summary>Largest bundle the ROM accepts (the size of its staging SRAM).</summary>
    public const int MaxBundleBytes = 8 * 1024 * 1024;

    /// <summary>Recovery image index of the FMC+runtime bundle.</summary>
    public const byte BundleImageIndex = 0;

    private const string Source = "caliptra.rom";
    private static readonly KeySlotId UdsSlot = new(0);
    private static readonly KeySlotId FieldEntropySlot = new(1);

    /// <summary>Runs the ROM to the FMC jump (or a halt).</summary>
    public static async Task<StageExit> RunAsync(ICaliptraHardware hardware)
    {
        ArgumentNullException.ThrowIfNull(hardware);
        var trace = hardware.Trace;
        trace.Record(Source, "stage", "cold boot");
        var kat = RunKnownAnswerTests(hardware.Crypto);
        if (kat is not null)
        {
            return Halt(hardware, (uint)RomError.KnownAnswerTestFailed, "known-answer test failed: " + kat);
        }

        trace.Record(Source, "kat", "all engines passed");
        await hardware.WaitForFuseHandoff();
        if (!RomFuses.TryRead(hardware.Fuses, out var fuses, out var fuseFailure))
        {
            return Halt(hardware, (uint)RomError.FuseReadFailed, fuseFailure);
        }

        var ueidSource = DeviceUeid.IsProgrammed(fuses.Ueid) ? "UEID fused" : "UEID not fused (derived from the IDevID key)";
        trace.Record(Source, "fuses", $"vendor key hash fused, PQC {fuses.Image.PqcKeyType}, min SVN {fuses.Image.MinimumSvn}, {ueidSource}");
        if (hardware.Fuses.LoadSecret(FusePartition.UdsSeed, hardware.KeyVault, UdsSlot, KeyUsage.Derive) != FuseStatus.Ok
            || hardware.Fuses.LoadSecret(FusePartition.FieldEntropy, hardware.KeyVault, FieldEntropySlot, KeyUsage.Derive) != FuseStatus.Ok)
        {
            return Halt(hardware, (uint)RomError.SecretLoadFailed, "the fuse controller refused to load the UDS or field entropy");
        }

        var sha = hardware.Crypto.Sha;
        var source = new VaultDiceKeySource(hardware.KeyVault, sha, SlotsFrom(2));
        DiceLayerKeys idev;
        DiceLayerKeys ldev;
        byte[] ueid;
        var flags = DiceCertificates.Flags(hardware.Lifecycle.Debug == DebugState.Unlocked, IsProduction(hardware.Lifecycle.State));
        var handoff = new HandoffTable();
        try
        {
            idev = DiceDerivation.DeriveIdevId(source, VaultDiceKeySource.Adopt(UdsSlot));
            ldev = DiceDerivation.DeriveLdevId(source, idev, VaultDiceKeySource.Adopt(FieldEntropySlot));
            ueid = DeviceUeid.Resolve(sha, fuses.Ueid, idev.Ecc);
        }
        catch (DiceKeySourceException e)
        {
            return Halt(hardware, (uint)RomError.DiceDerivationFailed, e.Message);
        }

        var provisioned = ReadProvisioning(hardware.Bus);
        if (provisioned is null)
        {
            return Halt(hardware, (uint)RomError.ProvisioningDataMissing, "no IDevID certificates in the provisioning region");
        }

        foreach (var (tag, key) in new[] { (HandoffTags.IdevIdEccCert, idev.Ecc), (HandoffTags.IdevIdMlDsaCert, idev.MlDsa) })
        {
            if (!provisioned.TryGet(tag, out var der) || ParsedCertificate.TryParse(der, out var parsed) != WireStatus.Done
                || !parsed!.PublicKey.Span.SequenceEqual(key.PublicKey))
            {
                return Halt(hardware, (uint)RomError.IdevIdCertificateMismatch, "the provisioned IDevID certificate does not certify this chip's key");
            }

            if (!parsed.Ueid.Span.SequenceEqual(ueid))
            {
                return Halt(hardware, (uint)RomError.IdevIdCertificateMismatch, $"the provisioned IDevID certificate names UEID {Convert.ToHexStringLower(parsed.Ueid.Span)}, the fuses give {Convert.ToHexStringLower(ueid)}");
            }

            handoff.Set(tag, der.Span);
        }

        CopyIfPresent(provisioned, handoff, HandoffTags.CaEccCert);
        CopyIfPresent(provisioned, handoff, HandoffTags.CaMlDsaCert);
        handoff.Set(HandoffTags.Ueid, ueid);
        handoff.Set(HandoffTags.LdevIdEccCert, Certify(sha, DiceLayer.LdevId, ldev, idev, DiceKeyAlgorithm.EccP384, ueid, DiceCertificates.LdevIdTcbInfo(flags)));
        handoff.Set(HandoffTags.LdevIdMlDsaCert, Certify(sha, DiceLayer.LdevId, ldev, idev, DiceKeyAlgorithm.MlDsa87, ueid, DiceCertificates.LdevIdTcbInfo(flags)));
        trace.Record(Source, "dice", "IDevID and LDevID derived; LDevID certified");

        // RI_DOWNLOAD_FIRMWARE from the MCU ROM starts the streaming boot.
        var command = await WaitForDownloadCommand(hardware.Mailbox);
        if (command is not null)
        {
            return Halt(hardware, (uint)RomError.UnexpectedMailboxCommand, command);
        }

        trace.Record(Source, "mailbox", "RI_DOWNLOAD_FIRMWARE");
        var receiver = new RecoveryImageReceiver(hardware.Recovery, hardware.Timer);
        var received = await receiver.ReceiveAsync(BundleImageIndex, MaxBundleBytes);
        if (received.Status != RecoveryReceiveStatus.Received)
        {
            receiver.ReportFailure(BundleImageIndex, RecoveryStatusCode.Failed);
            return Halt(hardware, (uint)RomError.RecoveryTransferFailed, $"image 0: {received.Status} ({received.Detail})");
        }

        var bundleBytes = received.Image;
        trace.Record(Source, "image", $"image 0 received: {bundleBytes.Length} bytes");
        var verdict = FirmwareBundleVerifier.Verify(hardware.Crypto, bundleBytes.Span, fuses.Image);
        if (verdict != ImageVerdict.Verified)
        {
            receiver.ReportFailure(BundleImageIndex, RecoveryStatusCode.AuthenticationError);
            return Halt(hardware, (uint)verdict, $"image 0 refused: {verdict} (0x{(uint)verdict:X8})");
        }

        if (FirmwareBundle.TryRead(bundleBytes.Span, out var bundle) != WireStatus.Done || bundle is null)
        {
            receiver.ReportFailure(BundleImageIndex, RecoveryStatusCode.AuthenticationError);
            return Halt(hardware, (uint)ImageVerdict.BundleTruncated, "image 0 verified but does not decode");
        }

        trace.Record(Source, "verify", $"image 0 verified (SVN {bundle.Header.Svn})");
        var fmc = new FmcMeasurement(
            Lifecycle: (byte)hardware.Lifecycle.State,
            DebugLocked: (byte)(hardware.Lifecycle.Debug == DebugState.Locked ? 1 : 0),
            AntiRollbackDisable: (byte)(fuses.Image.AntiRollbackDisabled ? 1 : 0),
            VendorEccKeyIndex: (byte)bundle.VendorEccKeyIndex,
            FirmwareSvn: (byte)bundle.Header.Svn,
            FuseSvn: (byte)fuses.Image.MinimumSvn,
            VendorPqcKeyIndex: (byte)bundle.VendorPqcKeyIndex,
            PqcKeyType: (byte)bundle.PqcKeyType,
            OwnerKeyHashFromFuses: (byte)(fuses.Image.OwnerHashProvisioned ? 1 : 0),
            VendorKeyHash: fuses.Image.VendorPublicKeyHash,
            OwnerKeyHash: ComputeOwnerHash(sha, bundleBytes.Span),
            FmcDigest: bundle.Fmc.Digest);
        Span<byte> pcr0 = stackalloc byte[FmcMeasurement.DigestSize];
        fmc.ComputePcr0(sha, pcr0);
        if (!Measure(hardware.Pcrs, fmc))
        {
            return Halt(hardware, (uint)RomError.MeasurementFailed, "the PCR bank refused PCR0/PCR1");
        }

        DiceLayerKeys fmcAlias;
        try
        {
            fmcAlias = DiceDerivation.DeriveFmcAlias(source, ldev, pcr0);
            var tcb = DiceCertificates.FmcAliasTcbInfo(fmc, pcr0, flags);
            handoff.Set(HandoffTags.FmcAliasEccCert, Certify(sha, DiceLayer.FmcAlias, fmcAlias, ldev, DiceKeyAlgorithm.EccP384, ueid, tcb));
            handoff.Set(HandoffTags.FmcAliasMlDsaCert, Certify(sha, DiceLayer.FmcAlias, fmcAlias, ldev, DiceKeyAlgorithm.MlDsa87, ueid, tcb));
            source.Erase(idev.Cdi);
            source.Erase(ldev.Cdi);
        }
        catch (DiceKeySourceException e)
        {
            return Halt(hardware, (uint)RomError.DiceDerivationFailed, e.Message);
        }

        trace.Record(Source, "dice", "FMC alias derived from PCR0 and certified by LDevID");
        receiver.ReportSuccess(BundleImageIndex, lastImage: false);
        Span<byte> manifestDigest = stackalloc byte[FmcMeasurement.DigestSize];
        sha.Hash(ShaAlgorithm.Sha384, bundleBytes.Span.Slice(BundleLayout.HeaderOffset, BundleLayout.HeaderSize), manifestDigest);
        handoff.Set(HandoffTags.FirmwareBundle, bundleBytes.Span)
            .Set(HandoffTags.FmcDigest, bundle.Fmc.Digest.Span)
            .Set(HandoffTags.RuntimeDigest, bundle.Runtime.Digest.Span)
            .Set(HandoffTags.ManifestDigest, manifestDigest)
            .SetU32(HandoffTags.FirmwareSvn, bundle.Header.Svn);
        LayerHandoff.Write(handoff, fmcAlias, hardware.KeyVault);
        return StageExit.Launch(bundle.FmcImage, handoff.ToArray(), "jump to FMC");
    }

    /// <summary>Runs every engine's known-answer test; the first failure's name, or null.</summary>
    public static string? RunKnownAnswerTests(ICryptoEngines engines)
    {
        ArgumentNullException.ThrowIfNull(engines);
        foreach (IKnownAnswerTest engine in new IKnownAnswerTest[] { engines.Sha, engines.Hmac, engines.Kdf, engines.Drbg, engines.Ecc, engines.AesGcm, engines.MlDsa, engines.MlKem, engines.Lms })
        {
            var result = engine.RunKnownAnswerTest();
            if (result.Verdict != Verdict.Valid)
            {
                return result.Engine + ": " + result.Failure;
            }
        }

        return null;
    }

    private static StageExit Halt(ICaliptraHardware hardware, uint error, string message)
    {
        hardware.Mci.ReportFirmwareError(fatal: true, error);
        hardware.Trace.Record(Source, "halt", message);
        return StageExit.Halt(error, message);
    }

    private static bool IsProduction(LifecycleState state) => state is LifecycleState.Production or LifecycleState.ProdEnd;

    private static IEnumerable<KeySlotId> SlotsFrom(int first) => Enumerable.Range(first, KeySlotId.Count - first).Select(i => new KeySlotId((byte)i));

    private static async ValueTask<string?> WaitForDownloadCommand(IMailboxResponder mailbox)
    {
        while (true)
        {
            await mailbox.WaitForCommand();
            if (!mailbox.TryPeekCommand(out var command, out var length))
            {
                continue;
            }

            var request = new byte[Math.Min(length, 256)];
            var read = mailbox.ReadRequest(request);
            if (command == (uint)CaliptraCommand.RiDownloadFirmware && MailboxChecksum.VerifyRequest(command, request.AsSpan(0, read)))
            {
                mailbox.TryComplete(MailboxCommandStatus.Complete);
                return null;
            }

            // The ROM serves nothing else: refuse and keep waiting for the download command.
            mailbox.TryComplete(MailboxCommandStatus.Failure);
        }
    }

    private static HandoffTable? ReadProvisioning(IMemoryBus bus)
    {
        Span<byte> header = stackalloc byte[4];
        if (!bus.TryRead(SocMemoryMap.ProvisioningBase, header))
        {
            return null;
        }

        var length = BinaryPrimitives.ReadUInt32LittleEndian(header);
        if (length == 0 || length > SocMemoryMap.ProvisioningSize - 4)
        {
            return null;
        }

        var bytes = new byte[length];
        return bus.TryRead(SocMemoryMap.ProvisioningBase + 4, bytes) && HandoffTable.TryRead(bytes, out var table) ? table : null;
    }

    private static void CopyIfPresent(HandoffTable from, HandoffTable to, ushort tag)
    {
        if (from.TryGet(tag, out var value))
        {
            to.Set(tag, value.Span);
        }
    }

    private static byte[] Certify(IShaEngine sha, DiceLayer layer, DiceLayerKeys subject, DiceLayerKeys issuer, DiceKeyAlgorithm algorithm, byte[] ueid, DiceTcbInfo tcb) =>
        DiceCertificates.Issue(sha, layer, subject.For(algorithm), issuer.For(algorithm), DiceCertificates.SubjectName(sha, issuer.Layer, issuer.For(algorithm)), ueid, tcb);

    private static byte[] ComputeOwnerHash(IShaEngine sha, ReadOnlySpan<byte> bundle)
    {
        var hash = new byte[FmcMeasurement.DigestSize];
        FirmwareBundleVerifier.TryComputeOwnerPublicKeyHash(sha, bundle, hash);
        return hash;
    }

    /// <summary>PCR0 (current) and PCR1 (journey) get the same four extends the FMC alias CDI is bound to.</summary>
    private static bool Measure(IPcrBank pcrs, FmcMeasurement fmc)
    {
        Span<byte> state = stackalloc byte[FmcMeasurement.DeviceStateSize];
        fmc.WriteDeviceState(state);
        foreach (var index in new[] { 0, 1 })
        {
            if (pcrs.Extend(index, MeasurementEvents.DeviceState, state) != PcrStatus.Ok
                || pcrs.Extend(index, MeasurementEvents.VendorKeyHash, fmc.VendorKeyHash.Span) != PcrStatus.Ok
                || pcrs.Extend(index, MeasurementEvents.OwnerKeyHash, fmc.OwnerKeyHash.Span) != PcrStatus.Ok
                || pcrs.Extend(index, MeasurementEvents.FmcDigest, fmc.FmcDigest.Span) != PcrStatus.Ok)
            {
                return false;
            }
        }

        return pcrs.Lock(0) == PcrStatus.Ok;
    }
}
