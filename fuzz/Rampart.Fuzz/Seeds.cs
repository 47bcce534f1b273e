using Rampart.Wire.Capture;
using Rampart.Wire.Recovery;

namespace Rampart.Fuzz;

/// <summary>Writes a small, valid starting corpus per target, made by Rampart's own writers.</summary>
internal static class Seeds
{
    private static readonly byte[] GetEndpointIdRequest = [0x01, 0x0A, 0x08, 0xC8, 0x00, 0x80, 0x02];

    public static void Write(string target, string directory)
    {
        Directory.CreateDirectory(directory);
        switch (target)
        {
            case "trace":
                using (var file = File.Create(Path.Combine(directory, "get-eid.pcap")))
                {
                    var writer = new PcapWriter(file, PcapLinkType.LinuxSll2);
                    writer.WriteMctpPacket(0, GetEndpointIdRequest);
                    writer.Flush();
                }

                break;
            case "mctp":
                File.WriteAllBytes(Path.Combine(directory, "one-packet.bin"), [(byte)GetEndpointIdRequest.Length, .. GetEndpointIdRequest]);
                break;
            case "recovery":
                var frame = new byte[64];
                RecoveryFrame.TryWriteWrite(0x5A, 0x26, [0x00, 0x00, 0x0F], frame, out var n);
                File.WriteAllBytes(Path.Combine(directory, "recovery-ctrl.bin"), frame[..n]);
                break;
            case "loader":
                File.Copy(typeof(Seeds).Assembly.Location, Path.Combine(directory, "rampart-fuzz.dll"), overwrite: true);
                break;
            case "pldm-fd":
                // QueryDeviceIdentifiers, then RequestUpdate (max transfer 64, one component, no package data).
                File.WriteAllBytes(Path.Combine(directory, "query-then-update.bin"), Convert.FromHexString(
                    "03" + "810501" + "00" + "11" + "820510" + "40000000" + "0100" + "01" + "0000" + "01" + "03" + "312E30"));
                break;
            case "archive":
                File.WriteAllBytes(Path.Combine(directory, "one-entry.rfwa"), Hal.CoreControl.FirmwareArchive.Write("T", [new(Hal.CoreControl.FirmwareArchiveEntryKind.Assembly, "A", new byte[] { 1, 2, 3 })]));
                File.WriteAllBytes(Path.Combine(directory, "carrier.rfwa"), Carrier());
                File.WriteAllBytes(Path.Combine(directory, "app-with-reference.rfwa"), AppWithReference());
                File.WriteAllBytes(Path.Combine(directory, "handoff.rfht"), new Hal.Boot.HandoffTable().SetU32(1, 7).Set(2, [9, 9]).ToArray());
                break;
            case "spdm":
                File.WriteAllBytes(Path.Combine(directory, "get-version.bin"), [0x10, 0x84, 0x00, 0x00]);
                File.WriteAllBytes(Path.Combine(directory, "get-capabilities.bin"), Convert.FromHexString("12E10000000C0000C67A0000001000000010000000"));
                break;
        }
    }

    /// <summary>An app archive: its own assembly "App", then a reference to the library "A".</summary>
    public static byte[] AppWithReference() => Hal.CoreControl.FirmwareArchive.Write(string.Empty,
    [
        new(Hal.CoreControl.FirmwareArchiveEntryKind.Assembly, "App", new byte[] { 4, 5 }),
        new(Hal.CoreControl.FirmwareArchiveEntryKind.LibraryReference, "A", ReadOnlyMemory<byte>.Empty),
    ]);

    /// <summary>A runtime archive holding the library "A" and carrying <see cref="AppWithReference"/>.</summary>
    public static byte[] Carrier() => Hal.CoreControl.FirmwareArchive.Write("T",
    [
        new(Hal.CoreControl.FirmwareArchiveEntryKind.Assembly, "Rt", new byte[] { 1 }),
        new(Hal.CoreControl.FirmwareArchiveEntryKind.Assembly, "A", new byte[] { 1, 2, 3 }),
        new(Hal.CoreControl.FirmwareArchiveEntryKind.AppPayload, "App", AppWithReference()),
    ]);
}
