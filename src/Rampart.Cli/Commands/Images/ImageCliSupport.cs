using System.CommandLine;
using System.Globalization;
using Rampart.Images;
using Rampart.Crypto;
using Rampart.Host.Keys;
using Spectre.Console;

namespace Rampart.Cli.Commands.Images;

/// <summary>What the image, manifest, package and keys commands share: bounded file reads, atomic writes, number parsing, verdict output.</summary>
internal static class ImageCliSupport
{
    /// <summary>The largest input file read (256 MiB); larger is refused, never read.</summary>
    public const long MaxInputBytes = 256L * 1024 * 1024;

    /// <summary>The <c>--keys DIR</c> option.</summary>
    public static Option<string> KeysOption(bool required = true) => new("--keys")
    {
        Description = "Key directory made by 'rampart keys generate'",
        Required = required,
    };

    /// <summary>An <c>--out FILE</c> option.</summary>
    public static Option<string> OutOption() => new("--out", "-o") { Description = "Output file (written to a temporary file, then renamed)", Required = true };

    /// <summary>Software engines for host tooling (deterministic; signing is RFC 6979 / deterministic ML-DSA).</summary>
    public static SoftwareCryptoEngines Engines() => new(0UL);

    /// <summary>Reads an input file, refusing missing or oversized files with an error line.</summary>
    public static byte[]? ReadInput(CliOutput output, string path)
    {
        try
        {
            var info = new FileInfo(path);
            if (!info.Exists)
            {
                output.Error($"{path}: no such file");
                return null;
            }

            if (info.Length > MaxInputBytes)
            {
                output.Error($"{path}: {info.Length} bytes is larger than the {MaxInputBytes}-byte limit");
                return null;
            }

            return File.ReadAllBytes(path);
        }
        catch (IOException e)
        {
            output.Error($"{path}: {e.Message}");
            return null;
        }
        catch (UnauthorizedAccessException e)
        {
            output.Error($"{path}: {e.Message}");
            return null;
        }
    }

    /// <summary>Writes the output atomically; false (with an error line) on failure, leaving any old file untouched.</summary>
    public static bool WriteOutput(CliOutput output, string path, ReadOnlySpan<byte> bytes)
    {
        try
        {
            AtomicFile.Write(path, bytes, secret: false);
            return true;
        }
        catch (IOException e)
        {
            output.Error($"{path}: {e.Message}");
            return false;
        }
        catch (UnauthorizedAccessException e)
        {
            output.Error($"{path}: {e.Message}");
            return false;
        }
    }

    /// <summary>Opens a key directory, or prints why not.</summary>
    public static KeyDirectory? OpenKeys(CliOutput output, string path, Hal.Crypto.ICryptoEngines engines)
    {
        try
        {
            return KeyDirectory.Open(path, engines);
        }
        catch (InvalidDataException e)
        {
            output.Error(e.Message);
            return null;
        }
        catch (IOException e)
        {
            output.Error(e.Message);
            return null;
        }
    }

    /// <summary>Parses a decimal or 0x-prefixed hexadecimal unsigned number.</summary>
    public static bool TryParseNumber(string? text, out ulong value)
    {
        value = 0;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        text = text.Trim().Replace("_", string.Empty, StringComparison.Ordinal);
        return text.StartsWith("0x", StringComparison.OrdinalIgnoreCase)
            ? ulong.TryParse(text.AsSpan(2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out value)
            : ulong.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value);
    }

    /// <summary>Parses hex bytes (spaces and a 0x prefix allowed); null when malformed.</summary>
    public static byte[]? TryParseHex(string? text)
    {
        if (text is null)
        {
            return null;
        }

        var clean = text.Replace(" ", string.Empty, StringComparison.Ordinal);
        if (clean.StartsWith("0x", StringComparison.OrdinalIgnoreCase))
        {
            clean = clean[2..];
        }

        try
        {
            return Convert.FromHexString(clean);
        }
        catch (FormatException)
        {
            return null;
        }
    }

    /// <summary>Reports a verdict: a line (or JSON) and exit 0 only for Verified.</summary>
    public static int ReportVerdict(CliOutput output, string file, ImageVerdict verdict, object? details = null)
    {
        var verified = verdict.IsVerified();
        if (output.Json)
        {
            output.WriteJson(new VerdictReport(file, verdict.ToString(), $"0x{(uint)verdict:X8}", verified, details));
        }
        else if (verified)
        {
            output.Console.MarkupLine($"[green]verified[/] {Markup.Escape(file)}");
        }
        else
        {
            output.Error($"{file}: {verdict} (0x{(uint)verdict:X8})");
        }

        return verified ? ExitCodes.Ok : ExitCodes.Refused;
    }

    /// <summary>Short hex for tables: the first and last bytes.</summary>
    public static string Short(ReadOnlySpan<byte> bytes) =>
        bytes.Length <= 12 ? Convert.ToHexString(bytes) : Convert.ToHexString(bytes[..6]) + "…" + Convert.ToHexString(bytes[^6..]);

    /// <summary>Prints a two-column table of fields.</summary>
    public static void WriteFields(CliOutput output, string title, IEnumerable<(string Field, string Value)> rows)
    {
        var table = new Table().Title(Markup.Escape(title)).AddColumn("Field").AddColumn("Value");
        foreach (var (field, value) in rows)
        {
            table.AddRow(Markup.Escape(field), Markup.Escape(value));
        }

        output.Console.Write(table);
    }

    /// <summary>A verification result for <c>--json</c>.</summary>
    public sealed record VerdictReport(string File, string Verdict, string Code, bool Verified, object? Details);
}
