using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Rampart.Images;
using Rampart.Cli.Commands.Images;
using Rampart.Images.Package;
using Spectre.Console;

namespace Rampart.Cli.Commands;

/// <summary><c>rampart pldm-package build|inspect</c>: DSP0267 firmware update packages, formats 1.0 to 1.3.</summary>
internal static class PldmPackageCommand
{
    public static Command Create()
    {
        var command = new Command("pldm-package", "Build and inspect DSP0267 firmware update packages (formats 1.0-1.3)");
        command.Subcommands.Add(CreateBuild());
        command.Subcommands.Add(CreateInspect());
        return command;
    }

    private static Command CreateBuild()
    {
        var description = new Argument<string>("description") { Description = "JSON package description (README: PLDM package description)" };
        var output = ImageCliSupport.OutOption();
        var command = new Command("build", "Build a package from a JSON description and the component files it names") { description, output };
        command.SetAction(parse =>
        {
            var cli = CliOutput.For(parse, parse.InvocationConfiguration.Output, parse.InvocationConfiguration.Error);
            var path = parse.GetValue(description)!;
            var json = ImageCliSupport.ReadInput(cli, path);
            if (json is null)
            {
                return ExitCodes.Refused;
            }

            byte[] bytes;
            try
            {
                var model = PackageDescription.Parse(System.Text.Encoding.UTF8.GetString(json));
                var baseDirectory = Path.GetDirectoryName(Path.GetFullPath(path)) ?? ".";
                bytes = PldmPackageWriter.Write(model.ToPackage(baseDirectory, file => ImageCliSupport.ReadInput(cli, file)));
            }
            catch (JsonException e)
            {
                cli.Error($"{path}: {e.Message}");
                return ExitCodes.Refused;
            }
            catch (ArgumentException e)
            {
                cli.Error($"{path}: {e.Message}");
                return ExitCodes.Refused;
            }

            var target = parse.GetValue(output)!;
            return ImageCliSupport.WriteOutput(cli, target, bytes) ? Inspect(cli, target, bytes) : ExitCodes.Refused;
        });
        return command;
    }

    private static Command CreateInspect()
    {
        var input = new Argument<string>("package") { Description = "Package to inspect" };
        var command = new Command("inspect", "Check a package (identifier, checksums, records, bounds) and show its contents") { input };
        command.SetAction(parse =>
        {
            var cli = CliOutput.For(parse, parse.InvocationConfiguration.Output, parse.InvocationConfiguration.Error);
            var path = parse.GetValue(input)!;
            var bytes = ImageCliSupport.ReadInput(cli, path);
            return bytes is null ? ExitCodes.Refused : Inspect(cli, path, bytes);
        });
        return command;
    }

    private static int Inspect(CliOutput cli, string path, byte[] bytes)
    {
        var verdict = PldmPackageReader.TryRead(bytes, out var package);
        if (verdict != ImageVerdict.Verified)
        {
            return ImageCliSupport.ReportVerdict(cli, path, verdict);
        }

        var report = new PackageReport(
            path,
            bytes.Length,
            PackageHeaderIdentifiers.Name(package!.Revision),
            Timestamp104.TryDecode(package.ReleaseDateTime.Span, out var time) ? time.ToString("O", CultureInfo.InvariantCulture) : null,
            package.Version.Text,
            package.ComponentBitmapBitLength,
            [.. package.FirmwareDevices.Select(d => new DeviceReport(
                d.ImageSetVersion.Text, d.UpdateOptionFlags, PldmPackage.Indices(d.ApplicableComponents.Span),
                [.. d.Descriptors.Select(x => $"{x.Type}:{Convert.ToHexString(x.Data.Span)}")], d.PackageData.Length, d.ReferenceManifest.Length))],
            [.. package.DownstreamDevices.Select(d => new DeviceReport(
                d.SelfContainedActivationMinVersion.Text, d.UpdateOptionFlags, PldmPackage.Indices(d.ApplicableComponents.Span),
                [.. d.Descriptors.Select(x => $"{x.Type}:{Convert.ToHexString(x.Data.Span)}")], d.PackageData.Length, d.ReferenceManifest.Length))],
            [.. package.Components.Select((c, i) => new ComponentReport(
                i, c.Classification, c.Identifier, c.ComparisonStamp, c.Options, c.RequestedActivationMethod, c.Version.Text, c.Image.Length, c.OpaqueData.Length))]);
        if (cli.Json)
        {
            cli.WriteJson(report);
            return ExitCodes.Ok;
        }

        ImageCliSupport.WriteFields(cli, $"PLDM firmware update package {path}", [
            ("size", report.Size.ToString(CultureInfo.InvariantCulture)),
            ("format", "DSP0267 " + report.Format),
            ("release", report.Release ?? "unspecified"),
            ("version", report.Version ?? "?"),
            ("component bitmap bits", report.ComponentBitmapBitLength.ToString(CultureInfo.InvariantCulture)),
            ("device records", report.FirmwareDevices.Count.ToString(CultureInfo.InvariantCulture)),
            ("downstream records", report.DownstreamDevices.Count.ToString(CultureInfo.InvariantCulture)),
        ]);
        var devices = new Spectre.Console.Table().AddColumn("Record").AddColumn("Version").AddColumn("Components").AddColumn("Descriptors");
        foreach (var (d, i) in report.FirmwareDevices.Select((d, i) => (d, $"FD {i}")).Concat(report.DownstreamDevices.Select((d, i) => (d, $"DD {i}"))))
        {
            devices.AddRow(i, Spectre.Console.Markup.Escape(d.Version ?? "-"), string.Join(',', d.ApplicableComponents), Spectre.Console.Markup.Escape(string.Join(' ', d.Descriptors)));
        }

        cli.Console.Write(devices);
        var table = new Spectre.Console.Table().AddColumn("#").AddColumn("Class").AddColumn("Id").AddColumn("Stamp").AddColumn("Version").AddColumn("Size");
        foreach (var c in report.Components)
        {
            table.AddRow(c.Index.ToString(CultureInfo.InvariantCulture), $"0x{c.Classification:X4}", $"0x{c.Identifier:X4}", $"0x{c.ComparisonStamp:X8}",
                Spectre.Console.Markup.Escape(c.Version ?? "?"), c.Size.ToString(CultureInfo.InvariantCulture));
        }

        cli.Console.Write(table);
        return ExitCodes.Ok;
    }

    private sealed record DeviceReport(string? Version, uint UpdateOptionFlags, IReadOnlyList<int> ApplicableComponents, IReadOnlyList<string> Descriptors, int PackageDataLength, int ReferenceManifestLength);

    private sealed record ComponentReport(int Index, ushort Classification, ushort Identifier, uint ComparisonStamp, ushort Options, ushort RequestedActivationMethod, string? Version, int Size, int OpaqueDataLength);

    private sealed record PackageReport(
        string File, int Size, string Format, string? Release, string? Version, ushort ComponentBitmapBitLength,
        IReadOnlyList<DeviceReport> FirmwareDevices, IReadOnlyList<DeviceReport> DownstreamDevices, IReadOnlyList<ComponentReport> Components);
}
