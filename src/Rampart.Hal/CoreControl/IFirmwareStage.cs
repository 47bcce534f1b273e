using Rampart.Hal.Boot;

namespace Rampart.Hal.CoreControl;

/// <summary>
/// The entry point of a Caliptra firmware stage after ROM (FMC, runtime). The chip's core runner
/// creates it from verified bytes through <see cref="ICodeLoader.TryLoadStage"/>, runs it, and acts
/// on the <see cref="StageExit"/> it returns: a stage never calls the next one, it returns the next
/// one's bytes, so its own context can be collected once it has finished (ARCHITECTURE.md §2).
/// </summary>
public interface ICaliptraStage
{
    /// <summary>Runs the stage on the Caliptra core with the handoff bytes of the stage before it.</summary>
    Task<StageExit> RunAsync(ICaliptraHardware hardware, ReadOnlyMemory<byte> handoff);
}

/// <summary>The entry point of an MCU firmware stage after ROM (the MCU runtime: kernel, board and apps).</summary>
public interface IMcuStage
{
    /// <summary>Runs the stage on the MCU core with the handoff bytes of the ROM.</summary>
    Task<StageExit> RunAsync(IMcuHardware hardware, ReadOnlyMemory<byte> handoff);
}

/// <summary>How a stage ended.</summary>
public enum StageExitKind
{
    /// <summary>Jump to the next stage: <see cref="StageExit.Archive"/> holds its verified bytes.</summary>
    Launch = 1,

    /// <summary>The stage stopped with a fatal error (<see cref="StageExit.ErrorCode"/>).</summary>
    Halt = 2,

    /// <summary>The stage finished its work and the core idles (a runtime told to shut down).</summary>
    Completed = 3,
}

/// <summary>
/// What a stage hands back to the core runner. Only bytes cross from one stage to the next:
/// the next stage's <see cref="FirmwareArchive"/> and a handoff table.
/// </summary>
/// <param name="Kind">Launch, halt or completed.</param>
/// <param name="Archive">For <see cref="StageExitKind.Launch"/>: the verified archive of the next stage.</param>
/// <param name="Handoff">Bytes for the next stage (a <see cref="HandoffTable"/>).</param>
/// <param name="ErrorCode">For <see cref="StageExitKind.Halt"/>: the firmware error code (also written to MCI).</param>
/// <param name="Message">A short human-readable reason.</param>
public sealed record StageExit(StageExitKind Kind, ReadOnlyMemory<byte> Archive, ReadOnlyMemory<byte> Handoff, uint ErrorCode, string Message)
{
    /// <summary>Jumps to <paramref name="archive"/> with <paramref name="handoff"/>.</summary>
    public static StageExit Launch(ReadOnlyMemory<byte> archive, ReadOnlyMemory<byte> handoff, string message) =>
        new(StageExitKind.Launch, archive, handoff, 0, message);

    /// <summary>Stops with a fatal error.</summary>
    public static StageExit Halt(uint errorCode, string message) =>
        new(StageExitKind.Halt, ReadOnlyMemory<byte>.Empty, ReadOnlyMemory<byte>.Empty, errorCode, message);

    /// <summary>Finished normally.</summary>
    public static StageExit Completed(string message) =>
        new(StageExitKind.Completed, ReadOnlyMemory<byte>.Empty, ReadOnlyMemory<byte>.Empty, 0, message);
}
