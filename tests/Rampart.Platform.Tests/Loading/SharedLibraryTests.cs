using System.Runtime.Loader;
using CsCheck;
using Mono.Cecil;
using Rampart.Hal.CoreControl;
using Rampart.Platform.Loading;
using static Rampart.Platform.Tests.Loading.EmittedStages;
using static Rampart.Platform.Tests.Loading.MultiAssemblyAppTests;

namespace Rampart.Platform.Tests.Loading;

/// <summary>
/// Decision 0272: an app archive names a library its carrying (runtime) archive holds instead of
/// repeating it; the carrier resolves the references and the app loader checks, instruments and
/// loads the library into the app's own context as if it had travelled inside the app.
/// </summary>
public sealed class SharedLibraryTests
{
    private static FirmwareArchiveEntry Reference(string name) => new(FirmwareArchiveEntryKind.LibraryReference, name, ReadOnlyMemory<byte>.Empty);

    private static FirmwareArchive Carrier(params FirmwareArchiveEntry[] entries)
    {
        Assert.True(FirmwareArchive.TryRead(FirmwareArchive.Write("Runtime.Entry", entries), out var carrier));
        return carrier!;
    }

    [Fact]
    public void Resolving_puts_the_carriers_bytes_in_the_references_place()
    {
        var carrier = Carrier(Entry("Rt", [1]), Entry("Lib", [7, 7, 7]), Entry("Other", [8]),
            new(FirmwareArchiveEntryKind.AppPayload, "App", new byte[] { 0 }));
        var payload = FirmwareArchive.Write(string.Empty, [Entry("App", [9]), Reference("Lib"), Entry("Own", [5])]);

        var resolved = carrier.ResolveLibraries(payload);

        Assert.Equal(FirmwareArchive.Write(string.Empty, [Entry("App", [9]), Entry("Lib", [7, 7, 7]), Entry("Own", [5])]), resolved.ToArray());
    }

    [Fact]
    public void A_reference_naming_nothing_or_an_app_payload_stays_a_reference()
    {
        var carrier = Carrier(Entry("Rt", [1]), Entry("Lib", [7]), new(FirmwareArchiveEntryKind.AppPayload, "Pay", new byte[] { 0 }));
        var payload = FirmwareArchive.Write(string.Empty, [Entry("App", [9]), Reference("Lib"), Reference("Missing"), Reference("Pay")]);

        Assert.True(FirmwareArchive.TryRead(carrier.ResolveLibraries(payload), out var resolved));

        Assert.Equal(["App", "Lib"], resolved!.Assemblies.Select(e => e.Name));
        Assert.Equal(["Missing", "Pay"], resolved.LibraryReferences.Select(e => e.Name));
    }

    [Fact]
    public void A_payload_with_nothing_to_resolve_comes_back_as_it_is()
    {
        var carrier = Carrier(Entry("Rt", [1]), Entry("Lib", [7]));
        ReadOnlyMemory<byte>[] payloads =
        [
            new byte[] { 0x4D, 0x5A, 0x90, 0x00 },
            FirmwareArchive.Write(string.Empty, [Entry("App", [9]), Entry("Lib", [7])]),
            FirmwareArchive.Write(string.Empty, [Entry("App", [9]), Reference("Missing")]),
            FirmwareArchive.Write(string.Empty, [Entry("App", [9]), Reference("Lib")]).AsMemory(0, 20),
            ReadOnlyMemory<byte>.Empty,
        ];

        Assert.All(payloads, p => Assert.True(carrier.ResolveLibraries(p).Equals(p)));
    }

    [Fact]
    public void Resolving_random_bytes_never_throws_and_leaves_only_what_the_carrier_lacks()
    {
        var carrier = Carrier(Entry("Rt", [1]), Entry("A", [2, 2]), Entry("B", []));
        var entry = Gen.Select(Gen.Int[0, 2], Gen.OneOfConst("A", "B", "C", "Rt", "x"), Gen.Byte.Array[0, 8],
            (kind, name, bytes) => kind == 2 ? Reference(name) : new FirmwareArchiveEntry((FirmwareArchiveEntryKind)kind, name, bytes));
        entry.Array[0, 6].Sample(rest =>
        {
            FirmwareArchiveEntry[] entries = [Entry("app", [3]), .. rest.Where(e => e.Kind != FirmwareArchiveEntryKind.AppPayload).DistinctBy(e => e.Name)];
            Assert.True(FirmwareArchive.TryRead(carrier.ResolveLibraries(FirmwareArchive.Write(string.Empty, entries)), out var resolved));
            Assert.All(resolved!.LibraryReferences, r => Assert.DoesNotContain(carrier.Assemblies, a => a.Name == r.Name));
            Assert.Equal(entries.Select(e => e.Name), resolved.Entries.Select(e => e.Name));
        }, iter: 200);

        Gen.Byte.Array[0, 200].Sample(random => { _ = carrier.ResolveLibraries(random); }, iter: 300);
        var one = FirmwareArchive.Write(string.Empty, [Entry("app", [3]), Reference("A")]);
        for (var bit = 0; bit < one.Length * 8; bit++)
        {
            var copy = (byte[])one.Clone();
            copy[bit / 8] ^= (byte)(1 << (bit % 8));
            _ = carrier.ResolveLibraries(copy);
        }
    }

    [Fact]
    public void A_resolved_library_is_checked_instrumented_and_loaded_into_each_apps_own_context()
    {
        var library = UniqueName("SharedLib");
        var carrier = Carrier(Entry(UniqueName("Runtime"), [1]), Entry(library, Library(library)));
        var first = AppCallingLibrary(library, out var firstName);
        var second = AppCallingLibrary(library, out var secondName);
        var loader = new AppCodeLoader();

        var apps = new[] { first, second }.Select((bytes, i) =>
        {
            var payload = carrier.ResolveLibraries(FirmwareArchive.Write(string.Empty, [Entry(i == 0 ? firstName : secondName, bytes), Reference(library)]));
            Assert.True(loader.TryLoadApp(payload.Span, AppLoadLimits.Default, out var app, out var refusal), refusal.ToString());
            Assert.True(app!.TryCreate<object>("Emitted.App", out var instance, out refusal), refusal.ToString());
            app.Meter.Refuel(1_000_000);
            instance!.GetType().GetMethod("Run")!.Invoke(null, [300]);
            Assert.True(app.Meter.TotalTicks >= 300, $"the shared library's loop ticked the app's meter {app.Meter.TotalTicks} times");
            return (App: app, Context: AssemblyLoadContext.GetLoadContext(instance.GetType().Assembly)!);
        }).ToList();

        Assert.NotSame(apps[0].Context, apps[1].Context);
        var copies = apps.Select(a => a.Context.Assemblies.Single(x => x.GetName().Name == library)).ToList();
        Assert.NotSame(copies[0], copies[1]);
        Assert.DoesNotContain(AssemblyLoadContext.Default.Assemblies, a => a.GetName().Name == library);
        apps.ForEach(a => a.App.Unload());
    }

    [Fact]
    public void A_resolved_library_still_passes_the_stage_rules_or_the_app_is_refused_by_its_name()
    {
        var library = UniqueName("SharedLib");
        var bad = Library(library, (module, il) =>
            module.Types.Single(t => t.Name == "Lib").Fields.Add(new FieldDefinition("Counter", FieldAttributes.Public | FieldAttributes.Static, module.TypeSystem.Int32)));
        var carrier = Carrier(Entry(UniqueName("Runtime"), [1]), Entry(library, bad));
        var app = AppCallingLibrary(library, out var appName);

        var payload = carrier.ResolveLibraries(FirmwareArchive.Write(string.Empty, [Entry(appName, app), Reference(library)]));

        Assert.False(new AppCodeLoader().TryLoadApp(payload.Span, AppLoadLimits.Default, out var loaded, out var refusal));
        Assert.Null(loaded);
        Assert.Equal(LoadRefusalReason.MutableStaticField, refusal.Reason);
        Assert.Contains(library, refusal.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void A_dangling_reference_is_refused_by_its_name()
    {
        var missing = UniqueName("NoSuchLib");
        var app = AppCallingLibrary(missing, out var appName);
        var carrier = Carrier(Entry(UniqueName("Runtime"), [1]));
        var loader = new AppCodeLoader();

        var payload = carrier.ResolveLibraries(FirmwareArchive.Write(string.Empty, [Entry(appName, app), Reference(missing)]));

        Assert.False(loader.TryLoadApp(payload.Span, AppLoadLimits.Default, out var loaded, out var refusal));
        Assert.Null(loaded);
        Assert.Equal(LoadRefusalReason.ForbiddenAssembly, refusal.Reason);
        Assert.StartsWith(missing + " ", refusal.Detail, StringComparison.Ordinal);
        Assert.Equal(1, loader.Refused);
        Assert.DoesNotContain(AssemblyLoadContext.All.SelectMany(c => c.Assemblies), a => a.GetName().Name == appName);
    }

    [Fact]
    public void A_stage_archive_may_not_hold_references()
    {
        var stageName = UniqueName("EmittedStage");
        var libraryName = UniqueName("EmittedStageLib");
        FirmwareArchiveEntry[] entries = [Entry(stageName, StageAssembly(stageName, libraryName)), Reference(libraryName)];

        var refusal = ChipCodeLoader.CheckStage(FirmwareArchive.Write(string.Empty, entries));

        Assert.Equal(LoadRefusalReason.Malformed, refusal.Reason);
        Assert.Contains("library reference " + libraryName, refusal.Detail, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => FirmwareArchive.Write(EntryType, entries));
    }
}
