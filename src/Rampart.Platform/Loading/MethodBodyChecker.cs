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
/// Slots also carry their kind (<see cref="Slot"/>): a number is refused wherever an object
/// reference is declared, and a managed pointer is used only as what it points at; and their type
/// (<see cref="ClassTable"/>): an object of one class is never used where another is declared.
/// </summary>
internal sealed partial class MethodBodyChecker
{
    private readonly IMetadataFacts _facts;
    private readonly ClassTable _classes;
    private readonly List<IlInstruction> _code = [];
    private readonly Dictionary<int, int> _indexOf = [];
    private readonly Dictionary<int, Slot[]> _entryStates = [];
    private readonly HashSet<int> _branchTargets = [];
    private readonly HashSet<int> _approvedSpanCtors = [];

    // Reused across instructions and passes: the check runs over every instruction of every method
    // of every archive a cold boot loads, so per-instruction lists were most of its allocation.
    private static readonly List<Slot> EmptyStack = [];
    private readonly List<Slot> _stack = [];
    private readonly List<Slot> _pushes = new(4);

    public MethodBodyChecker(IMetadataFacts facts, ClassTable classes)
    {
        _facts = facts;
        _classes = classes;
    }

    /// <summary>Checks one body. <paramref name="args"/> includes <c>this</c> first for instance methods.</summary>
    public LoadRefusal Check(string methodName, MethodBodyBlock body, SignatureShape[] args, SignatureShape[] locals, SignatureShape returns, TypeDefinitionHandle declaringType, MethodDefinitionHandle method, bool isTypeInitializer, bool isAsyncMoveNext)
    {
        _classes.SetContext(declaringType, method);
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
            // A catch handler starts with the exception as its catch type; a filter and its handler with an object.
            var withException = region.Kind is ExceptionRegionKind.Catch or ExceptionRegionKind.Filter;
            var exception = region.Kind == ExceptionRegionKind.Catch && _facts.TypeOf(System.Reflection.Metadata.Ecma335.MetadataTokens.GetToken(region.CatchType)) is { } caught
                ? ObjectSlot(_classes.Of(caught))
                : ObjectSlot(ClassTable.Object);
            _entryStates[region.HandlerOffset] = withException ? [exception] : [];
            _branchTargets.Add(region.HandlerOffset);
            if (region.Kind == ExceptionRegionKind.Filter)
            {
                _entryStates[region.FilterOffset] = [exception];
                _branchTargets.Add(region.FilterOffset);
            }
        }

        var context = new BodyContext(methodName, args, locals, returns, declaringType, isTypeInitializer, body.LocalVariablesInitialized, isAsyncMoveNext);
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

    private sealed record BodyContext(string Method, SignatureShape[] Args, SignatureShape[] Locals, SignatureShape Returns, TypeDefinitionHandle DeclaringType, bool IsTypeInitializer, bool LocalsInit, bool IsAsyncMoveNext)
    {
        public bool ReturnsValue => Returns.Category != ValueCategory.Void || Returns.IsByRef;
    }

    private LoadRefusal RunPass(BodyContext context, out bool changed)
    {
        changed = false;
        List<Slot>? stack = null;
        for (var i = 0; i < _code.Count; i++)
        {
            var instruction = _code[i];
            if (_entryStates.TryGetValue(instruction.Offset, out var recorded))
            {
                if (stack is not null && !Merge(instruction.Offset, stack, ref changed))
                {
                    return Malformed(context, "inconsistent stack depth");
                }

                // Continue from the recorded (now joined) entry state, in the one working list.
                stack = _stack;
                stack.Clear();
                stack.AddRange(_entryStates[instruction.Offset]);
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

                    if (!Merge(target, leaving ? EmptyStack : stack, ref changed))
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

    private bool Merge(int offset, List<Slot> stack, ref bool changed)
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
            var joined = Join(existing[k], stack[k]);
            if (joined != existing[k])
            {
                existing[k] = joined;
                changed = true;
            }
        }

        return true;
    }

    private LoadRefusal Step(BodyContext context, int index, IlInstruction instruction, List<Slot> stack)
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

        var refusal = CheckOperands(context, instruction, stack);
        if (refusal.Reason != LoadRefusalReason.None)
        {
            return refusal;
        }

        // Address checks before the generic stack effect.
        if (code is (>= 0x46 and <= 0x50) or 0x71)
        {
            if (!Has(stack, 1) || !stack[^1].IsAddress)
            {
                return Pointer(context, info.Name + " through an address that is not a managed reference");
            }

            refusal = CheckLoadThrough(context, instruction, stack[^1]);
        }
        else if (code is (>= 0x51 and <= 0x57) or 0xDF or 0x81 or 0x70)
        {
            if (!Has(stack, 2))
            {
                return Malformed(context, "stack underflow");
            }

            if (stack[^2].Origin == Origin.ReadOnlyStaticRef)
            {
                return new LoadRefusal(LoadRefusalReason.MutableStaticField, info.Name + " into a read-only static in " + context.Method);
            }

            if (stack[^2].Origin == Origin.ReadOnlyElement)
            {
                return Confused(context, info.Name + " through a readonly. array element address");
            }

            if (stack[^2].Origin != Origin.ByRef || (code == 0x70 && !stack[^1].IsAddress))
            {
                return Pointer(context, info.Name + " through an address that is not a managed reference");
            }

            refusal = CheckStoreThrough(context, instruction, stack[^2], stack[^1]);
        }
        else if (code == 0xFE15)
        {
            if (!Has(stack, 1) || stack[^1].Origin != Origin.ByRef)
            {
                return stack.Count > 0 && stack[^1].Origin == Origin.ReadOnlyStaticRef
                    ? new LoadRefusal(LoadRefusalReason.MutableStaticField, "initobj into a read-only static in " + context.Method)
                    : stack.Count > 0 && stack[^1].Origin == Origin.ReadOnlyElement ? Confused(context, "initobj through a readonly. array element address")
                    : Pointer(context, "initobj through an address that is not a managed reference");
            }
        }

        return refusal.Reason != LoadRefusalReason.None ? refusal : Apply(context, index, instruction, stack);
    }

    private static bool Has(List<Slot> stack, int count) => stack.Count >= count;

    /// <summary>A number read or written through a pointer to a value type: an enum's, or one whose type is not known.</summary>
    private bool NumberThroughValuePointer(Pointee want, Slot address) =>
        IsNumber(want) && address.Pointee == Pointee.Unknown && _classes.IsEnumOrUnknown(address.Class);

    private static string InstanceOf(FieldFacts field, string opcode) => "used as the instance of " + field.Name + " (" + opcode + ")";

    /// <summary>
    /// Object operands (ECMA-335 §III.4): a field's instance, an array, a cast's or throw's operand.
    /// A number there would be a made-up reference; a managed pointer only reaches a value type's field.
    /// </summary>
    private LoadRefusal CheckOperands(BodyContext context, IlInstruction instruction, List<Slot> stack)
    {
        var code = instruction.Code;
        var depth = code switch
        {
            0x7B or 0x7C or 0x74 or 0x75 or 0x79 or 0xA5 or 0x8E or 0x7A or 0xFE07 => 1,
            0x7D or 0x8F or (>= 0x90 and <= 0x9A) or 0xA3 => 2,
            (>= 0x9B and <= 0xA2) or 0xA4 => 3,
            _ => 0,
        };
        if (depth == 0 || stack.Count < depth)
        {
            return LoadRefusal.None;
        }

        var operand = stack[^depth];
        var name = instruction.Info.Name;
        if (operand.IsNumber)
        {
            return Pointer(context, name + " on a native address");
        }

        if (code is 0x7B or 0x7C or 0x7D)
        {
            // A static field read through ldfld ignores the instance; an instance field needs one of its declaring type.
            if (!_facts.TryGetField((int)instruction.Operand, out var field) || field.IsStatic)
            {
                return LoadRefusal.None;
            }

            return !FitsInstance(field.DeclaringCategory, operand, valueTypeValueAllowed: code == 0x7B) ? Mismatch(context, InstanceOf(field, name), operand)
                : InstanceFitsClass(field.Declaring, operand) ? LoadRefusal.None
                : ClassMismatch(context, operand, InstanceOf(field, name));
        }

        if (!operand.IsObject)
        {
            return Mismatch(context, "used as an object reference by " + name, operand);
        }

        if (code == 0xFE07)
        {
            return !_facts.TryGetMethod((int)instruction.Operand, out var virtualMethod) ? Malformed(context, "bad method token")
                : InstanceFitsClass(virtualMethod.Declaring, operand) ? LoadRefusal.None
                : ClassMismatch(context, operand, "used as the object of ldvirtftn " + virtualMethod.Name);
        }

        var conflict = code switch
        {
            0x9A => ElementsConflict(operand.Pointee, Pointee.Reference),
            >= 0x9B and <= 0xA1 => ElementsConflict(operand.Pointee, StoreWidth(code)),
            0x8F or 0xA3 or 0xA4 => _facts.TypeOf((int)instruction.Operand) is not { } element || ElementsConflict(operand.Pointee, PointeeOf(element)),
            _ => false,
        };
        return conflict ? Confused(context, name + " on an array of other elements")
            : code is 0x8E or 0x8F or (>= 0x90 and <= 0xA4) ? CheckArrayAccess(context, instruction, operand, stack)
            : LoadRefusal.None;
    }

    /// <summary><c>ldind.ref</c> reads an object only where one is stored; <c>ldobj T</c> reads a T only where a T is.</summary>
    private LoadRefusal CheckLoadThrough(BodyContext context, IlInstruction instruction, Slot address)
    {
        var want = instruction.Code switch
        {
            0x50 => Pointee.Reference,
            0x71 => _facts.TypeOf((int)instruction.Operand) is { } type ? PointeeOf(type) : Pointee.Mixed,
            _ => address.Pointee,
        };
        return PointeeFits(want, address.Pointee) || NumberThroughValuePointer(want, address)
            ? CheckLoadClass(context, instruction, address)
            : Mismatch(context, "read by " + instruction.Info.Name, address);
    }

    /// <summary>Numbers are written only where a number (or an enum) is; objects only where an object is.</summary>
    private LoadRefusal CheckStoreThrough(BodyContext context, IlInstruction instruction, Slot address, Slot value)
    {
        var code = instruction.Code;
        var type = code is 0x81 or 0x70 ? _facts.TypeOf((int)instruction.Operand) : null;
        var want = code switch
        {
            0x51 => Pointee.Reference,
            0x81 or 0x70 => type is null ? Pointee.Mixed : PointeeOf(type),
            _ => StoreWidth(code),
        };
        var name = instruction.Info.Name;
        if (!(PointeeFits(want, address.Pointee) || NumberThroughValuePointer(want, address)))
        {
            return Mismatch(context, "written by " + name, address);
        }

        if (code == 0x70)
        {
            return PointeeFits(want, value.Pointee) ? CheckStoreClass(context, instruction, address, value) : Mismatch(context, "copied from by " + name, value);
        }

        var declared = code == 0x51 ? ObjectShape : type;
        return declared is null ? LoadRefusal.None
            : !FitsKind(declared, value) ? Mismatch(context, "stored by " + name, value)
            : !FitsClass(declared, value) ? ClassMismatch(context, value, declared, "stored by " + name + " as", "value")
            : CheckStoreClass(context, instruction, address, value);
    }

    private static readonly SignatureShape ObjectShape = SignatureShape.Plain("System.Object", 0, ValueCategory.Reference);

    private static LoadRefusal Malformed(BodyContext context, string what) =>
        new(LoadRefusalReason.Malformed, what + " in " + context.Method);

    private static LoadRefusal Pointer(BodyContext context, string what) =>
        new(LoadRefusalReason.PointerOpcode, what + " in " + context.Method);

    private static LoadRefusal Confused(BodyContext context, string what) =>
        new(LoadRefusalReason.TypeMismatch, what + " in " + context.Method);

    private static bool WritesOwnStatic(BodyContext context, FieldFacts field) =>
        context.IsTypeInitializer && field.DeclaringType == context.DeclaringType;

    private static SignatureShape ArgShape(BodyContext context, int index) =>
        index < context.Args.Length ? context.Args[index] : SignatureShape.Plain("?", 0, ValueCategory.Unknown);

    private static SignatureShape LocalShape(BodyContext context, int index) =>
        index < context.Locals.Length ? context.Locals[index] : SignatureShape.Plain("?", 0, ValueCategory.Unknown);
}
