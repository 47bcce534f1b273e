using Rampart.Hal.Boot;
using Rampart.Hal.CoreControl;
using Rampart.Hal.Security;
using Rampart.Identity.Dice;
using Rampart.Identity.Evidence;
using Rampart.Identity.X509;
using Rampart.Images.Bundle;
using Rampart.Wire;

namespace Rampart.Firmware.Caliptra.Fmc;

/// <summary>
/// Caliptra's first mutable code (FMC), loaded by the ROM from verified bytes: it measures the
/// runtime into PCR2 (current) and PCR3 (journey), derives the RT alias layer from the FMC alias
/// CDI and the runtime and manifest digests, certifies it with the FMC alias key, erases its own
/// CDI and returns the runtime's verified bytes with the handoff.
/// </summary>
public sealed class CaliptraFmc : ICaliptraStage
{
    private const string Source = "caliptra.fmc";

    /// <summary>Errors of the FMC (MCI firmware-fatal values).</summary>
    public enum FmcError : uint
    {
        /// <summary>The ROM's handoff is malformed or incomplete.</summary>
        BadHandoff = 0x0300_0001,

        /// <summary>The PCR bank refused an extend.</summary>
        MeasurementFailed = 0x0300_0002,

        /// <summary>The key vault refused the RT alias derivation.</summary>
        DiceDerivationFailed = 0x0300_0003,
    }

    /// <inheritdoc/>
    public Task<StageExit> RunAsync(ICaliptraHardware hardware, ReadOnlyMemory<byte> handoff)
    {
        ArgumentNullException.ThrowIfNull(hardware);
        hardware.Trace.Record(Source, "stage", "FMC started");
        return Task.FromResult(Run(hardware, handoff.Span));
    }

    private static StageExit Run(ICaliptraHardware hardware, ReadOnlySpan<byte> handoffBytes)
    {
        var sha = hardware.Crypto.Sha;
        if (!HandoffTable.TryRead(handoffBytes, out var table)
            || !LayerHandoff.TryRead(table!, DiceLayer.FmcAlias, hardware.KeyVault, sha, out var fmcAlias, out var freeSlots)
            || !table!.TryGet(HandoffTags.FirmwareBundle, out var bundleBytes)
            || FirmwareBundle.TryRead(bundleBytes.Span, out var bundle) != WireStatus.Done
            || !table.TryGet(HandoffTags.RuntimeDigest, out var runtimeDigest) || runtimeDigest.Length != FmcMeasurement.DigestSize
            || !table.TryGet(HandoffTags.ManifestDigest, out var manifestDigest) || manifestDigest.Length != FmcMeasurement.DigestSize
            || !table.TryGet(HandoffTags.Ueid, out var ueid))
        {
            return Halt(hardware, FmcError.BadHandoff, "the ROM's handoff is malformed");
        }

        foreach (var index in new[] { 2, 3 })
        {
            if (hardware.Pcrs.Extend(index, MeasurementEvents.RuntimeDigest, runtimeDigest.Span) != PcrStatus.Ok
                || hardware.Pcrs.Extend(index, MeasurementEvents.ManifestDigest, manifestDigest.Span) != PcrStatus.Ok)
            {
                return Halt(hardware, FmcError.MeasurementFailed, "the PCR bank refused PCR2/PCR3");
            }
        }

        var production = hardware.Lifecycle.State is LifecycleState.Production or LifecycleState.ProdEnd;
        var flags = DiceCertificates.Flags(hardware.Lifecycle.Debug == DebugState.Unlocked, production);
        var source = new VaultDiceKeySource(hardware.KeyVault, sha, freeSlots);
        DiceLayerKeys rtAlias;
        try
        {
            rtAlias = DiceDerivation.DeriveRtAlias(source, fmcAlias!, runtimeDigest.Span, manifestDigest.Span);
            var tcb = DiceCertificates.RtAliasTcbInfo(bundle!.Header.Svn, runtimeDigest.Span, manifestDigest.Span, flags);
            foreach (var (tag, algorithm) in new[] { (HandoffTags.RtAliasEccCert, DiceKeyAlgorithm.EccP384), (HandoffTags.RtAliasMlDsaCert, DiceKeyAlgorithm.MlDsa87) })
            {
                var issuer = fmcAlias!.For(algorithm);
                table.Set(tag, DiceCertificates.Issue(sha, DiceLayer.RtAlias, rtAlias.For(algorithm), issuer, DiceCertificates.SubjectName(sha, DiceLayer.FmcAlias, issuer), ueid.Span, tcb));
            }

            source.Erase(fmcAlias!.Cdi);
        }
        catch (DiceKeySourceException e)
        {
            return Halt(hardware, FmcError.DiceDerivationFailed, e.Message);
        }

        LayerHandoff.Write(table, rtAlias, hardware.KeyVault);
        hardware.Trace.Record(Source, "dice", "RT alias derived from the runtime and manifest digests and certified");
        return StageExit.Launch(bundle.RuntimeImage, table.ToArray(), "jump to runtime");
    }

    private static StageExit Halt(ICaliptraHardware hardware, FmcError error, string message)
    {
        hardware.Mci.ReportFirmwareError(fatal: true, (uint)error);
        hardware.Trace.Record(Source, "halt", message);
        return StageExit.Halt((uint)error, message);
    }
}
