using Mono.Cecil;
using Mono.Cecil.Cil;
using Rampart.Hal.CoreControl;
using Rampart.Platform.Loading;
using static Rampart.Platform.Tests.Loading.EmittedApps;

namespace Rampart.Platform.Tests.Loading;

/// <summary>
/// An object of one class is never used where another is declared without <c>castclass</c>
/// (docs/decisions/0160-kernel-cooperative-syscalls.md, "class identity"): reading a B's fields from an A
/// would confuse types and break isolation. Each confusion is hand-written IL; the C# compiler emits none.
/// </summary>
public sealed class ClassIdentityTests
{
    /// <summary>
    /// The emitted classes: <c>A { long Key; }</c>, <c>B { object Secret; object Get(); }</c>,
    /// <c>Derived : B, IShape</c>, <c>Other : B</c> and the interface <c>IShape { int Area(); }</c>.
    /// </summary>
    private sealed record Classes(TypeDefinition A, TypeDefinition B, TypeDefinition Derived, TypeDefinition Other, TypeDefinition Shape, FieldDefinition Secret, MethodDefinition Get, MethodDefinition Area)
    {
        public static MethodReference New(TypeDefinition type) => type.Methods.Single(m => m.IsConstructor && !m.IsStatic);
    }

    private static TypeDefinition Class(Context c, string name, TypeReference baseType, MethodReference baseConstructor)
    {
        var type = new TypeDefinition("Emitted", name, TypeAttributes.Public | TypeAttributes.Class | TypeAttributes.BeforeFieldInit, baseType);
        var ctor = new MethodDefinition(".ctor", MethodAttributes.Public | MethodAttributes.HideBySig | MethodAttributes.SpecialName | MethodAttributes.RTSpecialName, c.Types.Void);
        var il = ctor.Body.GetILProcessor();
        il.Emit(OpCodes.Ldarg_0);
        il.Emit(OpCodes.Call, baseConstructor);
        il.Emit(OpCodes.Ret);
        type.Methods.Add(ctor);
        c.Module.Types.Add(type);
        return type;
    }

    private static Classes Define(Context c)
    {
        var objectCtor = new MethodReference(".ctor", c.Types.Void, c.Types.Object) { HasThis = true };
        var a = Class(c, "A", c.Types.Object, objectCtor);
        a.Fields.Add(new FieldDefinition("Key", FieldAttributes.Public, c.Types.Int64));

        var b = Class(c, "B", c.Types.Object, objectCtor);
        var secret = new FieldDefinition("Secret", FieldAttributes.Public, c.Types.Object);
        b.Fields.Add(secret);
        var get = new MethodDefinition("Get", MethodAttributes.Public | MethodAttributes.HideBySig, c.Types.Object);
        var il = get.Body.GetILProcessor();
        il.Emit(OpCodes.Ldarg_0);
        il.Emit(OpCodes.Ldfld, secret);
        il.Emit(OpCodes.Ret);
        b.Methods.Add(get);

        var shape = new TypeDefinition("Emitted", "IShape", TypeAttributes.Public | TypeAttributes.Interface | TypeAttributes.Abstract);
        var area = new MethodDefinition("Area", MethodAttributes.Public | MethodAttributes.Abstract | MethodAttributes.Virtual | MethodAttributes.NewSlot | MethodAttributes.HideBySig, c.Types.Int32);
        shape.Methods.Add(area);
        c.Module.Types.Add(shape);

        var derived = Class(c, "Derived", b, Classes.New(b));
        derived.Interfaces.Add(new InterfaceImplementation(shape));
        var implementation = new MethodDefinition("Area", MethodAttributes.Public | MethodAttributes.Virtual | MethodAttributes.Final | MethodAttributes.NewSlot | MethodAttributes.HideBySig, c.Types.Int32);
        implementation.Body.GetILProcessor().Emit(OpCodes.Ldc_I4_1);
        implementation.Body.GetILProcessor().Emit(OpCodes.Ret);
        derived.Methods.Add(implementation);

        var other = Class(c, "Other", b, Classes.New(b));
        return new Classes(a, b, derived, other, shape, secret, get, area);
    }

    private static VariableDefinition Local(Context c, TypeReference type)
    {
        var local = new VariableDefinition(type);
        c.Run.Body.Variables.Add(local);
        return local;
    }

    /// <summary>A static method of the app that does nothing with its parameters (returns null or 0).</summary>
    private static MethodDefinition Sink(Context c, string name, TypeReference returns, params TypeReference[] parameters)
    {
        var method = c.AddStatic(name, returns, parameters);
        var il = method.Body.GetILProcessor();
        if (returns.MetadataType != MetadataType.Void)
        {
            il.Emit(returns.IsPrimitive ? OpCodes.Ldc_I4_0 : OpCodes.Ldnull);
        }

        il.Emit(OpCodes.Ret);
        return method;
    }

    private static GenericInstanceType Generic(Context c, string ns, string name, params TypeReference[] arguments)
    {
        var type = new GenericInstanceType(c.Type(ns, name));
        foreach (var argument in arguments)
        {
            type.GenericArguments.Add(argument);
        }

        return type;
    }

    private static MethodReference DelegateConstructor(Context c, TypeReference type) =>
        c.Method(type, ".ctor", c.Types.Void, true, c.Types.Object, c.Types.IntPtr);

    /// <summary><c>ldc.i4.0; brtrue first; newobj second; br join; first: newobj first; join: use</c>.</summary>
    private static void EitherOf(Context c, TypeDefinition first, TypeDefinition second, Action<ILProcessor> use)
    {
        var firstNew = c.Il.Create(OpCodes.Newobj, Classes.New(first));
        var join = c.Il.Create(OpCodes.Nop);
        c.Il.Emit(OpCodes.Ldc_I4_0);
        c.Il.Emit(OpCodes.Brtrue, firstNew);
        c.Il.Emit(OpCodes.Newobj, Classes.New(second));
        c.Il.Emit(OpCodes.Br, join);
        c.Il.Append(firstNew);
        c.Il.Append(join);
        use(c.Il);
    }

    /// <summary>A generic static method <c>Open&lt;T&gt;(T value)</c> (T constrained to <paramref name="constraint"/> when given) whose body <paramref name="body"/> writes.</summary>
    private static MethodDefinition OpenGeneric(Context c, TypeReference? constraint, Action<ILProcessor, MethodDefinition> body)
    {
        var method = new MethodDefinition("Open", MethodAttributes.Public | MethodAttributes.Static | MethodAttributes.HideBySig, c.Types.Void);
        var t = new GenericParameter("T", method);
        if (constraint is not null)
        {
            t.Constraints.Add(new GenericParameterConstraint(constraint));
        }

        method.GenericParameters.Add(t);
        method.Parameters.Add(new ParameterDefinition(t));
        c.App.Methods.Add(method);
        body(method.Body.GetILProcessor(), method);
        return method;
    }

    private static byte[] Confusion(string construct) => construct switch
    {
        "an A passed as a B" => Build(c =>
        {
            var k = Define(c);
            c.Il.Emit(OpCodes.Newobj, Classes.New(k.A));
            c.Il.Emit(OpCodes.Call, Sink(c, "Take", c.Types.Void, k.B));
            c.Il.Emit(OpCodes.Ret);
        }),
        "an A as the instance of ldfld B::Secret" => Build(c =>
        {
            var k = Define(c);
            c.Il.Emit(OpCodes.Newobj, Classes.New(k.A));
            c.Il.Emit(OpCodes.Ldfld, k.Secret);
            c.Il.Emit(OpCodes.Pop);
            c.Il.Emit(OpCodes.Ret);
        }),
        "an A as 'this' of B::Get" => Build(c =>
        {
            var k = Define(c);
            c.Il.Emit(OpCodes.Newobj, Classes.New(k.A));
            c.Il.Emit(OpCodes.Callvirt, k.Get);
            c.Il.Emit(OpCodes.Pop);
            c.Il.Emit(OpCodes.Ret);
        }),
        "an A stored into a B field" => Build(c =>
        {
            var k = Define(c);
            var held = new FieldDefinition("Held", FieldAttributes.Public, k.B);
            c.App.Fields.Add(held);
            c.Il.Emit(OpCodes.Newobj, c.App.Methods.Single(m => m.IsConstructor));
            c.Il.Emit(OpCodes.Newobj, Classes.New(k.A));
            c.Il.Emit(OpCodes.Stfld, held);
            c.Il.Emit(OpCodes.Ret);
        }),
        "an A returned as a B" => Build(c =>
        {
            var k = Define(c);
            var forge = c.AddStatic("Forge", k.B);
            forge.Body.GetILProcessor().Emit(OpCodes.Newobj, Classes.New(k.A));
            forge.Body.GetILProcessor().Emit(OpCodes.Ret);
            c.Il.Emit(OpCodes.Ret);
        }),
        "an A stored into a B local" => Build(c =>
        {
            var k = Define(c);
            c.Il.Emit(OpCodes.Newobj, Classes.New(k.A));
            c.Il.Emit(OpCodes.Stloc, Local(c, k.B));
            c.Il.Emit(OpCodes.Ret);
        }),
        "the join of an A and a B used as a B" => Build(c =>
        {
            var k = Define(c);
            EitherOf(c, k.A, k.B, il =>
            {
                il.Emit(OpCodes.Ldfld, k.Secret);
                il.Emit(OpCodes.Pop);
                il.Emit(OpCodes.Ret);
            });
        }),
        "an A as an IShape it does not implement" => Build(c =>
        {
            var k = Define(c);
            c.Il.Emit(OpCodes.Newobj, Classes.New(k.A));
            c.Il.Emit(OpCodes.Callvirt, k.Area);
            c.Il.Emit(OpCodes.Pop);
            c.Il.Emit(OpCodes.Ret);
        }),
        "an A stored into a B[]" => Build(c =>
        {
            var k = Define(c);
            c.Il.Emit(OpCodes.Ldc_I4_1);
            c.Il.Emit(OpCodes.Newarr, k.B);
            c.Il.Emit(OpCodes.Ldc_I4_0);
            c.Il.Emit(OpCodes.Newobj, Classes.New(k.A));
            c.Il.Emit(OpCodes.Stelem_Ref);
            c.Il.Emit(OpCodes.Ret);
        }),
        "a B read by ldelem from an object[]" => Build(c =>
        {
            var k = Define(c);
            c.Il.Emit(OpCodes.Ldc_I4_1);
            c.Il.Emit(OpCodes.Newarr, c.Types.Object);
            c.Il.Emit(OpCodes.Ldc_I4_0);
            c.Il.Emit(OpCodes.Ldelem_Any, k.B);
            c.Il.Emit(OpCodes.Ldfld, k.Secret);
            c.Il.Emit(OpCodes.Pop);
            c.Il.Emit(OpCodes.Ret);
        }),
        "ref Derived passed as ref B" => Build(c =>
        {
            var k = Define(c);
            var swap = Sink(c, "Swap", c.Types.Void, new ByReferenceType(k.B));
            c.Il.Emit(OpCodes.Ldloca, Local(c, k.Derived));
            c.Il.Emit(OpCodes.Call, swap);
            c.Il.Emit(OpCodes.Ret);
        }),
        "an A written through a ref B" => Build(c =>
        {
            var k = Define(c);
            c.Il.Emit(OpCodes.Ldloca, Local(c, k.B));
            c.Il.Emit(OpCodes.Newobj, Classes.New(k.A));
            c.Il.Emit(OpCodes.Stind_Ref);
            c.Il.Emit(OpCodes.Ret);
        }),
        "a boxed T used as an IShape without the constraint" => Build(c =>
        {
            var k = Define(c);
            OpenGeneric(c, null, (il, open) =>
            {
                il.Emit(OpCodes.Ldarg_0);
                il.Emit(OpCodes.Box, open.GenericParameters[0]);
                il.Emit(OpCodes.Callvirt, k.Area);
                il.Emit(OpCodes.Pop);
                il.Emit(OpCodes.Ret);
            });
            c.Il.Emit(OpCodes.Ret);
        }),
        "a T constrained. as an IShape without the constraint" => Build(c =>
        {
            var k = Define(c);
            OpenGeneric(c, null, (il, open) =>
            {
                il.Emit(OpCodes.Ldarga_S, open.Parameters[0]);
                il.Emit(OpCodes.Constrained, open.GenericParameters[0]);
                il.Emit(OpCodes.Callvirt, k.Area);
                il.Emit(OpCodes.Pop);
                il.Emit(OpCodes.Ret);
            });
            c.Il.Emit(OpCodes.Ret);
        }),
        "a T passed as a U" => Build(c =>
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
            var il = method.Body.GetILProcessor();
            il.Emit(OpCodes.Ldarg_0);
            il.Emit(OpCodes.Call, takeU);
            il.Emit(OpCodes.Ret);
            c.Il.Emit(OpCodes.Ret);
        }),
        "an object indexed without a cast" => Build(c =>
        {
            c.Il.Emit(OpCodes.Ldloc, Local(c, c.Types.Object));
            c.Il.Emit(OpCodes.Ldc_I4_0);
            c.Il.Emit(OpCodes.Ldelem_Ref);
            c.Il.Emit(OpCodes.Pop);
            c.Il.Emit(OpCodes.Ret);
        }),
        "the length of a string read as an array's" => Build(c =>
        {
            c.Il.Emit(OpCodes.Ldstr, "not an array");
            c.Il.Emit(OpCodes.Ldlen);
            c.Il.Emit(OpCodes.Pop);
            c.Il.Emit(OpCodes.Ret);
        }),
        "the inner array of an int64[][] read as an object[]" => Build(c =>
        {
            c.Il.Emit(OpCodes.Ldc_I4_1);
            c.Il.Emit(OpCodes.Newarr, new ArrayType(c.Types.Int64));
            c.Il.Emit(OpCodes.Ldc_I4_0);
            c.Il.Emit(OpCodes.Ldelem_Ref);
            c.Il.Emit(OpCodes.Ldc_I4_0);
            c.Il.Emit(OpCodes.Ldelem_Ref);
            c.Il.Emit(OpCodes.Pop);
            c.Il.Emit(OpCodes.Ret);
        }),
        "an object read from an array of structs" => Build(c =>
        {
            c.Il.Emit(OpCodes.Ldc_I4_1);
            c.Il.Emit(OpCodes.Newarr, c.Type("System", "DateTime", true));
            c.Il.Emit(OpCodes.Ldc_I4_0);
            c.Il.Emit(OpCodes.Ldelem_Ref);
            c.Il.Emit(OpCodes.Pop);
            c.Il.Emit(OpCodes.Ret);
        }),
        _ => throw new ArgumentOutOfRangeException(nameof(construct)),
    };

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
    [InlineData("a T passed as a U", "a generic value of type !!0 passed as !!1-typed parameter 0 of Emitted.App::TakeOne")]
    [InlineData("an object indexed without a cast", "ldelem.ref on a System.Object, which is not known to be an array of one dimension")]
    [InlineData("the length of a string read as an array's", "ldlen on a System.String, which is not known to be an array of one dimension")]
    [InlineData("the inner array of an int64[][] read as an object[]", "ldelem.ref on an array of other elements")]
    [InlineData("an object read from an array of structs", "ldelem.ref on an array of System.DateTime, which does not hold references")]
    public void An_object_used_as_another_class_is_refused_and_never_loaded(string construct, string named)
    {
        AssertRefusedUnloaded(Confusion(construct), LoadRefusalReason.PointerOpcode, named);
    }

    private static byte[] DelegateConfusion(string construct) => construct switch
    {
        "an A bound as the target of B::Get" => Build(c =>
        {
            var k = Define(c);
            c.Il.Emit(OpCodes.Newobj, Classes.New(k.A));
            c.Il.Emit(OpCodes.Ldftn, k.Get);
            c.Il.Emit(OpCodes.Newobj, DelegateConstructor(c, Generic(c, "System", "Func`1", c.Types.Object)));
            c.Il.Emit(OpCodes.Pop);
            c.Il.Emit(OpCodes.Ret);
        }),
        "Action<object> over a method taking a B" => Build(c =>
        {
            var k = Define(c);
            c.Il.Emit(OpCodes.Ldnull);
            c.Il.Emit(OpCodes.Ldftn, Sink(c, "Take", c.Types.Void, k.B));
            c.Il.Emit(OpCodes.Newobj, DelegateConstructor(c, Generic(c, "System", "Action`1", c.Types.Object)));
            c.Il.Emit(OpCodes.Pop);
            c.Il.Emit(OpCodes.Ret);
        }),
        "Func<B> over a method returning an object" => Build(c =>
        {
            var k = Define(c);
            c.Il.Emit(OpCodes.Ldnull);
            c.Il.Emit(OpCodes.Ldftn, Sink(c, "Make", c.Types.Object));
            c.Il.Emit(OpCodes.Newobj, DelegateConstructor(c, Generic(c, "System", "Func`1", k.B)));
            c.Il.Emit(OpCodes.Pop);
            c.Il.Emit(OpCodes.Ret);
        }),
        _ => throw new ArgumentOutOfRangeException(nameof(construct)),
    };

    [Theory]
    [InlineData("an A bound as the target of B::Get", "over Emitted.B::Get: its target, a Emitted.A, is not a Emitted.B")]
    [InlineData("Action<object> over a method taking a B", "over Emitted.App::Take: parameter 0 does not match Invoke's")]
    [InlineData("Func<B> over a method returning an object", "over Emitted.App::Make: the return type does not match Invoke's")]
    public void A_delegate_over_another_class_is_refused_and_never_loaded(string construct, string named)
    {
        AssertRefusedUnloaded(DelegateConfusion(construct), LoadRefusalReason.FunctionPointer, named);
    }

    [Theory]
    [InlineData("a Derived passed as a B and read as one")]
    [InlineData("a Derived called through IShape and stored as one")]
    [InlineData("an object cast to a B, then used as one")]
    [InlineData("null as a B")]
    [InlineData("a Derived[] used as a B[], an IEnumerable<B> and an object[]")]
    [InlineData("the join of two subclasses used as their base")]
    [InlineData("the join of a Derived and an IShape used as an IShape")]
    [InlineData("a T constrained to IShape boxed and called as one")]
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

        AssertRefusedUnloaded(image, LoadRefusalReason.PointerOpcode, "a Emitted.Class4999 used as the instance of Emitted.B::Secret (ldfld)");
    }

    /// <summary>Two structs of the app: <c>SA { object O; }</c> and <c>SB { long X; }</c>.</summary>
    private static (TypeDefinition A, TypeDefinition B) Structs(Context c)
    {
        var a = new TypeDefinition("Emitted", "SA", TypeAttributes.Public | TypeAttributes.Sealed | TypeAttributes.SequentialLayout, c.Type("System", "ValueType"));
        a.Fields.Add(new FieldDefinition("O", FieldAttributes.Public, c.Types.Object));
        var b = new TypeDefinition("Emitted", "SB", TypeAttributes.Public | TypeAttributes.Sealed | TypeAttributes.SequentialLayout, c.Type("System", "ValueType"));
        b.Fields.Add(new FieldDefinition("X", FieldAttributes.Public, c.Types.Int64));
        c.Module.Types.Add(a);
        c.Module.Types.Add(b);
        return (a, b);
    }

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
                il.Emit(OpCodes.Ldc_I4_1);
                il.Emit(OpCodes.Newarr, a);
                il.Emit(OpCodes.Ldc_I4_0);
                il.Emit(OpCodes.Ldc_I8, 0x7f00_0000_1000L);
                il.Emit(OpCodes.Stelem_I8);
                break;
            case "an SB read from an SA[]":
                il.Emit(OpCodes.Ldc_I4_1);
                il.Emit(OpCodes.Newarr, a);
                il.Emit(OpCodes.Ldc_I4_0);
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

        AssertRefusedUnloaded(image, LoadRefusalReason.PointerOpcode, "a value type passed as object-typed parameter 0 of Emitted.App::Take");
    }

    [Theory]
    [InlineData("an SA stored as an SB", "a Emitted.SA stored into Emitted.SB-typed local 1")]
    [InlineData("a DateTime passed as a TimeSpan", "a System.DateTime passed as System.TimeSpan-typed parameter 0 of Emitted.App::TakeSpan")]
    [InlineData("a number stored as an SA", "a number stored into Emitted.SA-typed local 0")]
    [InlineData("a number written over an SA", "managed pointer to a value type written by stind.i8")]
    [InlineData("a number written into an SA[]", "stelem.i8 on an array of Emitted.SA")]
    [InlineData("an SB read from an SA[]", "ldelem Emitted.SB on an array of Emitted.SA")]
    [InlineData("an SB copied over an SA", "a managed pointer to Emitted.SA written as Emitted.SA by cpobj")]
    public void A_value_of_one_struct_used_as_another_is_refused_and_never_loaded(string construct, string named)
    {
        AssertRefusedUnloaded(ValueConfusion(construct), LoadRefusalReason.PointerOpcode, named);
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
            il.Emit(OpCodes.Ldc_I4_1);
            il.Emit(OpCodes.Newarr, day);
            il.Emit(OpCodes.Ldc_I4_0);
            il.Emit(OpCodes.Ldc_I4_5);
            il.Emit(OpCodes.Stelem_I4);
            il.Emit(OpCodes.Ret);
        });

        Assert.Equal(LoadRefusal.None, AppCodeLoader.Check(image));
    }
}
