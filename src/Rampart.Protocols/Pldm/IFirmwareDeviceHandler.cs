using Rampart.Wire.Pldm;
using Rampart.Wire.Pldm.FirmwareUpdate;

namespace Rampart.Protocols.Pldm;

/// <summary>
/// The device-specific half of a DSP0267 firmware device: what it is, what it holds, where
/// received image bytes go and how a component is verified, applied and activated. The
/// <see cref="FirmwareDeviceEngine"/> owns the protocol and the state machine; the handler never
/// sees a PLDM message. Every member is called on the engine's caller's context.
/// </summary>
public interface IFirmwareDeviceHandler
{
    /// <summary>How many descriptors <see cref="Descriptors"/> holds (1–255; the first an initial descriptor type).</summary>
    int DescriptorCount { get; }

    /// <summary>The QueryDeviceIdentifiers descriptors, encoded back to back (DSP0267 "Descriptor identifier table").</summary>
    ReadOnlySpan<byte> Descriptors { get; }

    /// <summary>CapabilitiesDuringUpdate of GetFirmwareParameters.</summary>
    uint CapabilitiesDuringUpdate { get; }

    /// <summary>The string type of the image set versions.</summary>
    VersionStringType ImageSetVersionType { get; }

    /// <summary>The active component image set version string (1–255 bytes).</summary>
    ReadOnlySpan<byte> ActiveImageSetVersion { get; }

    /// <summary>The pending image set version string (empty when nothing is pending).</summary>
    ReadOnlySpan<byte> PendingImageSetVersion { get; }

    /// <summary>How many entries <see cref="ComponentParameterTable"/> holds.</summary>
    int ComponentCount { get; }

    /// <summary>The component parameter table, entries encoded back to back (DSP0267 "Component parameter table entry format").</summary>
    ReadOnlySpan<byte> ComponentParameterTable { get; }

    /// <summary>
    /// Whether the component may be updated: <see cref="ComponentResponseCode.CanBeUpdated"/>, or
    /// the reason it may not (comparison stamp lower, not supported…). Called for each
    /// PassComponentTable entry and again for UpdateComponent (<paramref name="component"/>'s
    /// <see cref="FirmwareComponent.ImageSize"/> is 0 for PassComponentTable).
    /// </summary>
    ComponentResponseCode CheckComponent(in FirmwareComponent component, VersionStringType versionType, ReadOnlySpan<byte> version);

    /// <summary>
    /// Stores received image bytes at <paramref name="offset"/> of the component image. False
    /// aborts the transfer (the engine reports TransferComplete with a storage failure).
    /// </summary>
    bool WriteFirmwareData(in FirmwareComponent component, uint offset, ReadOnlySpan<byte> data);

    /// <summary>
    /// Verifies the received image. Poll style: return <see cref="FirmwareStepResult.Pending"/>
    /// while the work (e.g. a Caliptra mailbox call) is under way; the engine asks again on its
    /// next poll. The result is a DSP0267 VerifyResult value.
    /// </summary>
    FirmwareStepResult Verify(in FirmwareComponent component);

    /// <summary>Applies the verified image; poll style as <see cref="Verify"/>; the result is an ApplyResult value.</summary>
    FirmwareStepResult Apply(in FirmwareComponent component);

    /// <summary>
    /// ActivateFirmware: activates the applied components. Returns SUCCESS or the completion
    /// code to send (e.g. ACTIVATION_NOT_REQUIRED); <paramref name="estimatedSeconds"/> is the
    /// self-contained activation time.
    /// </summary>
    PldmCompletionCode Activate(bool selfContained, out ushort estimatedSeconds);

    /// <summary>The component's update was abandoned (cancel, failure or timeout): forget partial state.</summary>
    void Abandon(in FirmwareComponent component);
}

/// <summary>
/// A component as named by the UA in PassComponentTable / UpdateComponent (DSP0267 1.3).
/// </summary>
/// <param name="Classification">ComponentClassification.</param>
/// <param name="Identifier">ComponentIdentifier.</param>
/// <param name="ClassificationIndex">ComponentClassificationIndex.</param>
/// <param name="ComparisonStamp">ComponentComparisonStamp.</param>
/// <param name="ImageSize">ComponentImageSize (0 outside UpdateComponent).</param>
/// <param name="Options">UpdateOptionFlags requested.</param>
public readonly record struct FirmwareComponent(
    ComponentClassification Classification,
    ushort Identifier,
    byte ClassificationIndex,
    uint ComparisonStamp,
    uint ImageSize,
    UpdateOptionFlags Options);

/// <summary>The outcome of a poll-style handler step: pending, or done with a DSP0267 result byte.</summary>
/// <param name="IsPending">True while the step is still running.</param>
/// <param name="Result">The VerifyResult / ApplyResult value once done (0 = success).</param>
/// <param name="ActivationMethods">For Apply: the ComponentActivationMethodsModification to report.</param>
public readonly record struct FirmwareStepResult(bool IsPending, byte Result, ComponentActivationMethods ActivationMethods)
{
    /// <summary>Still running.</summary>
    public static FirmwareStepResult Pending => new(true, 0, ComponentActivationMethods.None);

    /// <summary>Done with success.</summary>
    public static FirmwareStepResult Success => new(false, 0, ComponentActivationMethods.None);

    /// <summary>Done with <paramref name="result"/>.</summary>
    public static FirmwareStepResult Done(byte result) => new(false, result, ComponentActivationMethods.None);
}
