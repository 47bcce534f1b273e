using System.Globalization;
using Rampart.Host.Mctp;
using Rampart.Host.Pldm;
using Rampart.Protocols.Mctp;
using Rampart.Protocols.Pldm;
using Rampart.Wire.Mctp;
using Rampart.Wire.Pldm.FirmwareUpdate;

namespace Rampart.Chip.Boot;

/// <content>Stage 2: the PLDM update agent serves the SoC images to the MCU's firmware device over MCTP/I3C.</content>
internal sealed partial class BmcAgent
{
    /// <summary>
    /// The MaximumTransferSize the BMC's agent offers in RequestUpdate: 4 KiB. The firmware device
    /// asks for the smaller of this and what its own buffers take (the MCU PLDM app: 4,091 bytes).
    /// </summary>
    internal const uint AgentMaxTransferSize = 4096;

    private readonly List<CapturedMessage> _captures = [];
    private readonly List<SequenceMessage> _messages = [];

    public IReadOnlyList<CapturedMessage> Captures => _captures;

    public IReadOnlyList<SequenceMessage> Messages => _messages;

    private async Task<bool> RunStage2()
    {
        CurrentStep = "stage 2 (PLDM firmware update)";
        var simulator = chip.Simulator;
        var endpoint = new MctpHostEndpoint(chip.Controller, simulator, simulator, new MctpHostOptions { DeviceAddress = chip.Options.MctpAddress })
        {
            Capture = Record,
        };
        if (!await endpoint.StartAsync())
        {
            return Fail("stage 2, MCTP", "the MCU's MCTP endpoint did not answer SetEndpointID");
        }

        var transport = new MctpPldmTransport(endpoint, simulator);
        var starts = new long[images.SocImages.Count];
        var observer = options.Observer;
        var agent = new UpdateAgentEngine(transport, simulator, new UpdateAgentOptions
        {
            MaxTransferSize = AgentMaxTransferSize,
            Progress = p =>
            {
                if (p.ComponentIndex < 0 || p.ComponentIndex >= images.SocImages.Count)
                {
                    return;
                }

                var name = images.SocImages[p.ComponentIndex].Name;
                if (starts[p.ComponentIndex] == 0)
                {
                    starts[p.ComponentIndex] = simulator.Now;
                    observer?.TransferStarted(name, p.TotalBytes);
                }

                observer?.TransferProgress(name, p.BytesServed, simulator.Now);
            },
        });
        if (!PackageUpdatePlan.TryCreate(images.Package, [new UpdatePlanDescriptor(DescriptorType.IanaEnterpriseId, BootImageBuilder.CaliptraIanaDescriptor)], out var plan, out var reason))
        {
            endpoint.Stop();
            return Fail("stage 2, PLDM package", reason);
        }

        var stage2Start = simulator.Now;
        var result = await agent.RunAsync(plan!);
        for (var i = 0; i < images.SocImages.Count; i++)
        {
            var image = images.SocImages[i];
            var start = starts[i] == 0 ? stage2Start : starts[i];
            var ok = result.IsSuccess || i < result.ComponentIndex;
            transfers.Add(new TransferRecord(image.Name, "pldm", image.Image.Length, start, simulator.Now, ok ? "Success" : result.Status.ToString()));
        }

        if (!result.IsSuccess)
        {
            endpoint.Stop();
            return Fail(
                "stage 2, PLDM" + (result.ComponentIndex >= 0 ? $" component {result.ComponentIndex}" : string.Empty),
                string.Create(CultureInfo.InvariantCulture, $"{result.Status}: {result.Detail} (completion code 0x{(byte)result.CompletionCode:X2})"));
        }

        try
        {
            if (options.Attest && !await RunAttestation(endpoint))
            {
                return false;
            }

            if (options.AfterBoot is { } afterBoot)
            {
                InAfterBoot = true;
                try
                {
                    await afterBoot(endpoint);
                }
                finally
                {
                    InAfterBoot = false;
                }
            }

            return true;
        }
        finally
        {
            endpoint.Stop();
        }
    }

    private bool Fail(string step, string message)
    {
        FailedStep = step;
        Failure = message;
        return false;
    }

    private void Record(MctpCapturedMessage message)
    {
        var fromBmc = message.Direction == MctpDirection.Sent;
        _captures.Add(new CapturedMessage(message.Time, fromBmc, message.CapturePayload));
        _messages.Add(new SequenceMessage(message.Time, fromBmc ? "BMC" : "MCU", fromBmc ? "MCU" : "BMC", Describe(message.Message.Span)));
    }

    private static string Describe(ReadOnlySpan<byte> message)
    {
        if (message.Length < 1)
        {
            return "MCTP (empty)";
        }

        var type = (MctpMessageType)(message[0] & 0x7F);
        if (type == MctpMessageType.Pldm && message.Length >= 4)
        {
            var pldmType = message[2] & 0x3F;
            var command = message[3];
            var name = pldmType == 5 ? ((FirmwareUpdateCommand)command).ToString() : $"base 0x{command:X2}";
            return "PLDM " + name + ((message[1] & 0x80) != 0 ? string.Empty : " (response)");
        }

        if (type is MctpMessageType.Spdm && message.Length >= 3)
        {
            return "SPDM " + SpdmName(message[2]);
        }

        if (type is MctpMessageType.SecuredSpdm)
        {
            return "secured SPDM record";
        }

        return type == MctpMessageType.Control && message.Length >= 3
            ? "MCTP control 0x" + message[2].ToString("X2", CultureInfo.InvariantCulture) + ((message[1] & 0x80) != 0 ? string.Empty : " (response)")
            : "MCTP " + type;
    }

    private static string SpdmName(byte code) =>
        Enum.IsDefined((Wire.Spdm.SpdmCode)code) ? ((Wire.Spdm.SpdmCode)code).ToString() : "0x" + code.ToString("X2", CultureInfo.InvariantCulture);
}
