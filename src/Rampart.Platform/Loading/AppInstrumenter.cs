using Mono.Cecil;
using Mono.Cecil.Cil;
using Mono.Cecil.Rocks;
using Rampart.Hal.CoreControl;

namespace Rampart.Platform.Loading;

/// <summary>
/// Rewrites a checked app's IL with Mono.Cecil so the kernel's watchdog can stop it (KERNEL.md,
/// "runaway loops and deep recursion"): every backward branch first calls
/// <see cref="ExecutionMeter.Tick"/>, and every method body is wrapped as
/// <c>meter.Enter(); try { body } finally { meter.Exit(); }</c>. The meter is read from a static
/// field of a type the loader adds (<see cref="AppImageChecker.MeterTypeName"/>), so each app —
/// each collectible context — has its own counters, never a <c>[ThreadStatic]</c> one.
/// </summary>
internal static class AppInstrumenter
{
    /// <summary>The static field holding the app's meter.</summary>
    public const string MeterFieldName = "Current";

    /// <summary>Returns the instrumented image. The input must have passed <see cref="AppImageChecker"/>.</summary>
    public static byte[] Instrument(ReadOnlySpan<byte> image, out int backwardBranches, out int methods)
    {
        using var input = new MemoryStream(image.ToArray(), writable: false);
        using var module = ModuleDefinition.ReadModule(input, new ReaderParameters { ReadingMode = ReadingMode.Immediate, InMemory = true, ReadSymbols = false });
        var meterType = module.ImportReference(typeof(ExecutionMeter));
        var tick = module.ImportReference(typeof(ExecutionMeter).GetMethod(nameof(ExecutionMeter.Tick))!);
        var enter = module.ImportReference(typeof(ExecutionMeter).GetMethod(nameof(ExecutionMeter.Enter))!);
        var exit = module.ImportReference(typeof(ExecutionMeter).GetMethod(nameof(ExecutionMeter.Exit))!);
        var blocked = module.ImportReference(typeof(ExecutionMeter).GetMethod(nameof(ExecutionMeter.Blocked))!);

        var holder = new TypeDefinition(string.Empty, AppImageChecker.MeterTypeName,
            TypeAttributes.NotPublic | TypeAttributes.Sealed | TypeAttributes.Abstract | TypeAttributes.Class, module.TypeSystem.Object);
        var field = new FieldDefinition(MeterFieldName, FieldAttributes.Assembly | FieldAttributes.Static, meterType);
        holder.Fields.Add(field);

        backwardBranches = 0;
        methods = 0;
        foreach (var type in module.GetTypes().ToList())
        {
            foreach (var method in type.Methods)
            {
                if (!method.HasBody || method.Body.Instructions.Count == 0)
                {
                    continue;
                }

                AddAwaitGuards(method.Body, field, blocked);
                backwardBranches += AddFuelChecks(method.Body, field, tick);
                AddDepthCheck(method, field, enter, exit);
                method.ImplAttributes |= MethodImplAttributes.NoOptimization;
                methods++;
            }
        }

        module.Types.Add(holder);
        using var output = new MemoryStream();
        module.Write(output);
        return output.ToArray();
    }

    /// <summary>
    /// Before each BCL awaiter's <c>GetResult</c> (which blocks on an incomplete task), checks
    /// <c>IsCompleted</c> and faults the app through <see cref="ExecutionMeter.Blocked"/> if it is
    /// not: <c>dup; call get_IsCompleted; brtrue ok; ldsfld meter; call Blocked; ok: call GetResult</c>.
    /// The load-time check admits such calls only in an <c>IAsyncStateMachine.MoveNext</c>, where the
    /// compiler calls them on completed awaiters; this keeps a hand-made state machine from blocking.
    /// </summary>
    private static void AddAwaitGuards(MethodBody body, FieldReference meter, MethodReference blocked)
    {
        var il = body.GetILProcessor();
        foreach (var instruction in body.Instructions.ToList())
        {
            if (instruction.OpCode.Code != Code.Call || instruction.Operand is not MethodReference { Name: BlockingWaits.AwaiterResultName, HasThis: true } result
                || !BlockingWaits.IsBlockingAwaiter(result.DeclaringType.GetElementType().FullName))
            {
                continue;
            }

            // The call becomes the dup, so every branch and handler boundary that pointed at it reaches the check first.
            var isCompleted = new MethodReference("get_IsCompleted", body.Method.Module.TypeSystem.Boolean, result.DeclaringType) { HasThis = true };
            var call = il.Create(OpCodes.Call, result);
            instruction.OpCode = OpCodes.Dup;
            instruction.Operand = null;
            var check = il.Create(OpCodes.Call, isCompleted);
            il.InsertAfter(instruction, check);
            var skip = il.Create(OpCodes.Brtrue, call);
            il.InsertAfter(check, skip);
            var load = il.Create(OpCodes.Ldsfld, meter);
            il.InsertAfter(skip, load);
            var fault = il.Create(OpCodes.Call, blocked);
            il.InsertAfter(load, fault);
            il.InsertAfter(fault, call);
        }
    }

    private static int AddFuelChecks(MethodBody body, FieldReference meter, MethodReference tick)
    {
        body.SimplifyMacros();
        var instructions = body.Instructions.ToList();
        var index = new Dictionary<Instruction, int>(instructions.Count);
        for (var i = 0; i < instructions.Count; i++)
        {
            index[instructions[i]] = i;
            if (instructions[i].OpCode.Code == Code.Tail)
            {
                instructions[i].OpCode = OpCodes.Nop;
            }
        }

        var il = body.GetILProcessor();
        var count = 0;
        for (var i = 0; i < instructions.Count; i++)
        {
            var instruction = instructions[i];
            var backward = instruction.Operand switch
            {
                Instruction target => index.TryGetValue(target, out var t) && t <= i,
                Instruction[] targets => targets.Any(x => index.TryGetValue(x, out var t) && t <= i),
                _ => false,
            };
            if (!backward)
            {
                continue;
            }

            // The branch becomes the tick, so every branch and handler boundary that pointed at
            // it now reaches the tick first; a copy of the branch follows.
            var branch = il.Create(OpCodes.Nop);
            branch.OpCode = instruction.OpCode;
            branch.Operand = instruction.Operand;
            instruction.OpCode = OpCodes.Ldsfld;
            instruction.Operand = meter;
            var call = il.Create(OpCodes.Call, tick);
            il.InsertAfter(instruction, call);
            il.InsertAfter(call, branch);
            count++;
        }

        return count;
    }

    private static void AddDepthCheck(MethodDefinition method, FieldReference meter, MethodReference enter, MethodReference exit)
    {
        var body = method.Body;
        var il = body.GetILProcessor();
        var first = body.Instructions[0];
        // An init accessor returns "void modreq(IsExternalInit)": look through custom modifiers, or it
        // would get a void-typed result local and the JIT would refuse the method.
        var returnType = method.ReturnType;
        while (returnType is IModifierType modified)
        {
            returnType = modified.ElementType;
        }

        var returnsValue = returnType.MetadataType != MetadataType.Void;
        VariableDefinition? result = null;
        if (returnsValue)
        {
            result = new VariableDefinition(returnType);
            body.Variables.Add(result);
        }

        var finalReturn = il.Create(OpCodes.Ret);
        var afterHandler = result is null ? finalReturn : il.Create(OpCodes.Ldloc, result);
        foreach (var instruction in body.Instructions.Where(x => x.OpCode.Code == Code.Ret).ToList())
        {
            if (result is null)
            {
                instruction.OpCode = OpCodes.Leave;
                instruction.Operand = afterHandler;
            }
            else
            {
                instruction.OpCode = OpCodes.Stloc;
                instruction.Operand = result;
                il.InsertAfter(instruction, il.Create(OpCodes.Leave, afterHandler));
            }
        }

        var finallyStart = il.Create(OpCodes.Ldsfld, meter);
        il.Append(finallyStart);
        il.Append(il.Create(OpCodes.Call, exit));
        il.Append(il.Create(OpCodes.Endfinally));
        il.Append(afterHandler);
        if (result is not null)
        {
            il.Append(finalReturn);
        }

        var enterLoad = il.Create(OpCodes.Ldsfld, meter);
        il.InsertBefore(first, enterLoad);
        il.InsertAfter(enterLoad, il.Create(OpCodes.Call, enter));
        body.ExceptionHandlers.Add(new ExceptionHandler(ExceptionHandlerType.Finally)
        {
            TryStart = first,
            TryEnd = finallyStart,
            HandlerStart = finallyStart,
            HandlerEnd = afterHandler,
        });
        body.InitLocals = body.InitLocals || result is not null;
        body.OptimizeMacros();
    }
}
