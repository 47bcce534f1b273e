using Mono.Cecil;
using Mono.Cecil.Cil;
using Rampart.Hal.CoreControl;
using Rampart.Platform.Loading;
using static Rampart.Platform.Tests.Loading.EmittedApps;

namespace Rampart.Platform.Tests.Loading;

/// <summary>Sync-over-async is refused at load time (docs/decisions/0160-kernel-cooperative-syscalls.md).</summary>
public sealed class BlockingWaitTests
{
    private static TypeReference Task(Context c) => c.Type("System.Threading.Tasks", "Task");

    private static GenericInstanceType Generic(TypeReference definition, TypeReference argument)
    {
        var type = new GenericInstanceType(definition);
        type.GenericArguments.Add(argument);
        return type;
    }

    /// <summary>The T of a generic type's member reference, as metadata spells it.</summary>
    private static GenericParameter Parameter(TypeReference definition)
    {
        definition.GenericParameters.Add(new GenericParameter("T", definition));
        return definition.GenericParameters[0];
    }

    /// <summary><c>ldloca awaiter; call awaiter::GetResult</c> on a zeroed local of <paramref name="awaiter"/>, in <paramref name="method"/>.</summary>
    private static void CallGetResult(Context c, MethodDefinition method, TypeReference awaiter, TypeReference returns)
    {
        var local = new VariableDefinition(awaiter);
        method.Body.Variables.Add(local);
        var il = method.Body.GetILProcessor();
        il.Emit(OpCodes.Ldloca, local);
        il.Emit(OpCodes.Call, c.Method(awaiter, "GetResult", returns, true));
        if (returns.MetadataType != MetadataType.Void)
        {
            il.Emit(OpCodes.Pop);
        }

        il.Emit(OpCodes.Ret);
    }

    private static TypeReference Compiler(Context c, string name, bool valueType = true) =>
        c.Type("System.Runtime.CompilerServices", name, valueType);

    private static byte[] Image(string construct) => construct switch
    {
        "Task.Wait" => Build(c =>
        {
            c.Il.Emit(OpCodes.Call, c.Method(Task(c), "get_CompletedTask", Task(c), false));
            c.Il.Emit(OpCodes.Callvirt, c.Method(Task(c), "Wait", c.Types.Void, true));
            c.Il.Emit(OpCodes.Ret);
        }),
        "Task.WaitAll" => Build(c =>
        {
            c.Il.Emit(OpCodes.Ldnull);
            c.Il.Emit(OpCodes.Call, c.Method(Task(c), "WaitAll", c.Types.Void, false, new ArrayType(Task(c))));
            c.Il.Emit(OpCodes.Ret);
        }),
        "Task.WaitAny" => Build(c =>
        {
            c.Il.Emit(OpCodes.Ldnull);
            c.Il.Emit(OpCodes.Call, c.Method(Task(c), "WaitAny", c.Types.Int32, false, new ArrayType(Task(c))));
            c.Il.Emit(OpCodes.Pop);
            c.Il.Emit(OpCodes.Ret);
        }),
        "Task<T>.Result" => Build(c =>
        {
            var definition = c.Type("System.Threading.Tasks", "Task`1");
            c.Il.Emit(OpCodes.Ldnull);
            c.Il.Emit(OpCodes.Callvirt, c.Method(Generic(definition, c.Types.Int32), "get_Result", Parameter(definition), true));
            c.Il.Emit(OpCodes.Pop);
            c.Il.Emit(OpCodes.Ret);
        }),
        "Wait named through Task<T>" => Build(c =>
        {
            c.Il.Emit(OpCodes.Ldnull);
            c.Il.Emit(OpCodes.Callvirt, c.Method(Generic(c.Type("System.Threading.Tasks", "Task`1"), c.Types.Int32), "Wait", c.Types.Void, true));
            c.Il.Emit(OpCodes.Ret);
        }),
        "ValueTask<T>.Result" => Build(c =>
        {
            var definition = c.Type("System.Threading.Tasks", "ValueTask`1", true);
            var valueTask = Generic(definition, c.Types.Int32);
            var local = new VariableDefinition(valueTask);
            c.Run.Body.Variables.Add(local);
            c.Il.Emit(OpCodes.Ldloca, local);
            c.Il.Emit(OpCodes.Call, c.Method(valueTask, "get_Result", Parameter(definition), true));
            c.Il.Emit(OpCodes.Pop);
            c.Il.Emit(OpCodes.Ret);
        }),
        "TaskAwaiter.GetResult" => Build(c => CallGetResult(c, c.Run, Compiler(c, "TaskAwaiter"), c.Types.Void)),
        "TaskAwaiter<T>.GetResult" => Build(c =>
        {
            var definition = Compiler(c, "TaskAwaiter`1");
            CallGetResult(c, c.Run, Generic(definition, c.Types.Int32), Parameter(definition));
        }),
        "ValueTaskAwaiter.GetResult" => Build(c => CallGetResult(c, c.Run, Compiler(c, "ValueTaskAwaiter"), c.Types.Void)),
        "ValueTaskAwaiter<T>.GetResult" => Build(c =>
        {
            var definition = Compiler(c, "ValueTaskAwaiter`1");
            CallGetResult(c, c.Run, Generic(definition, c.Types.Int32), Parameter(definition));
        }),
        "ConfiguredTaskAwaiter.GetResult" => Build(c =>
        {
            var awaiter = new TypeReference(string.Empty, "ConfiguredTaskAwaiter", c.Module, c.Runtime, true)
            {
                DeclaringType = Compiler(c, "ConfiguredTaskAwaitable"),
            };
            CallGetResult(c, c.Run, awaiter, c.Types.Void);
        }),
        "the SDK's awaiter GetResult" => Build(c =>
        {
            var abi = new AssemblyNameReference("Rampart.Kernel.Abi", new Version(1, 0, 0, 0));
            c.Module.AssemblyReferences.Add(abi);
            var operation = new TypeReference("Rampart.Kernel.Abi.Sdk", "UpcallOperation", c.Module, abi);
            var result = new TypeReference("Rampart.Kernel.Abi.Sdk", "UpcallResult", c.Module, abi, true);
            c.Il.Emit(OpCodes.Ldnull);
            c.Il.Emit(OpCodes.Callvirt, c.Method(operation, "GetResult", result, true));
            c.Il.Emit(OpCodes.Pop);
            c.Il.Emit(OpCodes.Ret);
        }),
        "GetResult taken as a delegate" => Build(c =>
        {
            var awaiter = Compiler(c, "TaskAwaiter");
            c.Il.Emit(OpCodes.Ldnull);
            c.Il.Emit(OpCodes.Ldftn, c.Method(awaiter, "GetResult", c.Types.Void, true));
            c.Il.Emit(OpCodes.Newobj, c.Method(c.Type("System", "Action"), ".ctor", c.Types.Void, true, c.Types.Object, c.Types.IntPtr));
            c.Il.Emit(OpCodes.Pop);
            c.Il.Emit(OpCodes.Ret);
        }),
        "GetResult in a MoveNext of a type that is no state machine" => Build(c =>
        {
            c.Il.Emit(OpCodes.Ret);
            var moveNext = StateMachine(c, implementsInterface: false);
            CallGetResult(c, moveNext, Compiler(c, "TaskAwaiter"), c.Types.Void);
        }),
        _ => throw new ArgumentOutOfRangeException(nameof(construct)),
    };

    /// <summary>A nested <c>&lt;Run&gt;d__0</c> value type, optionally implementing IAsyncStateMachine, whose MoveNext the caller fills.</summary>
    private static MethodDefinition StateMachine(Context c, bool implementsInterface)
    {
        var machine = new TypeDefinition(string.Empty, "<Run>d__0", TypeAttributes.NestedPrivate | TypeAttributes.Sealed | TypeAttributes.SequentialLayout, c.Type("System", "ValueType"));
        c.App.NestedTypes.Add(machine);
        if (implementsInterface)
        {
            machine.Interfaces.Add(new InterfaceImplementation(Compiler(c, "IAsyncStateMachine", valueType: false)));
        }

        const MethodAttributes Implementation = MethodAttributes.Public | MethodAttributes.Final | MethodAttributes.Virtual | MethodAttributes.HideBySig | MethodAttributes.NewSlot;
        var moveNext = new MethodDefinition("MoveNext", Implementation, c.Types.Void);
        moveNext.Body.InitLocals = true;
        machine.Methods.Add(moveNext);
        var setStateMachine = new MethodDefinition("SetStateMachine", Implementation, c.Types.Void);
        setStateMachine.Parameters.Add(new ParameterDefinition(Compiler(c, "IAsyncStateMachine", valueType: false)));
        setStateMachine.Body.GetILProcessor().Emit(OpCodes.Ret);
        machine.Methods.Add(setStateMachine);
        return moveNext;
    }

    /// <summary>
    /// An app whose hand-made state machine's MoveNext awaits nothing: it calls GetResult on a
    /// TaskCompletionSource's task (<paramref name="completed"/> or not); <c>App.Step()</c> runs it once.
    /// </summary>
    private static byte[] HandMadeStateMachine(bool completed) => Build(c =>
    {
        c.Il.Emit(OpCodes.Ret);
        var moveNext = StateMachine(c, implementsInterface: true);
        var source = c.Type("System.Threading.Tasks", "TaskCompletionSource");
        var awaiter = Compiler(c, "TaskAwaiter");
        var local = new VariableDefinition(awaiter);
        moveNext.Body.Variables.Add(local);
        var il = moveNext.Body.GetILProcessor();
        il.Emit(OpCodes.Newobj, c.Method(source, ".ctor", c.Types.Void, true));
        if (completed)
        {
            il.Emit(OpCodes.Dup);
            il.Emit(OpCodes.Callvirt, c.Method(source, "SetResult", c.Types.Void, true));
        }

        il.Emit(OpCodes.Callvirt, c.Method(source, "get_Task", Task(c), true));
        il.Emit(OpCodes.Callvirt, c.Method(Task(c), "GetAwaiter", awaiter, true));
        il.Emit(OpCodes.Stloc, local);
        il.Emit(OpCodes.Ldloca, local);
        il.Emit(OpCodes.Call, c.Method(awaiter, "GetResult", c.Types.Void, true));
        il.Emit(OpCodes.Ret);

        var step = c.AddStatic("Step", c.Types.Void);
        var machine = new VariableDefinition(moveNext.DeclaringType);
        step.Body.Variables.Add(machine);
        var steps = step.Body.GetILProcessor();
        steps.Emit(OpCodes.Ldloca, machine);
        steps.Emit(OpCodes.Call, moveNext);
        steps.Emit(OpCodes.Ret);
    });

    [Theory]
    [InlineData("Task.Wait", "System.Threading.Tasks.Task::Wait")]
    [InlineData("Task.WaitAll", "System.Threading.Tasks.Task::WaitAll")]
    [InlineData("Task.WaitAny", "System.Threading.Tasks.Task::WaitAny")]
    [InlineData("Task<T>.Result", "System.Threading.Tasks.Task`1::get_Result")]
    [InlineData("Wait named through Task<T>", "System.Threading.Tasks.Task`1::Wait")]
    [InlineData("ValueTask<T>.Result", "System.Threading.Tasks.ValueTask`1::get_Result")]
    [InlineData("TaskAwaiter.GetResult", "System.Runtime.CompilerServices.TaskAwaiter::GetResult outside an async state machine")]
    [InlineData("TaskAwaiter<T>.GetResult", "System.Runtime.CompilerServices.TaskAwaiter`1::GetResult outside an async state machine")]
    [InlineData("ValueTaskAwaiter.GetResult", "System.Runtime.CompilerServices.ValueTaskAwaiter::GetResult outside an async state machine")]
    [InlineData("ValueTaskAwaiter<T>.GetResult", "System.Runtime.CompilerServices.ValueTaskAwaiter`1::GetResult outside an async state machine")]
    [InlineData("ConfiguredTaskAwaiter.GetResult", "ConfiguredTaskAwaitable/ConfiguredTaskAwaiter::GetResult outside an async state machine")]
    [InlineData("the SDK's awaiter GetResult", "Rampart.Kernel.Abi.Sdk.UpcallOperation::GetResult outside an async state machine")]
    [InlineData("GetResult taken as a delegate", "TaskAwaiter::GetResult outside an async state machine")]
    [InlineData("GetResult in a MoveNext of a type that is no state machine", "TaskAwaiter::GetResult outside an async state machine in Emitted.App/<Run>d__0::MoveNext")]
    public void A_blocking_wait_is_refused_by_name_and_never_loaded(string construct, string named)
    {
        AssertRefusedUnloaded(Image(construct), LoadRefusalReason.ForbiddenMember, named);
    }

    [Theory]
    [InlineData("TaskAwaiter")]
    [InlineData("ValueTaskAwaiter")]
    public void An_async_state_machine_may_call_GetResult(string awaiter)
    {
        var image = Build(c =>
        {
            c.Il.Emit(OpCodes.Ret);
            CallGetResult(c, StateMachine(c, implementsInterface: true), Compiler(c, awaiter), c.Types.Void);
        });

        Assert.Equal(LoadRefusal.None, AppCodeLoader.Check(image));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_hand_made_state_machine_faults_instead_of_waiting_for_an_incomplete_task(bool completed)
    {
        // The load-time check lets MoveNext call GetResult; the instrumenter checks IsCompleted first.
        Assert.True(new AppCodeLoader().TryLoadApp(HandMadeStateMachine(completed), AppLoadLimits.Default, out var app, out var refusal), refusal.ToString());
        app!.Meter.Refuel(10_000);
        Assert.True(app.TryCreate<object>("Emitted.App", out var instance, out refusal), refusal.ToString());
        var step = instance!.GetType().GetMethod("Step")!;

        var run = System.Threading.Tasks.Task.Run(() => step.Invoke(null, System.Reflection.BindingFlags.DoNotWrapExceptions, null, [], null));
        var finished = await System.Threading.Tasks.Task.WhenAny(run, System.Threading.Tasks.Task.Delay(TimeSpan.FromSeconds(30)));

        Assert.Same(run, finished);
        if (completed)
        {
            await run;
            Assert.Equal(ExecutionBudget.None, app.Meter.Tripped);
        }
        else
        {
            var fault = await Assert.ThrowsAsync<ExecutionBudgetExceededException>(() => run);
            Assert.Contains("incomplete task", fault.Message, StringComparison.Ordinal);
            Assert.Equal(ExecutionBudget.Fuel, app.Meter.Tripped);
        }

        app.Unload();
    }

    [Fact]
    public void The_compiled_test_apps_await_and_pass_the_check()
    {
        // Their async methods are compiled state machines that call GetResult after each await.
        var image = EmittedStages.BuiltAssembly("Rampart.TestApps");
        Assert.True(References(image, "GetResult"));

        Assert.Equal(LoadRefusal.None, AppCodeLoader.Check(image));
    }
}
