using Mono.Cecil;
using Mono.Cecil.Cil;
using Rampart.Hal.CoreControl;
using Rampart.Platform.Loading;
using static Rampart.Platform.Tests.Loading.EmittedApps;
using static Rampart.Platform.Tests.Loading.EmittedClasses;

namespace Rampart.Platform.Tests.Loading;

/// <summary>
/// What the C# compiler emits over classes passes the class check (docs/decisions/0160-kernel-cooperative-syscalls.md):
/// base and derived classes, interfaces, casts, null, array covariance, joins, constrained generics, delegate
/// and generic variance; and ordinary C# compiled by the compiler itself (Rampart.TestApps).
/// </summary>
public sealed class ClassAcceptanceTests
{
    [Theory]
    [InlineData("a Derived passed as a B and read as one")]
    [InlineData("a Derived called through IShape and stored as one")]
    [InlineData("an object cast to a B, then used as one")]
    [InlineData("null as a B")]
    [InlineData("a Derived[] used as a B[], an IEnumerable<B> and an object[]")]
    [InlineData("the join of two subclasses used as their base")]
    [InlineData("the join of a Derived and an IShape used as an IShape")]
    [InlineData("a T constrained to IShape boxed and called as one")]
    [InlineData("a T[] element's readonly. address as a constrained receiver")]
    [InlineData("delegates over B's members bound to a Derived, taking a B where Invoke gives a Derived")]
    [InlineData("a List<Derived> passed as an IEnumerable<B>, a Func<Derived> as a Func<object>")]
    [InlineData("a string[] passed as an IReadOnlyList<object>")]
    [InlineData("a boxed int passed as an IComparable, an exception caught as itself")]
    public void What_the_compiler_emits_for_classes_is_accepted(string construct)
    {
        var image = Build(c =>
        {
            var k = Define(c);
            var il = c.Il;
            switch (construct)
            {
                case "a Derived passed as a B and read as one":
                    il.Emit(OpCodes.Newobj, Classes.New(k.Derived));
                    il.Emit(OpCodes.Dup);
                    il.Emit(OpCodes.Call, Sink(c, "Take", c.Types.Void, k.B));
                    il.Emit(OpCodes.Ldfld, k.Secret);
                    il.Emit(OpCodes.Pop);
                    break;
                case "a Derived called through IShape and stored as one":
                    il.Emit(OpCodes.Newobj, Classes.New(k.Derived));
                    il.Emit(OpCodes.Dup);
                    il.Emit(OpCodes.Callvirt, k.Area);
                    il.Emit(OpCodes.Pop);
                    il.Emit(OpCodes.Stloc, Local(c, k.Shape));
                    break;
                case "an object cast to a B, then used as one":
                    {
                        var local = Local(c, c.Types.Object);
                        il.Emit(OpCodes.Ldloc, local);
                        il.Emit(OpCodes.Castclass, k.B);
                        il.Emit(OpCodes.Ldfld, k.Secret);
                        il.Emit(OpCodes.Pop);
                        il.Emit(OpCodes.Ldloc, local);
                        il.Emit(OpCodes.Isinst, k.Derived);
                        il.Emit(OpCodes.Callvirt, k.Get);
                        il.Emit(OpCodes.Pop);
                        break;
                    }

                case "null as a B":
                    il.Emit(OpCodes.Ldnull);
                    il.Emit(OpCodes.Call, Sink(c, "Take", c.Types.Void, k.B));
                    il.Emit(OpCodes.Ldnull);
                    il.Emit(OpCodes.Stloc, Local(c, k.B));
                    break;
                case "a Derived[] used as a B[], an IEnumerable<B> and an object[]":
                    {
                        var array = Local(c, new ArrayType(k.B));
                        il.Emit(OpCodes.Ldc_I4_1);
                        il.Emit(OpCodes.Newarr, k.Derived);
                        il.Emit(OpCodes.Stloc, array);
                        il.Emit(OpCodes.Ldloc, array);
                        il.Emit(OpCodes.Ldc_I4_0);
                        il.Emit(OpCodes.Ldelem_Ref);
                        il.Emit(OpCodes.Ldfld, k.Secret);
                        il.Emit(OpCodes.Pop);
                        il.Emit(OpCodes.Ldloc, array);
                        il.Emit(OpCodes.Call, Sink(c, "TakeAll", c.Types.Void, Generic(c, "System.Collections.Generic", "IEnumerable`1", k.B)));
                        il.Emit(OpCodes.Ldloc, array);
                        il.Emit(OpCodes.Stloc, Local(c, new ArrayType(c.Types.Object)));
                        break;
                    }

                case "the join of two subclasses used as their base":
                    EitherOf(c, k.Derived, k.Other, join =>
                    {
                        join.Emit(OpCodes.Ldfld, k.Secret);
                        join.Emit(OpCodes.Pop);
                    });
                    break;
                case "the join of a Derived and an IShape used as an IShape":
                    {
                        var shape = Local(c, k.Shape);
                        var derived = il.Create(OpCodes.Newobj, Classes.New(k.Derived));
                        var join = il.Create(OpCodes.Callvirt, k.Area);
                        il.Emit(OpCodes.Ldc_I4_0);
                        il.Emit(OpCodes.Brtrue, derived);
                        il.Emit(OpCodes.Ldloc, shape);
                        il.Emit(OpCodes.Br, join);
                        il.Append(derived);
                        il.Append(join);
                        il.Emit(OpCodes.Pop);
                        break;
                    }

                case "a T constrained to IShape boxed and called as one":
                    OpenGeneric(c, k.Shape, (open, method) =>
                    {
                        open.Emit(OpCodes.Ldarg_0);
                        open.Emit(OpCodes.Box, method.GenericParameters[0]);
                        open.Emit(OpCodes.Callvirt, k.Area);
                        open.Emit(OpCodes.Pop);
                        open.Emit(OpCodes.Ldarga_S, method.Parameters[0]);
                        open.Emit(OpCodes.Constrained, method.GenericParameters[0]);
                        open.Emit(OpCodes.Callvirt, k.Area);
                        open.Emit(OpCodes.Pop);
                        open.Emit(OpCodes.Ret);
                    });
                    break;
                case "a T[] element's readonly. address as a constrained receiver":
                    {
                        var each = new MethodDefinition("Each", MethodAttributes.Public | MethodAttributes.Static | MethodAttributes.HideBySig, c.Types.Void);
                        var t = new GenericParameter("T", each);
                        t.Constraints.Add(new GenericParameterConstraint(k.Shape));
                        each.GenericParameters.Add(t);
                        each.Parameters.Add(new ParameterDefinition(new ArrayType(t)));
                        c.App.Methods.Add(each);
                        var body = each.Body.GetILProcessor();
                        body.Emit(OpCodes.Ldarg_0);
                        body.Emit(OpCodes.Ldc_I4_0);
                        body.Emit(OpCodes.Readonly);
                        body.Emit(OpCodes.Ldelema, t);
                        body.Emit(OpCodes.Constrained, t);
                        body.Emit(OpCodes.Callvirt, k.Area);
                        body.Emit(OpCodes.Pop);
                        body.Emit(OpCodes.Ret);
                        break;
                    }

                case "delegates over B's members bound to a Derived, taking a B where Invoke gives a Derived":
                    il.Emit(OpCodes.Newobj, Classes.New(k.Derived));
                    il.Emit(OpCodes.Ldftn, k.Get);
                    il.Emit(OpCodes.Newobj, DelegateConstructor(c, Generic(c, "System", "Func`1", c.Types.Object)));
                    il.Emit(OpCodes.Pop);
                    il.Emit(OpCodes.Ldnull);
                    il.Emit(OpCodes.Ldftn, Sink(c, "Take", c.Types.Void, k.B));
                    il.Emit(OpCodes.Newobj, DelegateConstructor(c, Generic(c, "System", "Action`1", k.Derived)));
                    il.Emit(OpCodes.Pop);
                    break;
                case "a List<Derived> passed as an IEnumerable<B>, a Func<Derived> as a Func<object>":
                    il.Emit(OpCodes.Newobj, c.Method(Generic(c, "System.Collections.Generic", "List`1", k.Derived), ".ctor", c.Types.Void, true));
                    il.Emit(OpCodes.Call, Sink(c, "TakeAll", c.Types.Void, Generic(c, "System.Collections.Generic", "IEnumerable`1", k.B)));
                    il.Emit(OpCodes.Ldloc, Local(c, Generic(c, "System", "Func`1", k.Derived)));
                    il.Emit(OpCodes.Call, Sink(c, "TakeFactory", c.Types.Void, Generic(c, "System", "Func`1", c.Types.Object)));
                    break;
                case "a string[] passed as an IReadOnlyList<object>":
                    il.Emit(OpCodes.Ldc_I4_1);
                    il.Emit(OpCodes.Newarr, c.Types.String);
                    il.Emit(OpCodes.Call, Sink(c, "TakeList", c.Types.Void, Generic(c, "System.Collections.Generic", "IReadOnlyList`1", c.Types.Object)));
                    break;
                default:
                    {
                        il.Emit(OpCodes.Ldc_I4_1);
                        il.Emit(OpCodes.Box, c.Types.Int32);
                        il.Emit(OpCodes.Call, Sink(c, "TakeComparable", c.Types.Void, c.Type("System", "IComparable")));
                        var exception = c.Type("System", "InvalidOperationException");
                        var tryStart = il.Create(OpCodes.Nop);
                        var handler = il.Create(OpCodes.Call, Sink(c, "TakeException", c.Types.Void, exception));
                        var end = il.Create(OpCodes.Nop);
                        il.Append(tryStart);
                        il.Emit(OpCodes.Leave, end);
                        il.Append(handler);
                        il.Emit(OpCodes.Leave, end);
                        il.Append(end);
                        c.Run.Body.ExceptionHandlers.Add(new ExceptionHandler(ExceptionHandlerType.Catch)
                        {
                            TryStart = tryStart,
                            TryEnd = handler,
                            HandlerStart = handler,
                            HandlerEnd = end,
                            CatchType = exception,
                        });
                        break;
                    }
            }

            il.Emit(OpCodes.Ret);
        });

        Assert.Equal(LoadRefusal.None, AppCodeLoader.Check(image));
    }

    [Fact]
    public void Ordinary_csharp_over_a_class_hierarchy_lists_and_funcs_passes()
    {
        // Rampart.TestApps.ShapesApp: List<Shape>, Func<Shape> as Func<object>, Square[] as Shape[], IEnumerable<IArea>, a constrained generic.
        var image = EmittedStages.BuiltAssembly("Rampart.TestApps");

        Assert.Equal(LoadRefusal.None, AppCodeLoader.Check(image));
    }
}
