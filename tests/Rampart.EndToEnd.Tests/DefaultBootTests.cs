using System.Collections.Immutable;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using System.Runtime.Loader;
using Rampart.Chip;
using Rampart.Chip.Boot;
using Rampart.Crypto;
using Rampart.Hal.Boot;
using Rampart.Hal.CoreControl;
using Rampart.Identity.X509;
using Rampart.Images.Bundle;
using Rampart.Wire;
using Rampart.Wire.Mctp;
using Rampart.Wire.Pldm;
using Rampart.Wire.Pldm.Base;
using Rampart.Wire.Pldm.FirmwareUpdate;

namespace Rampart.EndToEnd.Tests;

[Collection("default boot")]
public sealed class DefaultBootTests(BootFixture boot)
{
    private BootResult Result => boot.Result;

    [Fact]
    public void The_default_boot_succeeds_through_every_stage()
    {
        Assert.True(Result.Succeeded, $"{Result.FailedStage}: {Result.Message}");
        Assert.Equal(["rom", "Rampart.Firmware.Caliptra.Fmc", "Rampart.Firmware.Caliptra.Runtime"], Result.Stages.Where(s => s.Core == "caliptra").Select(s => s.Name));
        Assert.Equal(["rom", "Rampart.Firmware.Mcu.Runtime"], Result.Stages.Where(s => s.Core == "mcu").Select(s => s.Name));
        Assert.All(Result.SocImages, image => Assert.True(image.Released, image.Name));
        Assert.Equal(3, Result.Transfers.Count(t => t.Channel == "recovery"));
        Assert.Equal(Result.SocImages.Count, Result.Transfers.Count(t => t.Channel == "pldm"));
    }

    [Fact]
    public void Stage_two_asks_for_the_largest_portion_the_apps_buffer_takes()
    {
        // The MCU's PLDM app asks for 4,091-byte portions: a response of 4,096 bytes (type byte,
        // PLDM header, completion code, data) fills the MCU mux's message limit exactly.
        const int chunk = 4096 - 1 - PldmHeader.Length - 1;
        var requests = new List<RequestFirmwareDataRequest>();
        var largestResponse = 0;
        foreach (var capture in Result.Captures)
        {
            var message = capture.Packet.Span[MctpTransportHeader.Size..];
            if (message.Length < 1 + PldmHeader.Length || message[0] != (byte)MctpMessageType.Pldm
                || PldmHeader.TryRead(message[1..], out var header, out var used) != WireStatus.Done
                || header.Type != PldmType.FirmwareUpdate || header.Command != (byte)FirmwareUpdateCommand.RequestFirmwareData)
            {
                continue;
            }

            if (header.IsRequest)
            {
                Assert.False(capture.FromBmc);
                Assert.Equal(WireStatus.Done, RequestFirmwareDataRequest.TryRead(message[(1 + used)..], out var request, out _));
                requests.Add(request);
            }
            else
            {
                largestResponse = Math.Max(largestResponse, message.Length);
            }
        }

        Assert.Equal(4096, largestResponse);
        Assert.Equal(Result.SocImages.Sum(i => (i.Bytes + chunk - 1) / chunk), requests.Count);
        Assert.All(requests, r => Assert.InRange(r.Length, (uint)RequestFirmwareDataRequest.BaselineTransferSize, (uint)chunk));
        Assert.Equal(Result.SocImages.Sum(i => i.Bytes / chunk), requests.Count(r => r.Length == chunk));
    }

    [Fact]
    public void Without_the_debug_strap_no_session_secret_is_asked_for_or_written()
    {
        // The boot's attestation opened a session; nobody asked for its secret (decision 0276).
        Assert.Empty(boot.Run.Chip!.DebugPort.Records);
        Assert.Equal(0, boot.Run.Chip.DebugPort.Refused);
        Assert.DoesNotContain(Result.Trace, e => e.Kind is "debug-strap" or "cm.ecdh.debug-export");
        Assert.DoesNotContain(Result.Trace, e => e.Kind == "mailbox.failure" && e.Detail.Contains("Export", StringComparison.Ordinal));
    }

    [Fact]
    public void Every_app_loads_from_the_shared_library_image_and_runs()
    {
        // The streamed image stores Rampart.Protocols once; the apps name it (decision 0272).
        Assert.True(FirmwareArchive.TryRead(boot.Run.Images!.McuRuntime, out var runtime));
        Assert.Single(runtime!.Assemblies, e => e.Name == "Rampart.Protocols");
        var apps = runtime.Apps.Select(a => a.Name).ToList();
        Assert.Equal(3, apps.Count);
        Assert.All(runtime.Apps, a => Assert.True(FirmwareArchive.TryRead(a.Bytes, out var app) && app!.LibraryReferences.Any(r => r.Name == "Rampart.Protocols"), a.Name));

        var kernel = Result.Trace.Where(e => e.Source == "mcu.kernel").Select(e => e.Detail).ToList();
        Assert.All(apps, name => Assert.Contains(kernel, d => d.StartsWith(name + ": loaded " + name + " (", StringComparison.Ordinal)));
        Assert.All(apps, name => Assert.Contains(name + ": started", kernel));
        Assert.DoesNotContain(kernel, d => d.Contains("refused", StringComparison.OrdinalIgnoreCase));

        // Each app ran: PLDM released every SoC image, SPDM answered the attestation (VdmTests talk to the VDM app).
        Assert.All(Result.SocImages, image => Assert.True(image.Released, image.Name));
        Assert.Equal("trusted", Result.Attestation?.Verdict);
    }

    [Fact]
    public void The_chain_has_every_dice_layer_and_verifies_to_the_development_ca()
    {
        Assert.Equal(["Manufacturer CA", "IDevID", "LDevID", "FMC alias", "RT alias"], Result.Chain.Select(c => c.Layer));
        using var engines = new SoftwareCryptoEngines(1);
        var verification = ChainVerifier.Verify(engines, Result.Chain.Select(c => (ReadOnlyMemory<byte>)c.Der).ToList(), boot.Run.Provisioned!.CaEccCertificate);
        Assert.True(verification.IsValid, verification.ToString());
    }

    [Fact]
    public void The_soc_images_sit_at_their_load_addresses()
    {
        var chip = boot.Run.Chip!;
        foreach (var image in boot.Run.Images!.SocImages)
        {
            var loaded = new byte[image.Image.Length];
            Assert.True(chip.SocImages.TryRead((long)(image.LoadAddress - SocMemoryMap.SocImageBase), loaded));
            Assert.Equal(image.Image.ToArray(), loaded);
        }
    }

    [Fact]
    public void Pcr0_to_3_and_the_log_hold_the_boot_measurements()
    {
        Assert.Contains(Result.Pcrs, p => p.Index == 0);
        Assert.Contains(Result.Pcrs, p => p.Index == 2);
        Assert.Equal(Result.Pcrs.Single(p => p.Index == 0).Hex, Result.Pcrs.Single(p => p.Index == 1).Hex);
        Assert.Contains(Result.Measurements, m => m.Event == "FMC digest");
        Assert.Contains(Result.Measurements, m => m.Event == "runtime digest");
        Assert.Contains(Result.Measurements, m => m.Event == "SoC manifest digest");
        Assert.True(Result.Measurements.Count(m => m.Event == "authorized image") >= 1 + Result.SocImages.Count);
    }

    [Fact]
    public void No_later_stage_firmware_is_ever_in_the_default_context()
    {
        var names = AssemblyLoadContext.Default.Assemblies.Select(a => a.GetName().Name ?? string.Empty).ToList();
        Assert.Contains("Rampart.Firmware.Caliptra.Rom", names);
        Assert.DoesNotContain(names, n => n.StartsWith("Rampart.Firmware.", StringComparison.Ordinal) && !n.EndsWith(".Rom", StringComparison.Ordinal));
    }

    [Fact]
    public void Each_stage_context_holds_exactly_the_verified_bytes()
    {
        var images = boot.Run.Images!;
        Assert.Equal(WireStatus.Done, FirmwareBundle.TryRead(images.Bundle, out var bundle));
        var expected = new Dictionary<string, IReadOnlyList<Guid>>
        {
            ["Rampart.Firmware.Caliptra.Fmc"] = Mvids(bundle!.FmcImage),
            ["Rampart.Firmware.Caliptra.Runtime"] = Mvids(bundle.RuntimeImage),
            ["Rampart.Firmware.Mcu.Runtime"] = Mvids(images.McuRuntime),
        };
        foreach (var stage in Result.Stages.Where(s => s.Name != "rom"))
        {
            Assert.Equal(expected[stage.Name], stage.ModuleVersionIds);
        }
    }

    [Fact]
    public void The_fmc_context_is_collected_once_the_runtime_runs()
    {
        var fmc = Result.Stages.Single(s => s.Name == "Rampart.Firmware.Caliptra.Fmc");
        for (var i = 0; i < 10 && fmc.Context!.IsAlive; i++)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
        }

        Assert.False(fmc.Context!.IsAlive);
    }

    [Fact]
    public void The_capture_decodes_and_the_report_shows_every_stage()
    {
        using var pcap = new MemoryStream();
        Assert.True(BootCapture.Write(pcap, Result) > 0);
        var decoded = Rampart.Host.Trace.TraceDecoder.Decode(pcap.ToArray());
        Assert.Null(decoded.FileError);
        Assert.Equal(0, decoded.Flagged);
        Assert.Contains(decoded.Records, r => r.Name.Contains("RequestFirmwareData", StringComparison.Ordinal));
        Assert.Contains(decoded.Records, r => r.Name.Contains("SetEndpointID", StringComparison.OrdinalIgnoreCase) || r.Name.Contains("Set Endpoint", StringComparison.OrdinalIgnoreCase));

        var html = BootReport.Render(Result);
        foreach (var stage in Result.Stages)
        {
            Assert.Contains(stage.Name, html, StringComparison.Ordinal);
        }

        Assert.Contains("<svg", html, StringComparison.Ordinal);
    }

    private static List<Guid> Mvids(ReadOnlyMemory<byte> archiveBytes)
    {
        Assert.True(FirmwareArchive.TryRead(archiveBytes, out var archive));
        return archive!.Entries.Where(e => e.Kind == FirmwareArchiveEntryKind.Assembly).Select(e =>
        {
            using var pe = new PEReader(ImmutableArray.Create(e.Bytes.ToArray()));
            var reader = pe.GetMetadataReader();
            return reader.GetGuid(reader.GetModuleDefinition().Mvid);
        }).ToList();
    }
}
