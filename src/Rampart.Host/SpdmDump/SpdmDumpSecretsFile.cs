using System.Globalization;
using Rampart.Protocols.Spdm;

namespace Rampart.Host.SpdmDump;

/// <summary>
/// The DHE secrets of SPDM sessions, written as they arrive for DMTF's spdm_dump (decision 0276):
/// comment lines start with <c>#</c>; each session is one line, <c>0x</c> and its session id in
/// 8 hex digits, a space, then the secret in lowercase hex — the string spdm_dump's
/// <c>--dhe_secret</c> takes. spdm_dump matches secrets to sessions by order, so lines keep the
/// order sessions began; a session whose secret was refused gets a comment line, and
/// <see cref="SpdmDumpCommand"/> a placeholder in its place so later sessions keep their secrets.
/// Every line is flushed at once. Thread-safe.
/// </summary>
public sealed class SpdmDumpSecretsFile : ISpdmDheSecretSink, IDisposable
{
    private readonly object _gate = new();
    private readonly TextWriter _writer;
    private readonly List<SpdmDheSecretExport> _sessions = [];

    /// <summary>Starts the file on <paramref name="writer"/> (its header is written now).</summary>
    public SpdmDumpSecretsFile(TextWriter writer, string origin)
    {
        _writer = writer ?? throw new ArgumentNullException(nameof(writer));
        _writer.WriteLine($"# DHE secrets of SPDM sessions ({origin}), for DMTF spdm_dump; one session a line, in the order the sessions began.");
        _writer.WriteLine("# spdm_dump -r CAPTURE.pcap --dhe_secret <first secret> --dhe_secret <second secret> ...");
        _writer.WriteLine("# session_id dhe_secret");
        _writer.Flush();
    }

    /// <summary>Every session seen so far, exported or refused, in order.</summary>
    public IReadOnlyList<SpdmDheSecretExport> Sessions
    {
        get
        {
            lock (_gate)
            {
                return [.. _sessions];
            }
        }
    }

    /// <summary>
    /// The secrets in the order spdm_dump takes them, a refused session's as 48 zero bytes (the
    /// size of a secp384r1 secret, the only DHE group Rampart negotiates), which decrypts nothing.
    /// </summary>
    public IReadOnlyList<string> Secrets
    {
        get
        {
            lock (_gate)
            {
                return [.. _sessions.Select(s => Convert.ToHexStringLower(s.Secret ?? new byte[RefusedPlaceholderSize]))];
            }
        }
    }

    private const int RefusedPlaceholderSize = 48;

    /// <summary>Opens <paramref name="path"/> for writing (replacing it).</summary>
    public static SpdmDumpSecretsFile Create(string path, string origin) =>
        new(new StreamWriter(File.Create(path)) { NewLine = "\n" }, origin);

    /// <summary>The spdm_dump command line for <paramref name="capture"/> with every exported secret.</summary>
    public string SpdmDumpCommand(string capture) =>
        string.Concat(["spdm_dump -r ", capture, .. Secrets.Select(s => " --dhe_secret " + s)]);

    /// <inheritdoc/>
    public ValueTask WriteAsync(SpdmDheSecretExport export)
    {
        ArgumentNullException.ThrowIfNull(export);
        lock (_gate)
        {
            _sessions.Add(export);
            var id = "0x" + export.SessionId.ToString("x8", CultureInfo.InvariantCulture);
            _writer.WriteLine(export.Refused ? $"# {id} refused: the crypto provider did not export this session's secret" : $"{id} {Convert.ToHexStringLower(export.Secret!)}");
            _writer.Flush();
        }

        return ValueTask.CompletedTask;
    }

    /// <inheritdoc/>
    public void Dispose() => _writer.Dispose();
}
