using Rampart.Host.SpdmDump;

namespace Rampart.Cli.Commands;

/// <summary>
/// The files <c>--pcap</c> and <c>--secrets</c> of <c>rampart serve spdm</c> and
/// <c>rampart attest</c> ask for (decision 0276): a capture DMTF's spdm_dump reads and the DHE
/// secrets it decrypts the sessions with; and the lines that tell a person where they are.
/// </summary>
/// <param name="Pcap">The capture to write, if asked.</param>
/// <param name="Secrets">The secrets file to write, if asked.</param>
internal sealed record SpdmDumpOutputs(FileInfo? Pcap, FileInfo? Secrets)
{
    /// <summary>Says where the files go (text output, before the run).</summary>
    public void Announce(CliOutput output)
    {
        if (Pcap is not null)
        {
            output.Stdout.WriteLine($"capture:    {Pcap.FullName} (pcap for spdm_dump)");
        }

        if (Secrets is not null)
        {
            output.Stdout.WriteLine($"secrets:    {Secrets.FullName} (DHE secrets for spdm_dump --dhe_secret)");
        }
    }

    /// <summary>Says what was written and how to decode it (text output, after the run).</summary>
    public void Report(CliOutput output, SpdmDumpSecretsFile? secrets)
    {
        if (secrets is null)
        {
            return;
        }

        var sessions = secrets.Sessions;
        output.Stdout.WriteLine($"{sessions.Count(s => !s.Refused)} session secret(s) written to {Secrets!.FullName}" + (sessions.Any(s => s.Refused) ? $", {sessions.Count(s => s.Refused)} refused" : string.Empty));
        if (sessions.Count > 0)
        {
            output.Stdout.WriteLine("decode with: " + secrets.SpdmDumpCommand(Pcap?.FullName ?? "CAPTURE.pcap"));
        }
    }
}
