using System.Buffers.Binary;
using Rampart.Chip;
using Rampart.Chip.Boot;
using Rampart.Crypto;
using Rampart.Host.Doe;
using Rampart.Host.Mctp;
using Rampart.Protocols.Spdm;
using Rampart.Wire.Doe;

namespace Rampart.EndToEnd.Tests;

/// <summary>
/// SPDM over the chip's PCIe DOE mailbox (decision 0271): the BMC attests the booted device over
/// DOE (trusted), a second requester runs the whole flow, and bad objects — a length that
/// disagrees with the dwords written (silently discarded), an unknown type, an abort mid-object
/// and mid-request, a record for no session — end in the DOE Error bit or nothing, after which the
/// mailbox serves again.
/// </summary>
public sealed class SpdmOverDoeTests
{
    private static readonly byte[] GetVersion = [0x10, 0x84, 0x00, 0x00];

    [Fact]
    public void The_device_is_attested_over_doe_and_recovers_from_every_bad_object()
    {
        var log = new List<string>();
        var discovered = new List<DoeDiscoveryResponse?>();
        DoeExchange unknownType = default;
        var lengthMismatchDiscarded = false;
        var versionAfter = new List<bool>();
        int droppedRecord = -1;
        int tooShort = -1;
        var flow = new List<(string Step, bool Ok)>();
        var mctpStillAnswers = false;
        long refused = 0;
        BootRun? run = null;
        run = new BootRun(new BootOptions
        {
            Chip = new VirtualChipOptions { Trace = false },
            AttestOverDoe = true,
            AfterBoot = async endpoint =>
            {
                var chip = run!.Chip!;
                var registers = chip.DoeHost;
                var doe = new DoeSpdmTransport(registers, chip.Simulator);
                var response = new byte[8192];
                async Task<bool> VersionWorks() => await doe.SendReceiveAsync(GetVersion, response, secured: false, CancellationToken.None) >= 4 && response[1] == 0x04;

                // Discovery: answered by the MCU runtime's capsule; an index past the last names vendor FFFFh.
                for (byte i = 0; i <= 3; i++)
                {
                    discovered.Add(await doe.DiscoverAsync(i));
                }

                versionAfter.Add(await VersionWorks());

                // The header says 4 dwords, 3 are written: Go discards it silently (PCIe 6.x §6.30.1).
                registers.Write(DoeRegisterMap.WriteMailbox, 0x0001_0001);
                registers.Write(DoeRegisterMap.WriteMailbox, 4);
                registers.Write(DoeRegisterMap.WriteMailbox, BinaryPrimitives.ReadUInt32LittleEndian(GetVersion));
                registers.Write(DoeRegisterMap.Control, DoeRegisterMap.Go);
                lengthMismatchDiscarded = registers.Read(DoeRegisterMap.Status) == 0;
                versionAfter.Add(await VersionWorks());

                // A type the device does not serve: Error.
                unknownType = await doe.ExchangeAsync((DoeDataObjectType)0x07, GetVersion, response);
                versionAfter.Add(await VersionWorks());

                // Abort with half an object written, then Abort while the device is answering.
                registers.Write(DoeRegisterMap.WriteMailbox, 0x0001_0001);
                registers.Write(DoeRegisterMap.Control, DoeRegisterMap.Abort);
                versionAfter.Add(await VersionWorks());
                registers.Write(DoeRegisterMap.WriteMailbox, 0x0001_0001);
                registers.Write(DoeRegisterMap.WriteMailbox, 3);
                registers.Write(DoeRegisterMap.WriteMailbox, BinaryPrimitives.ReadUInt32LittleEndian(GetVersion));
                registers.Write(DoeRegisterMap.Control, DoeRegisterMap.Go);
                await chip.Simulator.Delay(1_000);
                registers.Write(DoeRegisterMap.Control, DoeRegisterMap.Abort);
                await chip.Simulator.Delay(5_000_000);
                versionAfter.Add(await VersionWorks());

                // A record for no session: no answer (Error); one byte of SPDM (zero-padded to a dword by
                // the object, so request code 0x00): an ERROR.
                droppedRecord = await doe.SendReceiveAsync(new byte[] { 0xFF, 0xFF, 0xFF, 0xFF, 0x04, 0x00, 1, 2, 3, 4 }, response, secured: true, CancellationToken.None);
                tooShort = await doe.SendReceiveAsync(new byte[] { 0x10 }, response, secured: false, CancellationToken.None) >= 4 && response[1] == 0x7F ? 1 : 0;
                refused = doe.Errors;

                // The whole flow, on the DOE responder's own connection state.
                using var engines = new SoftwareCryptoEngines(77);
                var requester = new SpdmRequester(doe, new EngineSpdmCrypto(engines));
                flow.Add(("VCA", (await requester.InitConnectionAsync()).IsOk));
                flow.Add(("digests", (await requester.GetDigestsAsync()).Outcome.IsOk));
                flow.Add(("certificate", (await requester.GetCertificateChainAsync(0)).Outcome.IsOk));
                flow.Add(("challenge", (await requester.ChallengeAsync(0, 0xFF)).Outcome.IsOk));
                flow.Add(("measurements", (await requester.GetMeasurementsAsync()).Outcome.IsOk));
                flow.Add(("key exchange + finish", (await requester.StartSessionAsync(0)).IsOk));
                flow.Add(("heartbeat (secured)", (await requester.HeartbeatAsync()).IsOk));
                flow.Add(("key update (secured)", (await requester.KeyUpdateAsync(allKeys: false)).IsOk));
                flow.Add(("end session", (await requester.EndSessionAsync()).IsOk));

                // MCTP keeps its own responder: still answering.
                var mctp = await new MctpSpdmTransport(endpoint).SendReceiveAsync(GetVersion, response, secured: false, CancellationToken.None);
                mctpStillAnswers = mctp >= 4 && response[1] == 0x04;
                log.Add($"doe: {doe.Exchanges} exchanges, {doe.Errors} errors, {doe.Timeouts} timeouts, {doe.Malformed} malformed, {doe.Aborts} aborts");
            },
        });

        var result = run.Run();

        Assert.True(result.Succeeded, $"{result.FailedStage}: {result.Message}");
        Assert.Equal("trusted", result.Attestation!.Verdict);
        Assert.Equal("MCU (PCIe DOE)", result.Attestation.Peer);
        Assert.Equal(
            [
                new DoeDiscoveryResponse(1, DoeDataObjectType.Discovery, 1),
                new DoeDiscoveryResponse(1, DoeDataObjectType.Spdm, 2),
                new DoeDiscoveryResponse(1, DoeDataObjectType.SecuredSpdm, 0),
                new DoeDiscoveryResponse(0xFFFF, DoeDataObjectType.Discovery, 0),
            ],
            discovered);
        Assert.True(lengthMismatchDiscarded);
        Assert.Equal(DoeExchangeStatus.Error, unknownType.Status);
        Assert.Equal([true, true, true, true, true], versionAfter);
        Assert.Equal(0, droppedRecord);
        Assert.Equal(1, tooShort);
        Assert.Equal(2, refused);
        Assert.All(flow, step => Assert.True(step.Ok, step.Step + " failed; " + string.Join("; ", log)));
        Assert.Equal(9, flow.Count);
        Assert.True(mctpStillAnswers);
        Assert.True(run.Chip!.Doe.Counters.BadLength >= 1);
        Assert.True(run.Chip.Doe.Counters.Refused >= 2);
    }
}
