using Mono.Cecil;
using Mono.Cecil.Cil;
using static Rampart.Platform.Tests.Loading.EmittedApps;

namespace Rampart.Platform.Tests.Loading;

/// <summary>Hand-emits small class hierarchies, structs and the IL that uses them, for the class identity tests.</summary>
internal static class EmittedClasses
{
    /// <summary>
    /// The emitted classes: <c>A { long Key; }</c>, <c>B { object Secret; object Get(); }</c>,
    /// <c>Derived : B, IShape</c>, <c>Other : B</c> and the interface <c>IShape { int Area(); }</c>.
    /// </summary>
    internal sealed record Classes(TypeDefinition A, TypeDefinition B, TypeDefinition Derived, TypeDefinition Other, TypeDefinition Shape, FieldDefinition Secret, MethodDefinition Get, MethodDefinition Area)
    {
        public static MethodReference New(TypeDefinition type) => type.Methods.Single(m => m.IsConstructor && !m.IsStatic);
    }

    internal static TypeDefinition Class(Context c, string name, TypeReference baseType, MethodReference baseConstructor)
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

    internal static Classes Define(Context c)
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

    internal static VariableDefinition Local(Context c, TypeReference type)
    {
        var local = new VariableDefinition(type);
        c.Run.Body.Variables.Add(local);
        return local;
    }

    /// <summary>A static method of the app that does nothing with its parameters (returns null or 0).</summary>
    internal static MethodDefinition Sink(Context c, string name, TypeReference returns, params TypeReference[] parameters)
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

    internal static GenericInstanceType Generic(Context c, string ns, string name, params TypeReference[] arguments)
    {
        var type = new GenericInstanceType(c.Type(ns, name));
        foreach (var argument in arguments)
        {
            type.GenericArguments.Add(argument);
        }

        return type;
    }

    internal static MethodReference DelegateConstructor(Context c, TypeReference type) =>
        c.Method(type, ".ctor", c.Types.Void, true, c.Types.Object, c.Types.IntPtr);

    /// <summary><c>ldc.i4.1; newarr element; ldc.i4.0</c>: a one-element array and the index of its element.</summary>
    internal static void ArrayAndIndex(ILProcessor il, TypeReference element)
    {
        il.Emit(OpCodes.Ldc_I4_1);
        il.Emit(OpCodes.Newarr, element);
        il.Emit(OpCodes.Ldc_I4_0);
    }

    /// <summary><c>ldc.i4.0; brtrue first; newobj second; br join; first: newobj first; join: use</c>.</summary>
    internal static void EitherOf(Context c, TypeDefinition first, TypeDefinition second, Action<ILProcessor> use)
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
    internal static MethodDefinition OpenGeneric(Context c, TypeReference? constraint, Action<ILProcessor, MethodDefinition> body)
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

    /// <summary>Two structs of the app: <c>SA { object O; }</c> and <c>SB { long X; }</c>.</summary>
    internal static (TypeDefinition A, TypeDefinition B) Structs(Context c)
    {
        var a = new TypeDefinition("Emitted", "SA", TypeAttributes.Public | TypeAttributes.Sealed | TypeAttributes.SequentialLayout, c.Type("System", "ValueType"));
        a.Fields.Add(new FieldDefinition("O", FieldAttributes.Public, c.Types.Object));
        var b = new TypeDefinition("Emitted", "SB", TypeAttributes.Public | TypeAttributes.Sealed | TypeAttributes.SequentialLayout, c.Type("System", "ValueType"));
        b.Fields.Add(new FieldDefinition("X", FieldAttributes.Public, c.Types.Int64));
        c.Module.Types.Add(a);
        c.Module.Types.Add(b);
        return (a, b);
    }
}
