using Rampart.Hal.CoreControl;

namespace Rampart.Platform.Loading;

/// <summary>The stack effect of each instruction, with the kind checks of stores, calls and returns.</summary>
internal sealed partial class MethodBodyChecker
{
    private LoadRefusal Apply(BodyContext context, int index, IlInstruction instruction, List<Slot> stack)
    {
        var code = instruction.Code;
        var info = instruction.Info;
        int pops;
        var pushes = _pushes;
        pushes.Clear();
        switch (code)
        {
            case >= 0x02 and <= 0x05:
                pops = 0;
                pushes.Add(Load(ArgShape(context, code - 0x02)));
                break;
            case 0x0E or 0xFE09:
                pops = 0;
                pushes.Add(Load(ArgShape(context, (int)instruction.Operand)));
                break;
            case 0x0F or 0xFE0A:
                pops = 0;
                pushes.Add(AddressOf(ArgShape(context, (int)instruction.Operand)));
                break;
            case 0x12 or 0xFE0D:
                pops = 0;
                pushes.Add(AddressOf(LocalShape(context, (int)instruction.Operand)));
                break;
            case >= 0x06 and <= 0x09:
                pops = 0;
                pushes.Add(Load(LocalShape(context, code - 0x06)));
                break;
            case 0x11 or 0xFE0C:
                pops = 0;
                pushes.Add(Load(LocalShape(context, (int)instruction.Operand)));
                break;
            case >= 0x0A and <= 0x0D or 0x13 or 0xFE0E or 0x10 or 0xFE0B:
                {
                    var isLocal = code is not (0x10 or 0xFE0B);
                    var slot = code is >= 0x0A and <= 0x0D ? code - 0x0A : (int)instruction.Operand;
                    var target = isLocal ? LocalShape(context, slot) : ArgShape(context, slot);
                    if (!Has(stack, 1) || !Fits(target, stack[^1]) || stack[^1].Origin == Origin.ReadOnlyElement)
                    {
                        // Named only when refused: a store is the commonest instruction.
                        return CheckStore(context, stack, target, (isLocal ? "local " : "argument ") + slot);
                    }

                    pops = 1;
                    break;
                }

            case 0x25:
                if (!Has(stack, 1))
                {
                    return Malformed(context, "stack underflow");
                }

                pops = 0;
                pushes.Add(stack[^1]);
                break;
            case 0x14:
                pops = 0;
                pushes.Add(ObjectSlot(ClassTable.Null));
                break;
            case 0x7C:
                pops = 1;
                pushes.Add(_facts.TryGetField((int)instruction.Operand, out var addressed) ? AddressOf(addressed.Type) : new Slot(Origin.ByRef, Pointee.Mixed, ClassTable.Mixed));
                break;
            case 0x79 or 0x8F:
                {
                    pops = code == 0x79 ? 1 : 2;
                    var element = _facts.TypeOf((int)instruction.Operand);
                    var readOnly = code == 0x8F && index > 0 && _code[index - 1].Code == 0xFE1E && !_branchTargets.Contains(instruction.Offset)
                        && element?.Category is ValueCategory.Reference or ValueCategory.Generic;
                    pushes.Add(element is null
                        ? new Slot(Origin.ByRef, Pointee.Mixed, ClassTable.Mixed)
                        : new Slot(readOnly ? Origin.ReadOnlyElement : Origin.ByRef, PointeeOf(element), ClassOfPointee(element)));
                    break;
                }
            case 0x7B or 0x7E:
                {
                    if (!_facts.TryGetField((int)instruction.Operand, out var field))
                    {
                        return Malformed(context, "bad field token");
                    }

                    pops = code == 0x7B ? 1 : 0;
                    pushes.Add(Load(field.Type));
                    break;
                }

            case 0x7F:
                {
                    pops = 0;
                    if (!_facts.TryGetField((int)instruction.Operand, out var field))
                    {
                        return Malformed(context, "bad field token");
                    }

                    var origin = field.IsConstantData ? Origin.ConstantData
                        : field.IsExternal || (field.IsInitOnly && !WritesOwnStatic(context, field)) ? Origin.ReadOnlyStaticRef
                        : Origin.ByRef;
                    pushes.Add(new Slot(origin, PointeeOf(field.Type), ClassOfPointee(field.Type)));
                    break;
                }

            case 0x7D or 0x80:
                {
                    if (!_facts.TryGetField((int)instruction.Operand, out var field))
                    {
                        return Malformed(context, "bad field token");
                    }

                    if (code == 0x80 && field.IsExternal)
                    {
                        return new LoadRefusal(LoadRefusalReason.ForbiddenMember, "stsfld to a static field of another assembly (" + field.Name + ") in " + context.Method);
                    }

                    if (code == 0x80 && field.IsInitOnly && !WritesOwnStatic(context, field))
                    {
                        return new LoadRefusal(LoadRefusalReason.MutableStaticField, "stsfld to read-only " + field.Name + " outside its type initializer in " + context.Method);
                    }

                    var refusal = CheckStore(context, stack, field.Type, field.Name);
                    if (refusal.Reason != LoadRefusalReason.None)
                    {
                        return refusal;
                    }

                    pops = code == 0x7D ? 2 : 1;
                    break;
                }

            case 0xFE0F:
                pops = 1;
                pushes.Add(Origin.Stackalloc);
                break;
            case 0x28 or 0x6F or 0x73:
                {
                    var refusal = ApplyCall(context, index, instruction, stack, out pops, out var pushed);
                    if (refusal.Reason != LoadRefusalReason.None)
                    {
                        return refusal;
                    }

                    if (pushed is { } result)
                    {
                        pushes.Add(result);
                    }

                    break;
                }

            case 0x2A:
                {
                    pops = context.ReturnsValue ? 1 : 0;
                    if (pops == 1)
                    {
                        var refusal = CheckStore(context, stack, context.Returns, "return value");
                        if (refusal.Reason != LoadRefusalReason.None)
                        {
                            return refusal;
                        }
                    }

                    break;
                }

            case 0x8C:
                {
                    var refusal = CheckBox(context, instruction, stack, out var boxed);
                    if (refusal.Reason != LoadRefusalReason.None)
                    {
                        return refusal;
                    }

                    pops = 1;
                    pushes.Add(ObjectSlot(boxed));
                    break;
                }

            default:
                if (info.VariableStack)
                {
                    return Malformed(context, "unexpected variable-stack opcode " + info.Name);
                }

                pops = info.Pops;
                for (var k = 0; k < info.Pushes; k++)
                {
                    pushes.Add(Pushed(instruction, stack, pops));
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

    /// <summary>The address of a local or argument: a managed pointer to what it is declared as.</summary>
    private Slot AddressOf(SignatureShape shape) =>
        shape.IsByRef ? new(Origin.ByRef, Pointee.Mixed, ClassTable.Mixed) : new(Origin.ByRef, PointeeOf(shape), ClassOfPointee(shape));

    private static readonly SignatureShape StringShape = SignatureShapeProvider.Instance.GetPrimitiveType(System.Reflection.Metadata.PrimitiveTypeCode.String);
    private static readonly SignatureShape TypeHandleShape = SignatureShape.Plain("System.RuntimeTypeHandle");
    private static readonly SignatureShape FieldHandleShape = SignatureShape.Plain("System.RuntimeFieldHandle");
    private static readonly SignatureShape MethodHandleShape = SignatureShape.Plain("System.RuntimeMethodHandle");

    /// <summary>What <c>ldtoken</c> of a member reference pushes: a field's handle or a method's.</summary>
    private SignatureShape MemberHandle(int token) => _facts.TryGetField(token, out _) ? FieldHandleShape : MethodHandleShape;

    /// <summary>What an opcode without special handling pushes: a number, or what its type token names.</summary>
    private Slot Pushed(IlInstruction instruction, List<Slot> stack, int pops)
    {
        var code = instruction.Code;
        switch (code)
        {
            case 0x72:
                return ObjectSlot(_classes.Of(StringShape));
            case 0x50:
                // What the pointer reaches (disagreeing paths read as an object).
                return ObjectSlot(stack.Count > 0 && stack[^1].Class != ClassTable.Mixed ? stack[^1].Class : ClassTable.Object);
            case 0x9A:
                return ObjectSlot(stack.Count >= 2 && _classes.ElementOf(stack[^2].Class) is var held and >= 0 ? held : ClassTable.Object);
            case 0x8D:
                return _facts.TypeOf((int)instruction.Operand) is { } element ? ObjectSlot(_classes.ArrayOf(_classes.Of(element))) : Origin.Unknown;
            case 0x74 or 0x75:
                // A cast's result is an object reference of the type cast to (a boxed value for a value type), never a T.
                return _facts.TypeOf((int)instruction.Operand) is { } cast ? ObjectSlot(_classes.Boxed(cast)) : Origin.Unknown;
            case 0xA5 or 0x71 or 0xA3:
                return _facts.TypeOf((int)instruction.Operand) is { } loaded ? Load(loaded) : Origin.Unknown;
            case 0xD0:
                // A type, field or method handle, by what the token names.
                return new Slot(Origin.Struct, Pointee.Unknown, _classes.Of(System.Reflection.Metadata.Ecma335.MetadataTokens.EntityHandle((int)instruction.Operand).Kind switch
                {
                    System.Reflection.Metadata.HandleKind.FieldDefinition => FieldHandleShape,
                    System.Reflection.Metadata.HandleKind.MethodDefinition or System.Reflection.Metadata.HandleKind.MethodSpecification => MethodHandleShape,
                    System.Reflection.Metadata.HandleKind.MemberReference => MemberHandle((int)instruction.Operand),
                    _ => TypeHandleShape,
                }));
            case 0xFE06 or 0xFE07:
                return Origin.Native;
        }

        var native = code is 0xD3 or 0xE0 or 0xD4 or 0xD5 or 0x8A or 0x8B or 0x4D or 0x97
            || (pops > 0 && stack.Count >= pops && stack.Skip(stack.Count - pops).Any(o => o.Origin is Origin.Native or Origin.Stackalloc or Origin.ConstantData));
        return native ? Origin.Native : Origin.Number;
    }

    /// <summary>
    /// <c>box T</c> of a reference type does nothing, so only a value of T's kind (and, for a class, of T's class) may be
    /// boxed. <paramref name="boxed"/> is the object's type: T, a <c>Nullable&lt;U&gt;</c>'s U, a generic parameter itself.
    /// </summary>
    private LoadRefusal CheckBox(BodyContext context, IlInstruction instruction, List<Slot> stack, out int boxed)
    {
        boxed = ClassTable.Object;
        if (!Has(stack, 1))
        {
            return Malformed(context, "stack underflow");
        }

        var type = _facts.TypeOf((int)instruction.Operand);
        var value = stack[^1];
        if (type is not null)
        {
            boxed = type.Category switch
            {
                ValueCategory.Reference => _classes.Of(type),
                ValueCategory.Generic => value.Origin == Origin.Generic ? _classes.Of(type) : value.Class,
                _ => _classes.Boxed(type),
            };
            if (type.Category == ValueCategory.Reference && value.IsObject && !_classes.IsAssignable(value.Class, boxed))
            {
                return ClassMismatch(context, value, "boxed as " + _classes.Describe(boxed));
            }
        }

        var fits = type?.Category switch
        {
            ValueCategory.Number or ValueCategory.Native => !value.IsAddress,
            ValueCategory.Value => value.Origin is Origin.Struct or Origin.Number or Origin.Unknown,
            ValueCategory.Generic => value.Origin is Origin.Generic or Origin.Other or Origin.Unknown,
            ValueCategory.Reference => value.IsObject,
            _ => value.Origin is Origin.Struct or Origin.Unknown or Origin.Other,
        };
        return fits ? LoadRefusal.None : Mismatch(context, "boxed as " + (type?.Name ?? "?"), value);
    }

    private LoadRefusal ApplyCall(BodyContext context, int index, IlInstruction instruction, List<Slot> stack, out int pops, out Slot? pushed)
    {
        var code = instruction.Code;
        pops = 0;
        pushed = null;
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
            if (method.ParameterIsByRef[k] && !stack[first + k].IsAddress)
            {
                return Pointer(context, "a value that is not a managed reference passed by ref to " + method.Name);
            }

            // The compiler passes a generic element's readonly. address to 'in' parameters; a class element's never.
            if (stack[first + k].Origin == Origin.ReadOnlyElement && _classes.Shape(stack[first + k].Class).Category != ValueCategory.Generic)
            {
                return Confused(context, "a readonly. array element address passed by ref to " + method.Name);
            }
        }

        if (method.HasThis && !isNew && stack[stack.Count - pops].IsNumber)
        {
            return Pointer(context, "a native address used as 'this' for " + method.Name);
        }

        if (isNew && method.IsDelegateCtorShape
            && (index == 0 || _code[index - 1].Code is not (0xFE06 or 0xFE07) || _branchTargets.Contains(instruction.Offset)))
        {
            return new LoadRefusal(LoadRefusalReason.FunctionPointer, "delegate built from something other than ldftn in " + context.Method);
        }

        if (isNew && method.IsDelegateCtorShape)
        {
            var refusal = CheckDelegate(context, index, instruction, stack);
            if (refusal.Reason != LoadRefusalReason.None)
            {
                return refusal;
            }
        }

        if (method.IsPointerSpanCtor)
        {
            // Constant data also arrives as an in-place construction (ldloca; ldsflda; ldc; call .ctor).
            var inPlace = code == 0x28 && method.HasThis && stack[stack.Count - pops].Origin == Origin.ByRef;
            var approved = isNew && _approvedSpanCtors.Contains(index) && stack[^2].Origin == Origin.Stackalloc;
            approved |= (isNew || inPlace) && method.IsReadOnlySpan && stack[^2].Origin == Origin.ConstantData && IsConstantDataSpan(index, method);
            if (!approved)
            {
                return Pointer(context, "pointer Span constructor " + method.Name + " outside stackalloc or constant data");
            }
        }
        else
        {
            var refusal = CheckArguments(context, index, instruction, stack, method, isNew);
            if (refusal.Reason != LoadRefusalReason.None)
            {
                return refusal;
            }
        }

        if (isNew)
        {
            pushed = method.DeclaringCategory switch
            {
                ValueCategory.Value => new Slot(Origin.Struct, Pointee.Unknown, _classes.Of(method.Declaring)),
                ValueCategory.Native => Origin.Native,
                ValueCategory.Number => Origin.Number,
                ValueCategory.Reference => ObjectSlot(_classes.Of(method.Declaring)),
                _ => new Slot(Origin.Unknown, Pointee.Unknown, _classes.Of(method.Declaring)),
            };
        }
        else if (!method.ReturnsVoid)
        {
            pushed = Load(method.Return);
        }

        return LoadRefusal.None;
    }

    /// <summary>Each argument fits its declared parameter; the instance fits the declaring type (a <c>constrained.</c> call takes an address).</summary>
    private LoadRefusal CheckArguments(BodyContext context, int index, IlInstruction instruction, List<Slot> stack, MethodFacts method, bool isNew)
    {
        var first = stack.Count - method.ParameterCount;
        for (var k = 0; k < method.ParameterCount && k < method.Parameters.Length; k++)
        {
            var parameter = method.Parameters[k];
            var argument = stack[first + k];
            if (!FitsKind(parameter, argument))
            {
                return Mismatch(context, "passed as " + Declared(parameter) + " parameter " + k + " of " + method.Name, argument);
            }

            if (!FitsClass(parameter, argument))
            {
                return ClassMismatch(context, argument, parameter, "passed as", "parameter " + k + " of " + method.Name);
            }
        }

        if (!method.HasThis || isNew)
        {
            return LoadRefusal.None;
        }

        var instance = stack[first - 1];
        var constrained = index > 0 && _code[index - 1].Code == 0xFE16 && instruction.Code == 0x6F;
        var fits = constrained ? instance.IsAddress && instance.Pointee != Pointee.Mixed : FitsInstance(method.DeclaringCategory, instance, valueTypeValueAllowed: false);
        return !fits ? Mismatch(context, "used as 'this' for " + method.Name, instance)
            : constrained ? CheckConstrained(context, index - 1, method, instance)
            : InstanceFitsClass(method.Declaring, instance) ? LoadRefusal.None
            : ClassMismatch(context, instance, "used as 'this' for " + method.Name);
    }
}
