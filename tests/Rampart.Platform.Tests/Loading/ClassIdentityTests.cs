using Mono.Cecil;
using Mono.Cecil.Cil;
using Rampart.Hal.CoreControl;
using Rampart.Platform.Loading;
using static Rampart.Platform.Tests.Loading.EmittedApps;
using static Rampart.Platform.Tests.Loading.EmittedClasses;

namespace Rampart.Platform.Tests.Loading;

/// <summary>
/// An object of one class is never used where another is declared without <c>castclass</c>
/// (docs/decisions/0160-kernel-cooperative-syscalls.md, "class identity"): reading a B's fields from an A
/// would confuse types and break isolation. Each confusion is hand-written IL; the C# compiler emits none.
/// </summary>
public sealed class ClassIdentityTests
{
    private static byte[] Confusion(string construct) => Build(c =>
    {
        var k = Define(c);
        var il = c.Il;
        switch (construct)
        {
            case "an A passed as a B":
                {
                    il.Emit(OpCodes.Newobj, Classes.New(k.A));
                    il.Emit(OpCodes.Call, Sink(c, "Take", c.Types.Void, k.B));
                    break;
                }

            case "an A as the instance of ldfld B::Secret":
                {
                    il.Emit(OpCodes.Newobj, Classes.New(k.A));
                    il.Emit(OpCodes.Ldfld, k.Secret);
                    il.Emit(OpCodes.Pop);
                    break;
                }

            case "an A as 'this' of B::Get":
                {
                    il.Emit(OpCodes.Newobj, Classes.New(k.A));
                    il.Emit(OpCodes.Callvirt, k.Get);
                    il.Emit(OpCodes.Pop);
                    break;
                }

            case "an A stored into a B field":
                {
                    var held = new FieldDefinition("Held", FieldAttributes.Public, k.B);
                    c.App.Fields.Add(held);
                    il.Emit(OpCodes.Newobj, c.App.Methods.Single(m => m.IsConstructor));
                    il.Emit(OpCodes.Newobj, Classes.New(k.A));
                    il.Emit(OpCodes.Stfld, held);
                    break;
                }

            case "an A returned as a B":
                {
                    var forge = c.AddStatic("Forge", k.B);
                    forge.Body.GetILProcessor().Emit(OpCodes.Newobj, Classes.New(k.A));
                    forge.Body.GetILProcessor().Emit(OpCodes.Ret);
                    break;
                }

            case "an A stored into a B local":
                {
                    il.Emit(OpCodes.Newobj, Classes.New(k.A));
                    il.Emit(OpCodes.Stloc, Local(c, k.B));
                    break;
                }

            case "the join of an A and a B used as a B":
                {
                    EitherOf(c, k.A, k.B, join =>
                    {
                        join.Emit(OpCodes.Ldfld, k.Secret);
                        join.Emit(OpCodes.Pop);
                    });
                    break;
                }

            case "an A as an IShape it does not implement":
                {
                    il.Emit(OpCodes.Newobj, Classes.New(k.A));
                    il.Emit(OpCodes.Callvirt, k.Area);
                    il.Emit(OpCodes.Pop);
                    break;
                }

            case "an A stored into a B[]":
                {
                    ArrayAndIndex(il, k.B);
                    il.Emit(OpCodes.Newobj, Classes.New(k.A));
                    il.Emit(OpCodes.Stelem_Ref);
                    break;
                }

            case "a B read by ldelem from an object[]":
                {
                    ArrayAndIndex(il, c.Types.Object);
                    il.Emit(OpCodes.Ldelem_Any, k.B);
                    il.Emit(OpCodes.Ldfld, k.Secret);
                    il.Emit(OpCodes.Pop);
                    break;
                }

            case "ref Derived passed as ref B":
                {
                    var swap = Sink(c, "Swap", c.Types.Void, new ByReferenceType(k.B));
                    il.Emit(OpCodes.Ldloca, Local(c, k.Derived));
                    il.Emit(OpCodes.Call, swap);
                    break;
                }

            case "an A written through a ref B":
                {
                    il.Emit(OpCodes.Ldloca, Local(c, k.B));
                    il.Emit(OpCodes.Newobj, Classes.New(k.A));
                    il.Emit(OpCodes.Stind_Ref);
                    break;
                }

            case "a boxed T used as an IShape without the constraint":
                {
                    OpenGeneric(c, null, (body, open) =>
                    {
                        body.Emit(OpCodes.Ldarg_0);
                        body.Emit(OpCodes.Box, open.GenericParameters[0]);
                        body.Emit(OpCodes.Callvirt, k.Area);
                        body.Emit(OpCodes.Pop);
                        body.Emit(OpCodes.Ret);
                    });
                    break;
                }

            case "a T constrained. as an IShape without the constraint":
                {
                    OpenGeneric(c, null, (body, open) =>
                    {
                        body.Emit(OpCodes.Ldarga_S, open.Parameters[0]);
                        body.Emit(OpCodes.Constrained, open.GenericParameters[0]);
                        body.Emit(OpCodes.Callvirt, k.Area);
                        body.Emit(OpCodes.Pop);
                        body.Emit(OpCodes.Ret);
                    });
                    break;
                }

            case "a B written through a readonly. element address":
                {
                    // A B[] may be a Derived[]: without the runtime's check, a plain B would land in it.
                    il.Emit(OpCodes.Ldc_I4_1);
                    il.Emit(OpCodes.Newarr, k.Derived);
                    il.Emit(OpCodes.Stloc, Local(c, new ArrayType(k.B)));
                    il.Emit(OpCodes.Ldloc_0);
                    il.Emit(OpCodes.Ldc_I4_0);
                    il.Emit(OpCodes.Readonly);
                    il.Emit(OpCodes.Ldelema, k.B);
                    il.Emit(OpCodes.Newobj, Classes.New(k.B));
                    il.Emit(OpCodes.Stind_Ref);
                    break;
                }

            case "a readonly. element address passed by ref":
                {
                    var swap = Sink(c, "Swap", c.Types.Void, new ByReferenceType(k.B));
                    ArrayAndIndex(il, k.B);
                    il.Emit(OpCodes.Readonly);
                    il.Emit(OpCodes.Ldelema, k.B);
                    il.Emit(OpCodes.Call, swap);
                    break;
                }

            case "a T passed as a U":
                {
                    var method = new MethodDefinition("Cross", MethodAttributes.Public | MethodAttributes.Static | MethodAttributes.HideBySig, c.Types.Void);
                    var t = new GenericParameter("T", method);
                    var u = new GenericParameter("U", method);
                    method.GenericParameters.Add(t);
                    method.GenericParameters.Add(u);
                    method.Parameters.Add(new ParameterDefinition(t));
                    c.App.Methods.Add(method);
                    var take = new MethodDefinition("TakeOne", MethodAttributes.Public | MethodAttributes.Static | MethodAttributes.HideBySig, c.Types.Void);
                    var v = new GenericParameter("V", take);
                    take.GenericParameters.Add(v);
                    take.Parameters.Add(new ParameterDefinition(v));
                    take.Body.GetILProcessor().Emit(OpCodes.Ret);
                    c.App.Methods.Add(take);
                    var takeU = new GenericInstanceMethod(take);
                    takeU.GenericArguments.Add(u);
                    var cross = method.Body.GetILProcessor();
                    cross.Emit(OpCodes.Ldarg_0);
                    cross.Emit(OpCodes.Call, takeU);
                    cross.Emit(OpCodes.Ret);
                    break;
                }

            case "an object indexed without a cast":
                {
                    il.Emit(OpCodes.Ldloc, Local(c, c.Types.Object));
                    il.Emit(OpCodes.Ldc_I4_0);
                    il.Emit(OpCodes.Ldelem_Ref);
                    il.Emit(OpCodes.Pop);
                    break;
                }

            case "the length of a string read as an array's":
                {
                    il.Emit(OpCodes.Ldstr, "not an array");
                    il.Emit(OpCodes.Ldlen);
                    il.Emit(OpCodes.Pop);
                    break;
                }

            case "the inner array of an int64[][] read as an object[]":
                {
                    ArrayAndIndex(il, new ArrayType(c.Types.Int64));
                    il.Emit(OpCodes.Ldelem_Ref);
                    il.Emit(OpCodes.Ldc_I4_0);
                    il.Emit(OpCodes.Ldelem_Ref);
                    il.Emit(OpCodes.Pop);
                    break;
                }

            case "an object read from an array of structs":
                {
                    ArrayAndIndex(il, c.Type("System", "DateTime", true));
                    il.Emit(OpCodes.Ldelem_Ref);
                    il.Emit(OpCodes.Pop);
                    break;
                }

            case "an A bound as the target of B::Get":
                {
                    il.Emit(OpCodes.Newobj, Classes.New(k.A));
                    il.Emit(OpCodes.Ldftn, k.Get);
                    il.Emit(OpCodes.Newobj, DelegateConstructor(c, Generic(c, "System", "Func`1", c.Types.Object)));
                    il.Emit(OpCodes.Pop);
                    break;
                }

            case "Action<object> over a method taking a B":
                {
                    il.Emit(OpCodes.Ldnull);
                    il.Emit(OpCodes.Ldftn, Sink(c, "Take", c.Types.Void, k.B));
                    il.Emit(OpCodes.Newobj, DelegateConstructor(c, Generic(c, "System", "Action`1", c.Types.Object)));
                    il.Emit(OpCodes.Pop);
                    break;
                }

            case "Func<B> over a method returning an object":
                {
                    il.Emit(OpCodes.Ldnull);
                    il.Emit(OpCodes.Ldftn, Sink(c, "Make", c.Types.Object));
                    il.Emit(OpCodes.Newobj, DelegateConstructor(c, Generic(c, "System", "Func`1", k.B)));
                    il.Emit(OpCodes.Pop);
                    break;
                }

            default:
                throw new ArgumentOutOfRangeException(nameof(construct));
        }

        il.Emit(OpCodes.Ret);
    });

    [Theory]
    [InlineData("an A passed as a B", "a Emitted.A passed as Emitted.B-typed parameter 0 of Emitted.App::Take")]
    [InlineData("an A as the instance of ldfld B::Secret", "a Emitted.A used as the instance of Emitted.B::Secret (ldfld)")]
    [InlineData("an A as 'this' of B::Get", "a Emitted.A used as 'this' for Emitted.B::Get")]
    [InlineData("an A stored into a B field", "a Emitted.A stored into Emitted.B-typed Emitted.App::Held")]
    [InlineData("an A returned as a B", "a Emitted.A stored into Emitted.B-typed return value in Emitted.App::Forge")]
    [InlineData("an A stored into a B local", "a Emitted.A stored into Emitted.B-typed local 0")]
    [InlineData("the join of an A and a B used as a B", "a System.Object used as the instance of Emitted.B::Secret (ldfld)")]
    [InlineData("an A as an IShape it does not implement", "a Emitted.A used as 'this' for Emitted.IShape::Area")]
    [InlineData("an A stored into a B[]", "a Emitted.A stored into Emitted.B-typed array element")]
    [InlineData("a B read by ldelem from an object[]", "ldelem Emitted.B on an array of System.Object")]
    [InlineData("ref Derived passed as ref B", "a managed pointer to Emitted.Derived passed as ref Emitted.B-typed parameter 0 of Emitted.App::Swap")]
    [InlineData("an A written through a ref B", "a Emitted.A written through a managed pointer to Emitted.B by stind.ref")]
    [InlineData("a boxed T used as an IShape without the constraint", "a !!0 used as 'this' for Emitted.IShape::Area")]
    [InlineData("a T constrained. as an IShape without the constraint", "a !!0 used as 'this' for Emitted.IShape::Area")]
    [InlineData("a B written through a readonly. element address", "stind.ref through a readonly. array element address")]
    [InlineData("a readonly. element address passed by ref", "a readonly. array element address passed by ref to Emitted.App::Swap")]
    [InlineData("a T passed as a U", "a generic value of type !!0 passed as !!1-typed parameter 0 of Emitted.App::TakeOne")]
    [InlineData("an object indexed without a cast", "ldelem.ref on a System.Object, which is not known to be an array of one dimension")]
    [InlineData("the length of a string read as an array's", "ldlen on a System.String, which is not known to be an array of one dimension")]
    [InlineData("the inner array of an int64[][] read as an object[]", "ldelem.ref on an array of other elements")]
    [InlineData("an object read from an array of structs", "ldelem.ref on an array of System.DateTime, which does not hold references")]
    public void An_object_used_as_another_class_is_refused_and_never_loaded(string construct, string named)
    {
        AssertRefusedUnloaded(Confusion(construct), LoadRefusalReason.TypeMismatch, named);
    }

    [Theory]
    [InlineData("an A bound as the target of B::Get", "over Emitted.B::Get: its target, a Emitted.A, is not a Emitted.B")]
    [InlineData("Action<object> over a method taking a B", "over Emitted.App::Take: parameter 0 does not match Invoke's")]
    [InlineData("Func<B> over a method returning an object", "over Emitted.App::Make: the return type does not match Invoke's")]
    public void A_delegate_over_another_class_is_refused_and_never_loaded(string construct, string named)
    {
        AssertRefusedUnloaded(Confusion(construct), LoadRefusalReason.FunctionPointer, named);
    }

    [Fact]
    public void Two_type_definitions_of_one_name_are_refused_as_malformed()
    {
        // Types are known by name: two of one name would let an object of one be taken for the other.
        var image = Build(c =>
        {
            var k = Define(c);
            var twin = new TypeDefinition("Emitted", "B", TypeAttributes.Public | TypeAttributes.Class, c.Types.Object);
            twin.Fields.Add(new FieldDefinition("Key", FieldAttributes.Public, c.Types.Int64));
            c.Module.Types.Add(twin);
            c.Il.Emit(OpCodes.Ldnull);
            c.Il.Emit(OpCodes.Ldfld, k.Secret);
            c.Il.Emit(OpCodes.Pop);
            c.Il.Emit(OpCodes.Ret);
        });

        AssertRefusedUnloaded(image, LoadRefusalReason.Malformed, "two type definitions named Emitted.B");
    }

    [Fact]
    public void A_hierarchy_deeper_than_any_compiler_makes_is_refused_not_followed()
    {
        // Class0 : B, Class1 : Class0, ... : the walk up from the last stops at a bound instead of the stack's end.
        var image = Build(c =>
        {
            var k = Define(c);
            var parent = k.B;
            for (var i = 0; i < 5000; i++)
            {
                parent = Class(c, "Class" + i, parent, Classes.New(parent));
            }

            c.Il.Emit(OpCodes.Newobj, Classes.New(parent));
            c.Il.Emit(OpCodes.Ldfld, k.Secret);
            c.Il.Emit(OpCodes.Pop);
            c.Il.Emit(OpCodes.Ret);
        });

        AssertRefusedUnloaded(image, LoadRefusalReason.TypeMismatch, "a Emitted.Class4999 used as the instance of Emitted.B::Secret (ldfld)");
    }
}
