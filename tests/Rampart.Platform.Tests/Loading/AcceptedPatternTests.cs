using Mono.Cecil;
using Mono.Cecil.Cil;
using Rampart.Hal.CoreControl;
using Rampart.Platform.Loading;
using static Rampart.Platform.Tests.Loading.EmittedApps;

namespace Rampart.Platform.Tests.Loading;

public sealed class AcceptedPatternTests
{
    [Fact]
    public void Ldind_through_a_ref_parameter_is_accepted()
    {
        var image = Build(c =>
        {
            var read = c.AddStatic("Read", c.Types.Int32, new ByReferenceType(c.Types.Int32));
            var il = read.Body.GetILProcessor();
            il.Emit(OpCodes.Ldarg_0);
            il.Emit(OpCodes.Ldind_I4);
            il.Emit(OpCodes.Ret);
            c.Run.Body.Variables.Add(new VariableDefinition(c.Types.Int32));
            c.Il.Emit(OpCodes.Ldloca_S, c.Run.Body.Variables[0]);
            c.Il.Emit(OpCodes.Call, read);
            c.Il.Emit(OpCodes.Pop);
            c.Il.Emit(OpCodes.Ret);
        });

        Assert.Equal(LoadRefusal.None, AppCodeLoader.Check(image));
    }

    [Theory]
    [InlineData("count and bytes", 16, 16, 1)]
    [InlineData("ints", 64, 16, 4)]
    public void Stackalloc_into_a_span_is_accepted(string name, int bytes, int count, int elementSize)
    {
        Assert.NotNull(name);
        var image = Build(c =>
        {
            var span = new GenericInstanceType(c.Type("System", "Span`1", true));
            span.GenericArguments.Add(elementSize == 1 ? c.Types.Byte : c.Types.Int32);
            c.Il.Emit(OpCodes.Ldc_I4, bytes);
            c.Il.Emit(OpCodes.Conv_U);
            c.Il.Emit(OpCodes.Localloc);
            c.Il.Emit(OpCodes.Ldc_I4, count);
            c.Il.Emit(OpCodes.Newobj, c.Method(span, ".ctor", c.Types.Void, true, new PointerType(c.Types.Void), c.Types.Int32));
            c.Il.Emit(OpCodes.Pop);
            c.Il.Emit(OpCodes.Ret);
        });

        Assert.Equal(LoadRefusal.None, AppCodeLoader.Check(image));
    }

    [Fact]
    public void Stackalloc_with_a_span_longer_than_the_allocation_is_refused()
    {
        var image = Build(c =>
        {
            var span = new GenericInstanceType(c.Type("System", "Span`1", true));
            span.GenericArguments.Add(c.Types.Int32);
            c.Il.Emit(OpCodes.Ldc_I4, 16);
            c.Il.Emit(OpCodes.Conv_U);
            c.Il.Emit(OpCodes.Localloc);
            c.Il.Emit(OpCodes.Ldc_I4, 16);
            c.Il.Emit(OpCodes.Newobj, c.Method(span, ".ctor", c.Types.Void, true, new PointerType(c.Types.Void), c.Types.Int32));
            c.Il.Emit(OpCodes.Pop);
            c.Il.Emit(OpCodes.Ret);
        });

        Assert.Equal(LoadRefusalReason.PointerOpcode, AppCodeLoader.Check(image).Reason);
    }

    [Fact]
    public void A_lambda_cache_is_accepted_but_a_look_alike_field_is_not()
    {
        static byte[] WithCacheField(string fieldName) => Build(c =>
        {
            var cache = new TypeDefinition(string.Empty, "<>c", TypeAttributes.NestedPrivate | TypeAttributes.Sealed | TypeAttributes.Serializable, c.Types.Object);
            c.App.NestedTypes.Add(cache);
            var func = new GenericInstanceType(c.Type("System", "Func`1"));
            func.GenericArguments.Add(c.Types.Int32);
            cache.Fields.Add(new FieldDefinition(fieldName, FieldAttributes.Public | FieldAttributes.Static, fieldName.StartsWith("<>9__", StringComparison.Ordinal) ? func : c.Types.Int32));
            c.Il.Emit(OpCodes.Ret);
        });

        Assert.Equal(LoadRefusal.None, AppCodeLoader.Check(WithCacheField("<>9__0_0")));
        Assert.Equal(LoadRefusalReason.MutableStaticField, AppCodeLoader.Check(WithCacheField("counter")).Reason);
    }
}
