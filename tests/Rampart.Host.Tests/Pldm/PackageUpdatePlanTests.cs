using Rampart.Host.Pldm;
using Rampart.Images.Package;
using Rampart.Protocols.Pldm;
using Rampart.Wire.Pldm.FirmwareUpdate;

namespace Rampart.Host.Tests.Pldm;

public sealed class PackageUpdatePlanTests
{
    private static readonly byte[] Iana = [0x7F, 0xA6, 0x00, 0x00];

    private static byte[] Package(params int[] applicable) => PldmPackageWriter.Write(new PldmPackage
    {
        Revision = PackageFormatRevision.V1_3,
        ReleaseDateTime = new byte[Timestamp104.Size],
        ComponentBitmapBitLength = 8,
        Version = PackageString.FromText(VersionStringType.Ascii, "p"),
        FirmwareDevices =
        [
            new FirmwareDeviceIdRecord
            {
                ImageSetVersion = PackageString.FromText(VersionStringType.Ascii, "set-1"),
                ApplicableComponents = PldmPackage.Bitmap(8, applicable),
                Descriptors = [new PackageDescriptor(DescriptorType.IanaEnterpriseId, Iana)],
            },
        ],
        Components =
        [
            new ComponentImage { Classification = 0x000A, Identifier = 0x10, ComparisonStamp = 7, Version = PackageString.FromText(VersionStringType.Ascii, "1.0"), Image = new byte[] { 1, 2, 3 } },
            new ComponentImage { Classification = 0x000A, Identifier = 0x11, Version = PackageString.FromText(VersionStringType.Ascii, "2.0"), Image = new byte[] { 4 } },
        ],
    });

    [Fact]
    public void The_plan_holds_the_device_record_and_its_applicable_components()
    {
        Assert.True(PackageUpdatePlan.TryCreate(Package(0, 1), [new UpdatePlanDescriptor(DescriptorType.IanaEnterpriseId, Iana)], out var plan, out var reason), reason);
        Assert.Equal("set-1"u8.ToArray(), plan!.ImageSetVersion.ToArray());
        Assert.Equal([(ushort)0x10, (ushort)0x11], plan.Components.Select(c => c.Identifier));
        Assert.Equal(7u, plan.Components[0].ComparisonStamp);
        Assert.Equal(new byte[] { 1, 2, 3 }, plan.Components[0].Image.ToArray());
        Assert.Equal(ComponentClassification.Firmware, plan.Components[1].Classification);
    }

    [Fact]
    public void Only_the_components_the_record_applies_are_planned()
    {
        Assert.True(PackageUpdatePlan.TryCreate(Package(1), [], out var plan, out _));
        Assert.Equal([(ushort)0x11], plan!.Components.Select(c => c.Identifier));
    }

    [Fact]
    public void A_package_for_another_device_a_record_without_components_or_a_damaged_package_is_refused()
    {
        Assert.False(PackageUpdatePlan.TryCreate(Package(0), [new UpdatePlanDescriptor(DescriptorType.IanaEnterpriseId, new byte[] { 1, 2, 3, 4 })], out var plan, out var reason));
        Assert.Null(plan);
        Assert.Contains("descriptors", reason, StringComparison.Ordinal);
        Assert.False(PackageUpdatePlan.TryCreate(Package(), [], out _, out reason));
        Assert.Contains("no component", reason, StringComparison.Ordinal);
        var damaged = Package(0);
        damaged[20] ^= 0x40;
        Assert.False(PackageUpdatePlan.TryCreate(damaged, [], out _, out reason));
        Assert.Contains("not a valid DSP0267 package", reason, StringComparison.Ordinal);
        for (var length = 0; length < damaged.Length; length += 7)
        {
            Assert.False(PackageUpdatePlan.TryCreate(Package(0).AsSpan(0, length), [], out _, out _));
        }
    }
}
