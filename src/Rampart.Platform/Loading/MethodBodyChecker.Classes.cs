using Rampart.Hal.CoreControl;

namespace Rampart.Platform.Loading;

/// <summary>
/// Class identity (docs/decisions/0160-kernel-cooperative-syscalls.md): an object reference carries its static
/// class and a managed pointer the type it reaches; wherever one is consumed with a declared type — an argument,
/// <c>this</c>, a field's instance, a store, a return, an array element, a delegate's target — it must be assignable
/// to that type, so an object of one class is never read or called as another without <c>castclass</c>.
/// </summary>
internal sealed partial class MethodBodyChecker
{
    /// <summary>The type a managed pointer to a <paramref name="shape"/> location reaches; numbers are judged by their width alone.</summary>
    private int ClassOfPointee(SignatureShape shape) =>
        shape.Category is ValueCategory.Number or ValueCategory.Native ? ClassTable.Object : _classes.Of(shape);

    /// <summary>An object of type <paramref name="type"/> on the stack; an array also records what it holds.</summary>
    private Slot ObjectSlot(int type) =>
        type == ClassTable.Null ? new Slot(Origin.Other, Pointee.Null, type)
        : new Slot(Origin.Other, _classes.Shape(type).Element is { } element ? PointeeOf(element) : Pointee.Unknown, type);

    /// <summary>Whether <paramref name="value"/>, which fits <paramref name="target"/> by kind, also fits it by class.</summary>
    private bool FitsClass(SignatureShape target, Slot value)
    {
        if (target.IsByRef)
        {
            return SamePointee(target, value);
        }

        return target.Category switch
        {
            ValueCategory.Reference => !value.IsObject || _classes.IsAssignable(value.Class, _classes.Of(target)),
            ValueCategory.Generic => value.Origin != Origin.Generic || value.Class == _classes.Of(target),
            ValueCategory.Value or ValueCategory.Unknown => value.Origin switch
            {
                Origin.Struct => SameValueType(value.Class, _classes.Of(target)),
                Origin.Number => _classes.IsEnumOrUnknown(_classes.Of(target)),
                _ => true,
            },
            _ => true,
        };
    }

    /// <summary>
    /// A value of one value type stands for another only when they are the same, or both enums (or not known): one
    /// struct read as another would read its fields — a reference among them — as the other's.
    /// </summary>
    private bool SameValueType(int value, int declared) =>
        value == declared || (_classes.IsEnumOrUnknown(value) && _classes.IsEnumOrUnknown(declared));

    /// <summary>
    /// A managed pointer stands for a declared <c>ref T</c> only when it reaches exactly a T: through a
    /// <c>ref Base</c> made from a <c>ref Derived</c> a callee could store a Base where a Derived must be.
    /// </summary>
    private bool SamePointee(SignatureShape target, Slot value) =>
        IsNumber(PointeeOf(target)) || target.Category == ValueCategory.Unknown || value.Class == _classes.Of(target);

    /// <summary>What a slot is, by class, for a refusal.</summary>
    private string DescribeClass(Slot value) => value.IsNumber ? "number"
        : value.IsAddress ? "managed pointer to " + _classes.Describe(value.Class)
        : value.Origin == Origin.Generic ? "generic value of type " + _classes.Describe(value.Class)
        : _classes.Describe(value.Class);

    private LoadRefusal ClassMismatch(BodyContext context, Slot value, SignatureShape target, string verb, string where) =>
        new(LoadRefusalReason.TypeMismatch, "a " + DescribeClass(value) + " " + verb + " " + (target.IsByRef ? "ref " : string.Empty)
            + _classes.Describe(_classes.Of(target)) + "-typed " + where + Unreadable(value) + " in " + context.Method);

    private LoadRefusal ClassMismatch(BodyContext context, Slot value, string what) =>
        new(LoadRefusalReason.TypeMismatch, "a " + DescribeClass(value) + " " + what + Unreadable(value) + " in " + context.Method);

    /// <summary>Names a type on the value's way up whose hierarchy the loader could not read (why an ordinary-looking use failed).</summary>
    private string Unreadable(Slot value) =>
        value.IsObject && _classes.Unreadable(value.Class) is { } type ? " (the loader cannot read the hierarchy of " + type + ")" : string.Empty;

    /// <summary>
    /// The instance of a member of <paramref name="declaring"/>: an object assignable to it, or a pointer to (or a value
    /// of) exactly that value type. Pointers to numbers are judged by width; a value of no recorded type is not judged.
    /// </summary>
    private bool InstanceFitsClass(SignatureShape declaring, Slot instance)
    {
        var type = _classes.Of(declaring);
        return instance.IsObject ? _classes.IsAssignable(instance.Class, type)
            : instance.IsAddress ? IsNumber(instance.Pointee) || declaring.Category is not (ValueCategory.Value or ValueCategory.Reference or ValueCategory.Generic) || instance.Class == type
            : instance.Origin != Origin.Struct || instance.Class == ClassTable.Object || instance.Class == type;
    }

    /// <summary>
    /// <c>constrained. T callvirt M</c>: the pointer reaches exactly a T, and a T (boxed, or through its constraints
    /// for a generic parameter) is assignable to the type that declares M.
    /// </summary>
    private LoadRefusal CheckConstrained(BodyContext context, int prefixIndex, MethodFacts method, Slot instance)
    {
        if (_facts.TypeOf((int)_code[prefixIndex].Operand) is not { } constraint)
        {
            return Malformed(context, "bad constrained. type token");
        }

        var type = _classes.Of(constraint);
        if (!IsNumber(instance.Pointee) && constraint.Category is not (ValueCategory.Number or ValueCategory.Native or ValueCategory.Unknown) && instance.Class != type)
        {
            return ClassMismatch(context, instance, "used as a pointer to " + _classes.Describe(type) + " (constrained.) for " + method.Name);
        }

        return _classes.IsAssignable(type, _classes.Of(method.Declaring))
            ? LoadRefusal.None
            : ClassMismatch(context, ObjectSlot(type), "used as 'this' for " + method.Name);
    }

    /// <summary>
    /// Array operands: a vector (or null) of a recorded type — an object that is not known to be one is never
    /// indexed — whose elements are what the instruction reads or writes.
    /// </summary>
    private LoadRefusal CheckArrayAccess(BodyContext context, IlInstruction instruction, Slot array, List<Slot> stack)
    {
        var code = instruction.Code;
        var name = instruction.Info.Name;
        if (array.Class == ClassTable.Null)
        {
            return LoadRefusal.None;
        }

        var element = _classes.ElementOf(array.Class);
        if (element < 0)
        {
            return Confused(context, name + " on a " + _classes.Describe(array.Class) + ", which is not known to be an array of one dimension");
        }

        switch (code)
        {
            case 0x9A:
                return _classes.IsReference(element)
                    ? LoadRefusal.None
                    : Confused(context, name + " on an array of " + _classes.Describe(element) + ", which does not hold references");
            case 0xA2:
                return _classes.IsReference(element)
                    ? CheckStore(context, stack, _classes.Shape(element), "array element")
                    : Confused(context, name + " on an array of " + _classes.Describe(element) + ", which does not hold references");
            case (>= 0x90 and <= 0x99) or (>= 0x9B and <= 0xA1):
                // Numbers are read and written only in arrays of numbers or enums, never over a struct's fields.
                return _classes.Shape(element).Category is ValueCategory.Value or ValueCategory.Unknown && !_classes.IsEnumOrUnknown(element)
                    ? Confused(context, name + " on an array of " + _classes.Describe(element))
                    : LoadRefusal.None;
            case 0xA3 or 0x8F or 0xA4:
                {
                    if (_facts.TypeOf((int)instruction.Operand) is not { } type)
                    {
                        return Malformed(context, "bad type token");
                    }

                    // Reading a T from an array of Derived is fine; for value types and generic values only the same type is.
                    var declared = _classes.Of(type);
                    var fits = type.Category switch
                    {
                        ValueCategory.Reference => code == 0xA4 || _classes.IsAssignable(element, declared),
                        ValueCategory.Value or ValueCategory.Generic => element == declared,
                        _ => true,
                    };
                    if (!fits)
                    {
                        return Confused(context, name + " " + _classes.Describe(declared) + " on an array of " + _classes.Describe(element));
                    }

                    return code == 0xA4 ? CheckStore(context, stack, type, "array element") : LoadRefusal.None;
                }

            default:
                return LoadRefusal.None;
        }
    }

    /// <summary><c>ldobj T</c> reads a T only where a T (or, for classes, a subclass) is.</summary>
    private LoadRefusal CheckLoadClass(BodyContext context, IlInstruction instruction, Slot address)
    {
        if (instruction.Code != 0x71 || _facts.TypeOf((int)instruction.Operand) is not { } type || !PointsAtType(address, type))
        {
            return LoadRefusal.None;
        }

        var declared = _classes.Of(type);
        var fits = type.Category == ValueCategory.Reference ? _classes.IsAssignable(address.Class, declared) : address.Class == declared;
        return fits ? LoadRefusal.None : ClassMismatch(context, address, "read by ldobj " + _classes.Describe(declared));
    }

    /// <summary><c>stind.ref</c>, <c>stobj T</c>, <c>cpobj T</c>: what is written must be assignable to what the pointer reaches.</summary>
    private LoadRefusal CheckStoreClass(BodyContext context, IlInstruction instruction, Slot address, Slot value)
    {
        var code = instruction.Code;
        var type = code is 0x81 or 0x70 ? _facts.TypeOf((int)instruction.Operand) : null;
        var reference = code == 0x51 || type?.Category == ValueCategory.Reference;
        if (reference)
        {
            // stobj/cpobj of a class move a reference: a pointer source gives the object it reaches.
            var written = code == 0x70 ? ObjectSlot(value.Class) : value;
            return !written.IsObject || _classes.IsAssignable(written.Class, address.Class)
                ? LoadRefusal.None
                : ClassMismatch(context, written, "written through a managed pointer to " + _classes.Describe(address.Class) + " by " + instruction.Info.Name);
        }

        if (type is null || !PointsAtType(address, type))
        {
            return LoadRefusal.None;
        }

        var declared = _classes.Of(type);
        if (address.Class != declared)
        {
            return ClassMismatch(context, address, "written as " + _classes.Describe(declared) + " by " + instruction.Info.Name);
        }

        // cpobj's source is a pointer too: it must reach the same type.
        return code != 0x70 || value.Class == declared
            ? LoadRefusal.None
            : ClassMismatch(context, value, "copied as " + _classes.Describe(declared) + " by " + instruction.Info.Name);
    }

    /// <summary>Whether <paramref name="type"/> is judged by identity through a pointer: value types and generic values, not numbers.</summary>
    private static bool PointsAtType(Slot address, SignatureShape type) =>
        !IsNumber(address.Pointee) && type.Category is ValueCategory.Reference or ValueCategory.Value or ValueCategory.Generic;

    /// <summary>
    /// A delegate's parameter (or return) lets a value flow from <paramref name="from"/> to <paramref name="to"/>: the same
    /// type, or, for references, an assignable one (delegate variance, ECMA-335 §II.14.6.1; arrays by covariance; a
    /// generic parameter constrained to reference types through its constraints).
    /// </summary>
    private bool DelegateFits(SignatureShape from, SignatureShape to)
    {
        var source = _classes.Of(from);
        var target = _classes.Of(to);
        if (!from.IsByRef && !to.IsByRef && _classes.IsReference(source) && _classes.IsReference(target))
        {
            // Reference types, a generic parameter constrained to one included.
            return _classes.IsAssignable(source, target);
        }

        return from.IsByRef == to.IsByRef && from.Category == to.Category && source == target;
    }
}
