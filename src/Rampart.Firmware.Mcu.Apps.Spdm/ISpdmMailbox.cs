using Rampart.Protocols.Caliptra;

namespace Rampart.Firmware.Mcu.Apps.Spdm;

/// <summary>
/// One Caliptra mailbox command at a time, as the SPDM app sees it: write the request (checksum
/// sealed) into <see cref="MailboxRequest"/>, execute, read <see cref="MailboxResponse"/>. The
/// kernel port implements it over the mailbox capsule; tests may serve it straight from a
/// Caliptra runtime.
/// </summary>
internal interface ISpdmMailbox
{
    /// <summary>Where the next request is written.</summary>
    Span<byte> MailboxRequest { get; }

    /// <summary>Executes the request; the response length, or -1 when Caliptra refused it or the mailbox failed.</summary>
    ValueTask<int> ExecuteAsync(CaliptraCommand command, int requestLength);

    /// <summary>The first <paramref name="length"/> bytes of the last response.</summary>
    ReadOnlySpan<byte> MailboxResponse(int length);
}

/// <summary>Caliptra refused a crypto command the SPDM responder needed (the app answers ERROR(Unspecified)).</summary>
internal sealed class CaliptraRefusedException(CaliptraCommand command)
    : InvalidOperationException("Caliptra refused " + command)
{
    /// <summary>The refused command.</summary>
    public CaliptraCommand Command { get; } = command;
}
