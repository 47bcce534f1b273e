using Mono.Cecil;
using Mono.Cecil.Cil;
using Rampart.Hal.CoreControl;
using Rampart.Platform.Loading;
using static Rampart.Platform.Tests.Loading.EmittedApps;

namespace Rampart.Platform.Tests.Loading;

/// <summary>
/// <c>ldftn M; newobj D::.ctor</c> is checked against <c>D.Invoke</c> (docs/decisions/0160-kernel-cooperative-syscalls.md):
/// the runtime binds whatever it is given, so a mismatch would let a call pass one kind of value as another.
/// </summary>
public sealed class DelegateConstructionTests
{
    private static GenericInstanceType Generic(Context c, string name, params TypeReference[] arguments)
    {
        var type = new GenericInstanceType(c.Type("System", name));
        foreach (var argument in arguments)
        {
            type.GenericArguments.Add(argument);
        }

        return type;
    }

    private static MethodReference Constructor(Context c, TypeReference type) =>
        c.Method(type, ".ctor", c.Types.Void, true, c.Types.Object, c.Types.IntPtr);

    /// <summary>A static method of the app with an empty body (ret, or a default return value).</summary>
    private static MethodDefinition Target(Context c, string name, TypeReference returns, params TypeReference[] parameters)
    {
        var method = c.AddStatic(name, returns, parameters);
        var il = method.Body.GetILProcessor();
        if (returns.MetadataType != MetadataType.Void)
        {
            il.Emit(returns.IsValueType || returns.IsPrimitive ? OpCodes.Ldc_I4_0 : OpCodes.Ldnull);
            if (returns.MetadataType == MetadataType.IntPtr)
            {
                il.Emit(OpCodes.Conv_I);
            }
        }

        il.Emit(OpCodes.Ret);
        return method;
    }

    /// <summary><c>&lt;target&gt;; ldftn method; newobj type::.ctor; pop; ret</c>.</summary>
    private static void Bind(Context c, Action<ILProcessor> target, MethodReference method, MethodReference constructor)
    {
        target(c.Il);
        c.Il.Emit(OpCodes.Ldftn, method);
        c.Il.Emit(OpCodes.Newobj, constructor);
        c.Il.Emit(OpCodes.Pop);
        c.Il.Emit(OpCodes.Ret);
    }

    private static void Null(ILProcessor il) => il.Emit(OpCodes.Ldnull);

    /// <summary>A delegate type of the app: <c>void Callback(string)</c>.</summary>
    private static MethodDefinition Callback(Context c)
    {
        var callback = new TypeDefinition("Emitted", "Callback", TypeAttributes.Public | TypeAttributes.Sealed, c.Type("System", "MulticastDelegate"));
        var ctor = new MethodDefinition(".ctor", MethodAttributes.Public | MethodAttributes.HideBySig | MethodAttributes.SpecialName | MethodAttributes.RTSpecialName, c.Types.Void)
        {
            ImplAttributes = MethodImplAttributes.Runtime | MethodImplAttributes.Managed,
        };
        ctor.Parameters.Add(new ParameterDefinition(c.Types.Object));
        ctor.Parameters.Add(new ParameterDefinition(c.Types.IntPtr));
        var invoke = new MethodDefinition("Invoke", MethodAttributes.Public | MethodAttributes.Virtual | MethodAttributes.HideBySig | MethodAttributes.NewSlot, c.Types.Void)
        {
            ImplAttributes = MethodImplAttributes.Runtime | MethodImplAttributes.Managed,
        };
        invoke.Parameters.Add(new ParameterDefinition(c.Types.String));
        callback.Methods.Add(ctor);
        callback.Methods.Add(invoke);
        c.Module.Types.Add(callback);
        return ctor;
    }

    private static byte[] Image(string construct) => construct switch
    {
        "Action<object> over a method taking an int64" => Build(c =>
            Bind(c, Null, Target(c, "Take", c.Types.Void, c.Types.Int64), Constructor(c, Generic(c, "Action`1", c.Types.Object)))),
        "Func<object> over a method returning a native int" => Build(c =>
            Bind(c, Null, Target(c, "Make", c.Types.IntPtr), Constructor(c, Generic(c, "Func`1", c.Types.Object)))),
        "Action over a method taking a parameter" => Build(c =>
            Bind(c, Null, Target(c, "Take", c.Types.Void, c.Types.Object), Constructor(c, c.Type("System", "Action")))),
        "Action<object[]> over a method taking an int64[]" => Build(c =>
            Bind(c, Null, Target(c, "Take", c.Types.Void, new ArrayType(c.Types.Int64)), Constructor(c, Generic(c, "Action`1", new ArrayType(c.Types.Object))))),
        "instance method bound to a number" => Build(c =>
            Bind(c, il => il.Emit(OpCodes.Ldc_I8, 0x7f00_0000_1000L), c.Method(c.Types.Object, "ToString", c.Types.String, true), Constructor(c, Generic(c, "Func`1", c.Types.String)))),
        "static method bound to an object it does not take" => Build(c =>
            Bind(c, il => il.Emit(OpCodes.Ldstr, "x"), Target(c, "Take", c.Types.Void, c.Types.Int64), Constructor(c, c.Type("System", "Action")))),
        "the app's own delegate over a method taking an int64" => Build(c =>
            Bind(c, Null, Target(c, "Take", c.Types.Void, c.Types.Int64), Callback(c))),
        "a delegate type the loader does not know" => Build(c =>
            Bind(c, Null, Target(c, "Take", c.Types.Void, c.Types.Object, c.Type("System", "UnhandledExceptionEventArgs")), Constructor(c, c.Type("System", "UnhandledExceptionEventHandler")))),
        _ => throw new ArgumentOutOfRangeException(nameof(construct)),
    };

    [Theory]
    [InlineData("Action<object> over a method taking an int64", "delegate System.Action`1 over Emitted.App::Take: parameter 0 does not match Invoke's")]
    [InlineData("Func<object> over a method returning a native int", "over Emitted.App::Make: the return type does not match Invoke's")]
    [InlineData("Action over a method taking a parameter", "over Emitted.App::Take: the parameter count does not match Invoke's")]
    [InlineData("Action<object[]> over a method taking an int64[]", "over Emitted.App::Take: parameter 0 does not match Invoke's")]
    [InlineData("instance method bound to a number", "over System.Object::ToString: its target is not an object")]
    [InlineData("static method bound to an object it does not take", "a static method's target is not its first argument")]
    [InlineData("the app's own delegate over a method taking an int64", "delegate Emitted.Callback over Emitted.App::Take: parameter 0 does not match Invoke's")]
    [InlineData("a delegate type the loader does not know", "delegate of type System.UnhandledExceptionEventHandler whose Invoke the loader does not know")]
    public void A_delegate_whose_method_does_not_fit_its_Invoke_is_refused_and_never_loaded(string construct, string named)
    {
        AssertRefusedUnloaded(Image(construct), LoadRefusalReason.FunctionPointer, named);
    }

    [Theory]
    [InlineData("Func<int, bool> over a static bool(int)")]
    [InlineData("Action<string> over a static void(object)")]
    [InlineData("Func<string> over ToString of an object")]
    [InlineData("Func<bool> closed over a static bool(string)'s first argument")]
    [InlineData("the app's own delegate over a static void(string)")]
    public void A_delegate_whose_method_fits_its_Invoke_is_accepted(string construct)
    {
        var image = construct switch
        {
            "Func<int, bool> over a static bool(int)" => Build(c =>
                Bind(c, Null, Target(c, "IsEven", c.Types.Boolean, c.Types.Int32), Constructor(c, Generic(c, "Func`2", c.Types.Int32, c.Types.Boolean)))),
            "Action<string> over a static void(object)" => Build(c =>
                Bind(c, Null, Target(c, "Take", c.Types.Void, c.Types.Object), Constructor(c, Generic(c, "Action`1", c.Types.String)))),
            "Func<string> over ToString of an object" => Build(c =>
                Bind(c, il => il.Emit(OpCodes.Ldstr, "x"), c.Method(c.Types.Object, "ToString", c.Types.String, true), Constructor(c, Generic(c, "Func`1", c.Types.String)))),
            "Func<bool> closed over a static bool(string)'s first argument" => Build(c =>
                Bind(c, il => il.Emit(OpCodes.Ldstr, "x"), Target(c, "IsEmpty", c.Types.Boolean, c.Types.String), Constructor(c, Generic(c, "Func`1", c.Types.Boolean)))),
            _ => Build(c => Bind(c, Null, Target(c, "Take", c.Types.Void, c.Types.String), Callback(c))),
        };

        Assert.Equal(LoadRefusal.None, AppCodeLoader.Check(image));
    }

    [Fact]
    public void The_compiled_test_apps_build_upcalls_from_lambdas_and_pass()
    {
        // Upcall's Invoke is known to the loader by name (it lives in Kernel.Abi, not in the app).
        var image = EmittedStages.BuiltAssembly("Rampart.TestApps");
        Assert.True(References(image, ".ctor", "Upcall"));

        Assert.Equal(LoadRefusal.None, AppCodeLoader.Check(image));
    }
}
