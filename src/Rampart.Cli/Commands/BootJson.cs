using Rampart.Chip.Boot;

namespace Rampart.Cli.Commands;

/// <summary>The JSON shape of <c>rampart boot --json</c>.</summary>
internal sealed record BootJson(
    bool Succeeded,
    string FailedStage,
    string Message,
    string DeviceStatus,
    double SimulatedMilliseconds,
    double WallMilliseconds,
    long Events,
    IReadOnlyList<BootJson.Stage> Stages,
    IReadOnlyList<TransferRecord> Transfers,
    IReadOnlyList<PcrValue> Pcrs,
    IReadOnlyList<MeasurementRecord> Measurements,
    IReadOnlyList<BootJson.Certificate> Chain,
    IReadOnlyList<ReleasedImage> SocImages,
    string? Capture,
    string? Report,
    BootJson.AttestationJson? Attestation,
    string? Chip = null,
    string? StateDirectory = null)
{
    public static BootJson From(BootResult result, string? capture, string? report) => new(
        result.Succeeded,
        result.FailedStage,
        result.Message,
        result.DeviceStatus,
        result.SimulatedNanoseconds / 1e6,
        result.Wall.TotalMilliseconds,
        result.Events,
        result.Stages.Select(s => new Stage(s.Core, s.Name, s.SimStart / 1e6, s.SimEnd < 0 ? null : s.SimEnd / 1e6, s.Wall.TotalMilliseconds, s.ImageBytes, s.Outcome.ToString(), s.ErrorCode, s.Message, s.ModuleVersionIds)).ToList(),
        result.Transfers,
        result.Pcrs,
        result.Measurements,
        result.Chain.Select(c => new Certificate(c.Layer, c.Algorithm, c.Subject, Convert.ToBase64String(c.Der))).ToList(),
        result.SocImages,
        capture,
        report,
        result.Attestation is { } a ? new AttestationJson(a.Peer, a.Version, a.Verdict, a.Checks, a.Measurements, a.Certificates) : null);

    internal sealed record Stage(string Core, string Name, double StartMilliseconds, double? EndMilliseconds, double WallMilliseconds, int ImageBytes, string Outcome, uint ErrorCode, string Message, IReadOnlyList<Guid> ModuleVersionIds);

    internal sealed record AttestationJson(string Peer, string Version, string Verdict, IReadOnlyList<Host.Attestation.AttestationCheck> Checks, IReadOnlyList<Host.Attestation.AttestedMeasurement> Measurements, IReadOnlyList<string> Certificates);

    internal sealed record Certificate(string Layer, string Algorithm, string Subject, string Der);
}
