using Mono.Cecil;
using Mono.Cecil.Cil;
using Rampart.Hal.CoreControl;
using Rampart.Platform.Loading;
using static Rampart.Platform.Tests.Loading.EmittedApps;
using static Rampart.Platform.Tests.Loading.EmittedClasses;

namespace Rampart.Platform.Tests.Loading;

/// <summary>
/// A value of one struct is never used as another, and a number is never stored over a struct that is not an
/// enum (docs/decisions/0160-kernel-cooperative-syscalls.md, "value types"): one struct read as another reads
/// its fields — a reference among them — as the other's. Enums still pass for each other and for numbers.
/// </summary>
public sealed class ValueTypeIdentityTests
{
    private static byte[] ValueConfusion(string construct) => Build(c =>
    {
        var (a, b) = Structs(c);
        var il = c.Il;
        switch (construct)
        {
            case "an SA stored as an SB":
                il.Emit(OpCodes.Ldloc, Local(c, a));
                il.Emit(OpCodes.Stloc, Local(c, b));
                break;
            case "a DateTime passed as a TimeSpan":
                il.Emit(OpCodes.Ldloc, Local(c, c.Type("System", "DateTime", true)));
                il.Emit(OpCodes.Call, Sink(c, "TakeSpan", c.Types.Void, c.Type("System", "TimeSpan", true)));
                break;
            case "a number stored as an SA":
                il.Emit(OpCodes.Ldc_I8, 0x7f00_0000_1000L);
                il.Emit(OpCodes.Stloc, Local(c, a));
                break;
            case "a number written over an SA":
                il.Emit(OpCodes.Ldloca, Local(c, a));
                il.Emit(OpCodes.Ldc_I8, 0x7f00_0000_1000L);
                il.Emit(OpCodes.Stind_I8);
                break;
            case "a number written into an SA[]":
                ArrayAndIndex(il, a);
                il.Emit(OpCodes.Ldc_I8, 0x7f00_0000_1000L);
                il.Emit(OpCodes.Stelem_I8);
                break;
            case "an SB read from an SA[]":
                ArrayAndIndex(il, a);
                il.Emit(OpCodes.Ldelem_Any, b);
                il.Emit(OpCodes.Pop);
                break;
            default:
                il.Emit(OpCodes.Ldloca, Local(c, a));
                il.Emit(OpCodes.Ldloca, Local(c, b));
                il.Emit(OpCodes.Cpobj, a);
                break;
        }

        il.Emit(OpCodes.Ret);
    });

    [Fact]
    public void A_struct_of_another_assembly_named_only_by_its_constructor_is_not_taken_for_an_object()
    {
        // No signature calls TimeSpan a VALUETYPE; the host's hierarchy does (its base is System.ValueType).
        var image = Build(c =>
        {
            c.Il.Emit(OpCodes.Ldc_I8, 0x7f00_0000_1000L);
            c.Il.Emit(OpCodes.Newobj, c.Method(c.Type("System", "TimeSpan"), ".ctor", c.Types.Void, true, c.Types.Int64));
            c.Il.Emit(OpCodes.Call, Sink(c, "Take", c.Types.Void, c.Types.Object));
            c.Il.Emit(OpCodes.Ret);
        });

        AssertRefusedUnloaded(image, LoadRefusalReason.TypeMismatch, "a value type passed as object-typed parameter 0 of Emitted.App::Take");
    }

    [Theory]
    [InlineData("an SA stored as an SB", "a Emitted.SA stored into Emitted.SB-typed local 1")]
    [InlineData("a DateTime passed as a TimeSpan", "a System.DateTime passed as System.TimeSpan-typed parameter 0 of Emitted.App::TakeSpan")]
    [InlineData("a number stored as an SA", "a number stored into Emitted.SA-typed local 0")]
    [InlineData("a number written over an SA", "managed pointer to a value type written by stind.i8")]
    [InlineData("a number written into an SA[]", "stelem.i8 on an array of Emitted.SA")]
    [InlineData("an SB read from an SA[]", "ldelem Emitted.SB on an array of Emitted.SA")]
    [InlineData("an SB copied over an SA", "a managed pointer to Emitted.SB copied as Emitted.SA by cpobj")]
    public void A_value_of_one_struct_used_as_another_is_refused_and_never_loaded(string construct, string named)
    {
        AssertRefusedUnloaded(ValueConfusion(construct), LoadRefusalReason.TypeMismatch, named);
    }

    [Fact]
    public void Enums_pass_for_one_another_and_for_numbers_as_csharp_casts_them()
    {
        var image = Build(c =>
        {
            var day = c.Type("System", "DayOfWeek", true);
            var status = c.Type("System.Threading.Tasks", "TaskStatus", true);
            var il = c.Il;
            var local = Local(c, day);
            il.Emit(OpCodes.Ldloc, local);
            il.Emit(OpCodes.Stloc, Local(c, status));
            il.Emit(OpCodes.Ldc_I4_3);
            il.Emit(OpCodes.Stloc, local);
            il.Emit(OpCodes.Ldloca, local);
            il.Emit(OpCodes.Ldc_I4_4);
            il.Emit(OpCodes.Stind_I4);
            ArrayAndIndex(il, day);
            il.Emit(OpCodes.Ldc_I4_5);
            il.Emit(OpCodes.Stelem_I4);
            il.Emit(OpCodes.Ret);
        });

        Assert.Equal(LoadRefusal.None, AppCodeLoader.Check(image));
    }
}
