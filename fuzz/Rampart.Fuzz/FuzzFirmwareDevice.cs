using Rampart.Protocols.Pldm;
using Rampart.Wire.Pldm;
using Rampart.Wire.Pldm.FirmwareUpdate;

namespace Rampart.Fuzz;

/// <summary>
/// The PLDM firmware device as the MCU runs it, fed a whole conversation from one input: each
/// message is a length byte and that many bytes; even messages go to the device as requests
/// (firmware update or base), odd ones as responses to what it asked; time moves 50 ms per message
/// so its timeouts and retries run too.
/// </summary>
internal sealed class FuzzFirmwareDevice : IFirmwareDeviceHandler
{
    private static readonly byte[] Descriptor = [0x01, 0x00, 0x04, 0x00, 0x7F, 0xA6, 0x00, 0x00];
    private static readonly byte[] Table = BuildTable();
    private int _verifyPolls;

    public int DescriptorCount => 1;

    public ReadOnlySpan<byte> Descriptors => Descriptor;

    public uint CapabilitiesDuringUpdate => 0;

    public VersionStringType ImageSetVersionType => VersionStringType.Ascii;

    public ReadOnlySpan<byte> ActiveImageSetVersion => "fuzz"u8;

    public ReadOnlySpan<byte> PendingImageSetVersion => default;

    public int ComponentCount => 1;

    public ReadOnlySpan<byte> ComponentParameterTable => Table;

    public static void Run(byte[] input)
    {
        var engine = new FirmwareDeviceEngine(new FuzzFirmwareDevice());
        var responder = new PldmBaseResponder();
        var reply = new byte[2048];
        long now = 0;
        var index = 0;
        for (var at = 0; at < input.Length; index++)
        {
            var length = Math.Min(input[at], input.Length - at - 1);
            var message = input.AsSpan(at + 1, length);
            at += 1 + length;
            now += 50_000_000;
            if (index % 2 == 0)
            {
                _ = message.Length > 1 && (message[1] & 0x3F) == (byte)PldmType.Base
                    ? responder.Respond(message, reply)
                    : engine.HandleRequest(message, reply, now);
            }
            else
            {
                engine.HandleResponse(message, now);
            }

            engine.PollRequest(reply, now);
        }
    }

    public ComponentResponseCode CheckComponent(in FirmwareComponent component, VersionStringType versionType, ReadOnlySpan<byte> version) =>
        component.Identifier == 1 ? ComponentResponseCode.CanBeUpdated : ComponentResponseCode.NotSupported;

    public bool WriteFirmwareData(in FirmwareComponent component, uint offset, ReadOnlySpan<byte> data) => offset + (ulong)data.Length <= 1 << 20;

    public FirmwareStepResult Verify(in FirmwareComponent component) => ++_verifyPolls % 3 == 0 ? FirmwareStepResult.Success : FirmwareStepResult.Pending;

    public FirmwareStepResult Apply(in FirmwareComponent component) => FirmwareStepResult.Success;

    public PldmCompletionCode Activate(bool selfContained, out ushort estimatedSeconds)
    {
        estimatedSeconds = 0;
        return PldmCompletionCode.Success;
    }

    public void Abandon(in FirmwareComponent component) => _verifyPolls = 0;

    private static byte[] BuildTable()
    {
        var table = new byte[ComponentParameterEntry.FixedLength + 8];
        Span<byte> date = stackalloc byte[ComponentParameterEntry.ReleaseDateLength];
        date.Fill((byte)'0');
        new ComponentParameterEntry(ComponentClassification.Firmware, 1, 0, 0, VersionStringType.Ascii, date, "none"u8,
            0, VersionStringType.Ascii, date, default, ComponentActivationMethods.Automatic, 0).TryWrite(table, out var written);
        return table[..written];
    }
}
