using System.Buffers.Binary;
using Rampart.Chip.Boot;
using Rampart.Host.Mctp;

namespace Rampart.EndToEnd.Tests;

/// <summary>Caliptra VDMs (MCTP type 0x7F, IANA 0xA67F) to the booted device, through <see cref="BootOptions.AfterBoot"/>.</summary>
public sealed class VdmTests
{
    [Fact]
    public void The_booted_device_reports_the_caliptra_firmware_version_and_refuses_malformed_vdms()
    {
        CaliptraVdmResult? version = null;
        CaliptraVdmResult? otherArea = null;
        CaliptraVdmResult? capabilities = null;
        MctpHostResponse? wrongVendor = null;
        MctpHostResponse? unknownCommand = null;
        MctpHostResponse? truncated = null;
        var run = new BootRun(new BootOptions
        {
            AfterBoot = async endpoint =>
            {
                var client = new CaliptraVdmClient(endpoint);
                version = await client.GetFirmwareVersionAsync(0);
                otherArea = await client.GetFirmwareVersionAsync(7);
                capabilities = await client.GetDeviceCapabilitiesAsync();
                wrongVendor = await endpoint.SendRequestAsync(new byte[] { 0x7F, 0x00, 0x00, 0x12, 0x34, 0x80, 0x01, 0, 0, 0, 0 });
                unknownCommand = await endpoint.SendRequestAsync(new byte[] { 0x7F, 0x00, 0x00, 0xA6, 0x7F, 0x80, 0x55 });
                truncated = await endpoint.SendRequestAsync(new byte[] { 0x7F, 0x00, 0x00 });
            },
        });

        var result = run.Run();

        Assert.True(result.Succeeded, $"{result.FailedStage}: {result.Message}");

        // FW_INFO's fw_svn is the bundle's SVN and its runtime_revision the bundle's runtime
        // revision ("rampart-rt" in BootImageBuilder.BuildBundle): the version is built from both.
        Assert.NotNull(version);
        Assert.True(version.IsSuccess, $"{version.Status} 0x{version.CompletionCode:X}");
        Assert.Equal(32, version.Payload.Length);
        Assert.Equal($"svn{new BootImageOptions().FirmwareSvn}-{Convert.ToHexStringLower("rampart-"u8)}", CaliptraVdmClient.ReadVersion(version.Payload.Span));

        Assert.Equal(MctpHostStatus.Ok, otherArea!.Status);
        Assert.Equal(0x02u, otherArea.CompletionCode);

        Assert.True(capabilities!.IsSuccess);
        Assert.Equal(64, capabilities.Payload.Length);
        Assert.Equal(0x6u, BinaryPrimitives.ReadUInt32LittleEndian(capabilities.Payload.Span[20..]));

        AssertFailure(wrongVendor, 0x01, 0x02);
        AssertFailure(unknownCommand, 0x55, 0x07);
        AssertFailure(truncated, 0x00, 0x03);
    }

    private static void AssertFailure(MctpHostResponse? response, byte command, uint code)
    {
        Assert.NotNull(response);
        Assert.True(response.IsOk, response.Status.ToString());
        Assert.True(CaliptraVdmClient.TryReadResponse(response.Message.Span, command, out var completion, out _));
        Assert.Equal(code, completion);
        Assert.Equal(11, response.Message.Length);
    }
}
