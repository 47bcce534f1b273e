using Mono.Cecil;
using Mono.Cecil.Cil;
using Rampart.Hal.CoreControl;
using Rampart.Platform.Loading;
using static Rampart.Platform.Tests.Loading.EmittedApps;

namespace Rampart.Platform.Tests.Loading;

/// <summary>
/// A number never becomes an object reference, and a managed pointer is used only as what it
/// points at (docs/decisions/0160-kernel-cooperative-syscalls.md, "limits of the body check").
/// Each construct is hand-written IL: the C# compiler emits none of them.
/// </summary>
public sealed class ValueKindTests
{
    private static VariableDefinition Local(Context c, TypeReference type)
    {
        var local = new VariableDefinition(type);
        c.Run.Body.Variables.Add(local);
        return local;
    }

    /// <summary>Pushes a made-up address: <c>ldc.i8 0x7f0000001000; conv.i</c>.</summary>
    private static void Address(ILProcessor il)
    {
        il.Emit(OpCodes.Ldc_I8, 0x7f00_0000_1000L);
        il.Emit(OpCodes.Conv_I);
    }

    /// <summary><c>new T[1][0] = 0x7f0000001000L</c> through <c>stelem.i8</c>.</summary>
    private static byte[] Int64IntoArray(Func<Context, TypeReference> element) => Build(c =>
    {
        c.Il.Emit(OpCodes.Ldc_I4_1);
        c.Il.Emit(OpCodes.Newarr, element(c));
        c.Il.Emit(OpCodes.Ldc_I4_0);
        c.Il.Emit(OpCodes.Ldc_I8, 0x7f00_0000_1000L);
        c.Il.Emit(OpCodes.Stelem_I8);
        c.Il.Emit(OpCodes.Ret);
    });

    private static MethodReference ObjectToString(Context c) => c.Method(c.Types.Object, "ToString", c.Types.String, true);

    private static byte[] Image(string construct) => construct switch
    {
        "native integer stored into an object local" => Build(c =>
        {
            var local = Local(c, c.Types.Object);
            Address(c.Il);
            c.Il.Emit(OpCodes.Stloc, local);
            c.Il.Emit(OpCodes.Ldloc, local);
            c.Il.Emit(OpCodes.Callvirt, ObjectToString(c));
            c.Il.Emit(OpCodes.Pop);
            c.Il.Emit(OpCodes.Ret);
        }),
        "int64 stored into a string local" => Build(c =>
        {
            var local = Local(c, c.Types.String);
            c.Il.Emit(OpCodes.Ldc_I8, 0x7f00_0000_1000L);
            c.Il.Emit(OpCodes.Stloc, local);
            c.Il.Emit(OpCodes.Ret);
        }),
        "native integer stored into an object field" => Build(c =>
        {
            var field = new FieldDefinition("Target", FieldAttributes.Public, c.Types.Object);
            c.App.Fields.Add(field);
            c.Il.Emit(OpCodes.Newobj, c.App.Methods.Single(m => m.IsConstructor));
            Address(c.Il);
            c.Il.Emit(OpCodes.Stfld, field);
            c.Il.Emit(OpCodes.Ret);
        }),
        "native integer stored into an object argument" => Build(c =>
        {
            var keep = c.AddStatic("Keep", c.Types.Void, c.Types.Object);
            var il = keep.Body.GetILProcessor();
            Address(il);
            il.Emit(OpCodes.Starg, keep.Parameters[0]);
            il.Emit(OpCodes.Ret);
            c.Il.Emit(OpCodes.Ret);
        }),
        "native integer passed as an object" => Build(c =>
        {
            c.Il.Emit(OpCodes.Ldnull);
            Address(c.Il);
            c.Il.Emit(OpCodes.Call, c.Method(c.Type("System", "String"), "Concat", c.Types.String, false, c.Types.Object, c.Types.Object));
            c.Il.Emit(OpCodes.Pop);
            c.Il.Emit(OpCodes.Ret);
        }),
        "number returned as an object" => Build(c =>
        {
            var forge = c.AddStatic("Forge", c.Types.Object);
            var il = forge.Body.GetILProcessor();
            il.Emit(OpCodes.Ldc_I8, 0x7f00_0000_1000L);
            il.Emit(OpCodes.Ret);
            c.Il.Emit(OpCodes.Ret);
        }),
        "number written through a ref to an object" => Build(c =>
        {
            var local = Local(c, c.Types.Object);
            c.Il.Emit(OpCodes.Ldloca, local);
            Address(c.Il);
            c.Il.Emit(OpCodes.Stind_I);
            c.Il.Emit(OpCodes.Ret);
        }),
        "object read through a ref to a number" => Build(c =>
        {
            var local = Local(c, c.Types.Int64);
            c.Il.Emit(OpCodes.Ldloca, local);
            c.Il.Emit(OpCodes.Ldind_Ref);
            c.Il.Emit(OpCodes.Pop);
            c.Il.Emit(OpCodes.Ret);
        }),
        "ref to a number passed as ref object" => Build(c =>
        {
            var swap = c.AddStatic("Swap", c.Types.Void, new ByReferenceType(c.Types.Object));
            swap.Body.GetILProcessor().Emit(OpCodes.Ret);
            var local = Local(c, c.Types.IntPtr);
            c.Il.Emit(OpCodes.Ldloca, local);
            c.Il.Emit(OpCodes.Call, swap);
            c.Il.Emit(OpCodes.Ret);
        }),
        "join of a number and an object" => Build(c =>
        {
            var local = Local(c, c.Types.Object);
            var number = c.Il.Create(OpCodes.Ldc_I8, 0x7f00_0000_1000L);
            var join = c.Il.Create(OpCodes.Stloc, local);
            c.Il.Emit(OpCodes.Ldc_I4_0);
            c.Il.Emit(OpCodes.Brtrue, number);
            c.Il.Emit(OpCodes.Ldnull);
            c.Il.Emit(OpCodes.Br, join);
            c.Il.Append(number);
            c.Il.Append(join);
            c.Il.Emit(OpCodes.Ret);
        }),
        "number boxed as a reference type" => Build(c =>
        {
            c.Il.Emit(OpCodes.Ldc_I8, 0x7f00_0000_1000L);
            c.Il.Emit(OpCodes.Box, c.Types.Object);
            c.Il.Emit(OpCodes.Callvirt, ObjectToString(c));
            c.Il.Emit(OpCodes.Pop);
            c.Il.Emit(OpCodes.Ret);
        }),
        "object read from an array of native integers" => Build(c =>
        {
            c.Il.Emit(OpCodes.Ldc_I4_1);
            c.Il.Emit(OpCodes.Newarr, c.Types.IntPtr);
            c.Il.Emit(OpCodes.Ldc_I4_0);
            c.Il.Emit(OpCodes.Ldelem_Ref);
            c.Il.Emit(OpCodes.Pop);
            c.Il.Emit(OpCodes.Ret);
        }),
        "number written into an array of objects" => Int64IntoArray(c => c.Types.Object),
        "generic value stored as an object without box" => Build(c =>
        {
            var method = new MethodDefinition("Hide", MethodAttributes.Public | MethodAttributes.Static | MethodAttributes.HideBySig, c.Types.Object);
            var t = new GenericParameter("T", method);
            method.GenericParameters.Add(t);
            method.Parameters.Add(new ParameterDefinition(t));
            c.App.Methods.Add(method);
            var il = method.Body.GetILProcessor();
            il.Emit(OpCodes.Ldarg_0);
            il.Emit(OpCodes.Ret);
            c.Il.Emit(OpCodes.Ret);
        }),
        "int64 written through a ref to an int32" => Build(c =>
        {
            var local = Local(c, c.Types.Int32);
            c.Il.Emit(OpCodes.Ldloca, local);
            c.Il.Emit(OpCodes.Ldc_I8, 0x7f00_0000_1000L);
            c.Il.Emit(OpCodes.Stind_I8);
            c.Il.Emit(OpCodes.Ret);
        }),
        "int64 written into an int32 array" => Int64IntoArray(c => c.Types.Int32),
        "ref int32 passed as ref int64" => Build(c =>
        {
            var widen = c.AddStatic("Widen", c.Types.Void, new ByReferenceType(c.Types.Int64));
            widen.Body.GetILProcessor().Emit(OpCodes.Ret);
            var local = Local(c, c.Types.Int32);
            c.Il.Emit(OpCodes.Ldloca, local);
            c.Il.Emit(OpCodes.Call, widen);
            c.Il.Emit(OpCodes.Ret);
        }),
        "value type used as an object" => Build(c =>
        {
            var local = Local(c, c.Type("System", "DateTime", true));
            c.Il.Emit(OpCodes.Ldloc, local);
            c.Il.Emit(OpCodes.Callvirt, ObjectToString(c));
            c.Il.Emit(OpCodes.Pop);
            c.Il.Emit(OpCodes.Ret);
        }),
        _ => throw new ArgumentOutOfRangeException(nameof(construct)),
    };

    [Theory]
    [InlineData("native integer stored into an object local", "a number stored into object-typed local 0")]
    [InlineData("int64 stored into a string local", "a number stored into object-typed local 0")]
    [InlineData("native integer stored into an object field", "a number stored into object-typed Emitted.App::Target")]
    [InlineData("native integer stored into an object argument", "a number stored into object-typed argument 0")]
    [InlineData("native integer passed as an object", "a number passed as object-typed parameter 1 of System.String::Concat")]
    [InlineData("number returned as an object", "a number stored into object-typed return value")]
    [InlineData("number written through a ref to an object", "managed pointer to an object reference written by stind.i")]
    [InlineData("object read through a ref to a number", "managed pointer to a number of 8 bytes read by ldind.ref")]
    [InlineData("ref to a number passed as ref object", "managed pointer to a number of native size passed as ref object-typed parameter 0")]
    [InlineData("join of a number and an object", "a number stored into object-typed local 0")]
    [InlineData("number boxed as a reference type", "a number boxed as System.Object")]
    [InlineData("object read from an array of native integers", "ldelem.ref on an array of other elements")]
    [InlineData("number written into an array of objects", "stelem.i8 on an array of other elements")]
    [InlineData("generic value stored as an object without box", "a generic value stored into object-typed return value")]
    [InlineData("value type used as an object", "a value type used as 'this' for System.Object::ToString")]
    [InlineData("int64 written through a ref to an int32", "managed pointer to a number of 4 bytes written by stind.i8")]
    [InlineData("int64 written into an int32 array", "stelem.i8 on an array of other elements")]
    [InlineData("ref int32 passed as ref int64", "managed pointer to a number of 4 bytes passed as ref number-typed parameter 0 of Emitted.App::Widen")]
    public void A_number_or_pointer_used_as_another_kind_is_refused_and_never_loaded(string construct, string named)
    {
        AssertRefusedUnloaded(Image(construct), LoadRefusalReason.TypeMismatch, named);
    }

    [Fact]
    public void Numbers_reach_value_types_and_generic_instantiations_over_numbers()
    {
        var image = Build(c =>
        {
            // An enum local takes an int32 (also through its address), a bool[] a byte, List<int>.Add(!0) an int32 through the instantiation.
            var color = new TypeDefinition("Emitted", "Color", TypeAttributes.Public | TypeAttributes.Sealed, c.Type("System", "Enum"));
            color.Fields.Add(new FieldDefinition("value__", FieldAttributes.Public | FieldAttributes.SpecialName | FieldAttributes.RTSpecialName, c.Types.Int32));
            c.Module.Types.Add(color);
            var local = Local(c, color);
            c.Il.Emit(OpCodes.Ldc_I4_2);
            c.Il.Emit(OpCodes.Stloc, local);
            c.Il.Emit(OpCodes.Ldloca, local);
            c.Il.Emit(OpCodes.Ldc_I4_3);
            c.Il.Emit(OpCodes.Stind_I4);
            c.Il.Emit(OpCodes.Ldc_I4_1);
            c.Il.Emit(OpCodes.Newarr, c.Types.Boolean);
            c.Il.Emit(OpCodes.Ldc_I4_0);
            c.Il.Emit(OpCodes.Ldc_I4_1);
            c.Il.Emit(OpCodes.Stelem_I1);
            var list = new GenericInstanceType(c.Type("System.Collections.Generic", "List`1"));
            list.GenericArguments.Add(c.Types.Int32);
            var definition = c.Type("System.Collections.Generic", "List`1");
            definition.GenericParameters.Add(new GenericParameter("T", definition));
            c.Il.Emit(OpCodes.Newobj, c.Method(list, ".ctor", c.Types.Void, true));
            c.Il.Emit(OpCodes.Ldc_I4_5);
            c.Il.Emit(OpCodes.Callvirt, c.Method(list, "Add", c.Types.Void, true, definition.GenericParameters[0]));
            c.Il.Emit(OpCodes.Ret);
        });

        Assert.Equal(LoadRefusal.None, AppCodeLoader.Check(image));
    }

    [Fact]
    public void A_number_passed_where_the_instantiation_wants_an_object_is_refused()
    {
        var image = Build(c =>
        {
            var list = new GenericInstanceType(c.Type("System.Collections.Generic", "List`1"));
            list.GenericArguments.Add(c.Types.Object);
            var definition = c.Type("System.Collections.Generic", "List`1");
            definition.GenericParameters.Add(new GenericParameter("T", definition));
            c.Il.Emit(OpCodes.Newobj, c.Method(list, ".ctor", c.Types.Void, true));
            c.Il.Emit(OpCodes.Ldc_I8, 0x7f00_0000_1000L);
            c.Il.Emit(OpCodes.Callvirt, c.Method(list, "Add", c.Types.Void, true, definition.GenericParameters[0]));
            c.Il.Emit(OpCodes.Ret);
        });

        var refusal = AppCodeLoader.Check(image);

        Assert.Equal(LoadRefusalReason.TypeMismatch, refusal.Reason);
        Assert.Contains("a number passed as object-typed parameter 0 of System.Collections.Generic.List`1::Add", refusal.Detail, StringComparison.Ordinal);
    }
}
