using System.Reflection.Emit;
using System.Reflection.Metadata;
using Rampart.Hal.CoreControl;

namespace Rampart.Platform.Loading;

/// <summary>
/// Reads a method body (ECMA-335 §III) and refuses pointer operations by name (KERNEL.md,
/// "the load-time check reads method bodies too"). Each stack slot carries where its value came
/// from, so <c>ldind</c>/<c>stind</c> are judged by the address: managed references (<c>ref</c>
/// locals, <c>in</c> parameters, field and element addresses) pass; anything made from an integer
/// does not. <c>localloc</c> passes only in the compiler's stackalloc-into-Span shape and a
/// pointer Span constructor only over that or over <c>&lt;PrivateImplementationDetails&gt;</c> data.
/// </summary>
internal sealed partial class MethodBodyChecker
{
    private enum Origin : byte
    {
        Other,
        ByRef,
        ReadOnlyStaticRef,
        Stackalloc,
        ConstantData,
        Native,
    }

    private readonly IMetadataFacts _facts;
    private readonly List<IlInstruction> _code = [];
    private readonly Dictionary<int, int> _indexOf = [];
    private readonly Dictionary<int, Origin[]> _entryStates = [];
    private readonly HashSet<int> _branchTargets = [];
    private readonly HashSet<int> _approvedSpanCtors = [];

    public MethodBodyChecker(IMetadataFacts facts)
    {
        _facts = facts;
    }

    /// <summary>Checks one body. <paramref name="argIsByRef"/> includes <c>this</c> first for instance methods.</summary>
    public LoadRefusal Check(string methodName, MethodBodyBlock body, SignatureShape[] args, SignatureShape[] locals, bool returnsValue, TypeDefinitionHandle declaringType, bool isTypeInitializer, bool isAsyncMoveNext)
    {
        if (!IlOpTable.TryDecode(body.GetILBytes(), _code))
        {
            return new LoadRefusal(LoadRefusalReason.Malformed, "undecodable IL in " + methodName);
        }

        _indexOf.Clear();
        _entryStates.Clear();
        _branchTargets.Clear();
        _approvedSpanCtors.Clear();
        for (var i = 0; i < _code.Count; i++)
        {
            _indexOf[_code[i].Offset] = i;
            foreach (var target in _code[i].Targets ?? [])
            {
                _branchTargets.Add(target);
            }
        }

        _entryStates[0] = [];
        foreach (var region in body.ExceptionRegions)
        {
            var withException = region.Kind is ExceptionRegionKind.Catch or ExceptionRegionKind.Filter;
            _entryStates[region.HandlerOffset] = withException ? [Origin.Other] : [];
            _branchTargets.Add(region.HandlerOffset);
            if (region.Kind == ExceptionRegionKind.Filter)
            {
                _entryStates[region.FilterOffset] = [Origin.Other];
                _branchTargets.Add(region.FilterOffset);
            }
        }

        var context = new BodyContext(methodName, [.. args.Select(OriginOf)], [.. locals.Select(OriginOf)], returnsValue, declaringType, isTypeInitializer, body.LocalVariablesInitialized, isAsyncMoveNext);
        for (var pass = 0; pass < 8; pass++)
        {
            var refusal = RunPass(context, out var changed);
            if (refusal.Reason != LoadRefusalReason.None)
            {
                return refusal;
            }

            if (!changed)
            {
                return LoadRefusal.None;
            }
        }

        return new LoadRefusal(LoadRefusalReason.Malformed, "stack shapes do not settle in " + methodName);
    }

    private sealed record BodyContext(string Method, Origin[] Args, Origin[] Locals, bool ReturnsValue, TypeDefinitionHandle DeclaringType, bool IsTypeInitializer, bool LocalsInit, bool IsAsyncMoveNext);

    private static Origin OriginOf(SignatureShape shape) =>
        shape.IsByRef ? Origin.ByRef : shape.Name is "System.IntPtr" or "System.UIntPtr" ? Origin.Native : Origin.Other;

    private LoadRefusal RunPass(BodyContext context, out bool changed)
    {
        changed = false;
        List<Origin>? stack = null;
        for (var i = 0; i < _code.Count; i++)
        {
            var instruction = _code[i];
            if (_entryStates.TryGetValue(instruction.Offset, out var recorded))
            {
                if (stack is null)
                {
                    stack = [.. recorded];
                }
                else
                {
                    if (!Merge(instruction.Offset, stack, ref changed))
                    {
                        return Malformed(context, "inconsistent stack depth");
                    }

                    stack = [.. _entryStates[instruction.Offset]];
                }
            }

            if (stack is null)
            {
                continue;
            }

            var refusal = Step(context, i, instruction, stack);
            if (refusal.Reason != LoadRefusalReason.None)
            {
                return refusal;
            }

            var info = instruction.Info;
            if (instruction.Targets is { } targets)
            {
                var leaving = instruction.Code is 0xDD or 0xDE;
                foreach (var target in targets)
                {
                    if (!_indexOf.ContainsKey(target))
                    {
                        return Malformed(context, "branch outside the body");
                    }

                    if (!Merge(target, leaving ? [] : stack, ref changed))
                    {
                        return Malformed(context, "inconsistent stack depth");
                    }
                }
            }

            if (info.Flow is FlowControl.Branch or FlowControl.Return or FlowControl.Throw)
            {
                stack = null;
            }
        }

        return LoadRefusal.None;
    }

    private bool Merge(int offset, List<Origin> stack, ref bool changed)
    {
        if (!_entryStates.TryGetValue(offset, out var existing))
        {
            _entryStates[offset] = [.. stack];
            changed = true;
            return true;
        }

        if (existing.Length != stack.Count)
        {
            return false;
        }

        for (var k = 0; k < existing.Length; k++)
        {
            if (existing[k] != stack[k] && existing[k] != Origin.Other)
            {
                existing[k] = Origin.Other;
                changed = true;
            }
        }

        return true;
    }

    private static LoadRefusal Malformed(BodyContext context, string what) =>
        new(LoadRefusalReason.Malformed, what + " in " + context.Method);

    private static LoadRefusal Pointer(BodyContext context, string what) =>
        new(LoadRefusalReason.PointerOpcode, what + " in " + context.Method);

    private LoadRefusal Step(BodyContext context, int index, IlInstruction instruction, List<Origin> stack)
    {
        var code = instruction.Code;
        var info = instruction.Info;
        switch (code)
        {
            case 0x29:
                return new LoadRefusal(LoadRefusalReason.FunctionPointer, "calli in " + context.Method);
            case 0x27 or 0xFE00 or 0xC6 or 0xC2 or 0xFE1D:
                return Pointer(context, info.Name);
            case 0xFE17 or 0xFE18:
                return Pointer(context, info.Name);
            case 0xFE06 or 0xFE07:
                if (_facts.TryGetMethod((int)instruction.Operand, out var target) && target.IsAwaiterResult)
                {
                    return BlockingWaits.AwaiterResultOutsideStateMachine(target.Name, context.Method);
                }

                if (index + 1 >= _code.Count || _code[index + 1].Code != 0x73
                    || !_facts.TryGetMethod((int)_code[index + 1].Operand, out var ctor) || !ctor.IsDelegateCtorShape)
                {
                    return new LoadRefusal(LoadRefusalReason.FunctionPointer, info.Name + " outside a delegate construction in " + context.Method);
                }

                break;
            case 0xFE0F:
                if (!IsStackallocIntoSpan(context, index))
                {
                    return Pointer(context, "localloc outside stackalloc-into-Span");
                }

                break;
        }

        // Object operands must not be native integers (a field or element read through a made-up address).
        var objectDepth = code switch
        {
            0x7B or 0x7C or 0x74 or 0x75 or 0x79 or 0xA5 or 0x8E or 0x7A or 0xFE07 => 1,
            0x7D or 0x8F or (>= 0x90 and <= 0x9A) or 0xA3 => 2,
            (>= 0x9B and <= 0xA2) or 0xA4 => 3,
            _ => 0,
        };
        if (objectDepth > 0 && stack.Count >= objectDepth && stack[^objectDepth] is Origin.Native or Origin.Stackalloc or Origin.ConstantData)
        {
            return Pointer(context, info.Name + " on a native address");
        }

        // Address checks before the generic stack effect.
        if (code is (>= 0x46 and <= 0x50) or 0x71)
        {
            if (!Has(stack, 1) || stack[^1] is not (Origin.ByRef or Origin.ReadOnlyStaticRef))
            {
                return Pointer(context, info.Name + " through an address that is not a managed reference");
            }
        }
        else if (code is (>= 0x51 and <= 0x57) or 0xDF or 0x81 or 0x70)
        {
            if (!Has(stack, 2))
            {
                return Malformed(context, "stack underflow");
            }

            if (stack[^2] == Origin.ReadOnlyStaticRef)
            {
                return new LoadRefusal(LoadRefusalReason.MutableStaticField, info.Name + " into a read-only static in " + context.Method);
            }

            if (stack[^2] != Origin.ByRef || (code == 0x70 && stack[^1] is not (Origin.ByRef or Origin.ReadOnlyStaticRef)))
            {
                return Pointer(context, info.Name + " through an address that is not a managed reference");
            }
        }
        else if (code == 0xFE15)
        {
            if (!Has(stack, 1) || stack[^1] != Origin.ByRef)
            {
                return stack.Count > 0 && stack[^1] == Origin.ReadOnlyStaticRef
                    ? new LoadRefusal(LoadRefusalReason.MutableStaticField, "initobj into a read-only static in " + context.Method)
                    : Pointer(context, "initobj through an address that is not a managed reference");
            }
        }

        return Apply(context, index, instruction, stack);
    }

    private static bool Has(List<Origin> stack, int count) => stack.Count >= count;

    private LoadRefusal Apply(BodyContext context, int index, IlInstruction instruction, List<Origin> stack)
    {
        var code = instruction.Code;
        var info = instruction.Info;
        int pops;
        var pushes = new List<Origin>(2);
        switch (code)
        {
            case >= 0x02 and <= 0x05:
                pops = 0;
                pushes.Add(ArgOrigin(context, code - 0x02));
                break;
            case 0x0E or 0xFE09:
                pops = 0;
                pushes.Add(ArgOrigin(context, (int)instruction.Operand));
                break;
            case 0x0F or 0xFE0A or 0x12 or 0xFE0D:
                pops = 0;
                pushes.Add(Origin.ByRef);
                break;
            case >= 0x06 and <= 0x09:
                pops = 0;
                pushes.Add(LocalOrigin(context, code - 0x06));
                break;
            case 0x11 or 0xFE0C:
                pops = 0;
                pushes.Add(LocalOrigin(context, (int)instruction.Operand));
                break;
            case 0x25:
                if (!Has(stack, 1))
                {
                    return Malformed(context, "stack underflow");
                }

                pops = 0;
                pushes.Add(stack[^1]);
                break;
            case 0x7C or 0x79:
                pops = 1;
                pushes.Add(Origin.ByRef);
                break;
            case 0x8F:
                pops = 2;
                pushes.Add(Origin.ByRef);
                break;
            case 0x7B:
                pops = 1;
                pushes.Add(_facts.TryGetField((int)instruction.Operand, out var loaded) && loaded.IsByRefType ? Origin.ByRef : Origin.Other);
                break;
            case 0x7F:
                {
                    pops = 0;
                    if (!_facts.TryGetField((int)instruction.Operand, out var field))
                    {
                        return Malformed(context, "bad field token");
                    }

                    pushes.Add(field.IsConstantData ? Origin.ConstantData
                        : field.IsExternal || (field.IsInitOnly && !WritesOwnStatic(context, field)) ? Origin.ReadOnlyStaticRef
                        : Origin.ByRef);
                    break;
                }

            case 0x80:
                {
                    if (!_facts.TryGetField((int)instruction.Operand, out var field))
                    {
                        return Malformed(context, "bad field token");
                    }

                    if (field.IsExternal)
                    {
                        return new LoadRefusal(LoadRefusalReason.ForbiddenMember, "stsfld to a static field of another assembly (" + field.Name + ") in " + context.Method);
                    }

                    if (field.IsInitOnly && !WritesOwnStatic(context, field))
                    {
                        return new LoadRefusal(LoadRefusalReason.MutableStaticField, "stsfld to read-only " + field.Name + " outside its type initializer in " + context.Method);
                    }

                    pops = 1;
                    break;
                }

            case 0xFE0F:
                pops = 1;
                pushes.Add(Origin.Stackalloc);
                break;
            case 0x28 or 0x6F or 0x73:
                {
                    if (!_facts.TryGetMethod((int)instruction.Operand, out var method))
                    {
                        return Malformed(context, "bad method token");
                    }

                    if (method.IsAwaiterResult && !context.IsAsyncMoveNext)
                    {
                        return BlockingWaits.AwaiterResultOutsideStateMachine(method.Name, context.Method);
                    }

                    var isNew = code == 0x73;
                    pops = method.ParameterCount + (method.HasThis && !isNew ? 1 : 0);
                    if (!Has(stack, pops))
                    {
                        return Malformed(context, "stack underflow");
                    }

                    var first = stack.Count - method.ParameterCount;
                    for (var k = 0; k < method.ParameterCount && k < method.ParameterIsByRef.Length; k++)
                    {
                        if (method.ParameterIsByRef[k] && stack[first + k] is not (Origin.ByRef or Origin.ReadOnlyStaticRef))
                        {
                            return Pointer(context, "a value that is not a managed reference passed by ref to " + method.Name);
                        }
                    }

                    if (method.HasThis && !isNew && stack[stack.Count - pops] is Origin.Native or Origin.Stackalloc or Origin.ConstantData)
                    {
                        return Pointer(context, "a native address used as 'this' for " + method.Name);
                    }

                    if (isNew && method.IsDelegateCtorShape
                        && (index == 0 || _code[index - 1].Code is not (0xFE06 or 0xFE07) || _branchTargets.Contains(instruction.Offset)))
                    {
                        return new LoadRefusal(LoadRefusalReason.FunctionPointer, "delegate built from something other than ldftn in " + context.Method);
                    }

                    if (method.IsPointerSpanCtor)
                    {
                        // Constant data also arrives as an in-place construction (ldloca; ldsflda; ldc; call .ctor).
                        var inPlace = code == 0x28 && method.HasThis && stack[stack.Count - pops] == Origin.ByRef;
                        var approved = isNew && _approvedSpanCtors.Contains(index) && stack[^2] == Origin.Stackalloc;
                        approved |= (isNew || inPlace) && method.IsReadOnlySpan && stack[^2] == Origin.ConstantData && IsConstantDataSpan(index, method);
                        if (!approved)
                        {
                            return Pointer(context, "pointer Span constructor " + method.Name + " outside stackalloc or constant data");
                        }
                    }

                    if (isNew)
                    {
                        pushes.Add(Origin.Other);
                    }
                    else if (!method.ReturnsVoid)
                    {
                        pushes.Add(method.ReturnsByRef ? Origin.ByRef : method.ReturnsNative ? Origin.Native : Origin.Other);
                    }

                    break;
                }

            case 0x2A:
                pops = context.ReturnsValue ? 1 : 0;
                break;
            default:
                if (info.VariableStack)
                {
                    return Malformed(context, "unexpected variable-stack opcode " + info.Name);
                }

                pops = info.Pops;
                var native = code is 0xD3 or 0xE0 or 0xD4 or 0xD5 or 0x8A or 0x8B or 0x4D
                    || (code != 0x8C && pops > 0 && stack.Count >= pops && info.Pushes == 1 && stack.Skip(stack.Count - pops).Any(o => o is Origin.Native or Origin.Stackalloc or Origin.ConstantData));
                for (var k = 0; k < info.Pushes; k++)
                {
                    pushes.Add(native ? Origin.Native : Origin.Other);
                }

                break;
        }

        if (!Has(stack, pops))
        {
            return Malformed(context, "stack underflow at " + info.Name);
        }

        stack.RemoveRange(stack.Count - pops, pops);
        stack.AddRange(pushes);
        return stack.Count > 1024 ? Malformed(context, "stack too deep") : LoadRefusal.None;
    }

    private static bool WritesOwnStatic(BodyContext context, FieldFacts field) =>
        context.IsTypeInitializer && field.DeclaringType == context.DeclaringType;

    private static Origin ArgOrigin(BodyContext context, int index) =>
        index < context.Args.Length ? context.Args[index] : Origin.Other;

    private static Origin LocalOrigin(BodyContext context, int index) =>
        index < context.Locals.Length ? context.Locals[index] : Origin.Other;
}
