using Rampart.Hal.CoreControl;

namespace Rampart.Platform.Loading;

/// <summary>
/// The kind of every stack slot (ECMA-335 §III.1.1, coarsely): a number never becomes an object
/// reference or a managed pointer, and a managed pointer is only read or written as what it points
/// at (docs/decisions/0160-kernel-cooperative-syscalls.md, "limits of the body check").
/// </summary>
internal sealed partial class MethodBodyChecker
{
    private enum Origin : byte
    {
        /// <summary>An object reference (or null).</summary>
        Other,
        ByRef,
        ReadOnlyStaticRef,

        /// <summary>
        /// <c>readonly. ldelema</c> of a class or a generic element: not type-checked by the runtime, so the array may
        /// hold a subclass and nothing may be written through it (ECMA-335 §III.2.3).
        /// </summary>
        ReadOnlyElement,
        Stackalloc,
        ConstantData,
        Native,

        /// <summary>An int32, int64 or float (an enum's value too).</summary>
        Number,

        /// <summary>A value type's value.</summary>
        Struct,

        /// <summary>A value typed by a generic parameter: a number or a reference depending on the instantiation.</summary>
        Generic,

        /// <summary>Made from a type no signature calls a class or a value type (a constructor's parent only).</summary>
        Unknown,
    }

    /// <summary>What a managed pointer points at, or what an array holds (a number by its width).</summary>
    private enum Pointee : byte
    {
        /// <summary>A value type, or not known.</summary>
        Unknown,
        Number1,
        Number2,
        Number4,
        Number8,
        NumberNative,
        Reference,
        Generic,

        /// <summary>Paths disagree: neither a number nor a reference may be read or written through it.</summary>
        Mixed,

        /// <summary>The null literal: fits any array.</summary>
        Null,
    }

    /// <summary>
    /// One evaluation-stack slot: where it came from, for a pointer or an array what it reaches, and its type in the
    /// <see cref="ClassTable"/>: an object's static class (<see cref="ClassTable.Object"/> when none was recorded), a
    /// managed pointer's pointee, a value type's or generic value's type (0 when not known).
    /// </summary>
    private readonly record struct Slot(Origin Origin, Pointee Pointee = Pointee.Unknown, int Class = ClassTable.Object)
    {
        public static implicit operator Slot(Origin origin) => new(origin);

        public static Slot FromOrigin(Origin origin) => new(origin);

        /// <summary>Integers, floats, native integers and unmanaged addresses.</summary>
        public bool IsNumber => Origin is Origin.Number or Origin.Native or Origin.Stackalloc or Origin.ConstantData;

        /// <summary>A managed pointer.</summary>
        public bool IsAddress => Origin is Origin.ByRef or Origin.ReadOnlyStaticRef or Origin.ReadOnlyElement;

        /// <summary>Fits where an object reference is declared.</summary>
        public bool IsObject => Origin is Origin.Other or Origin.Unknown;
    }

    private static bool IsNumber(Pointee pointee) => pointee is >= Pointee.Number1 and <= Pointee.NumberNative;

    /// <summary>Known to hold numbers, references or generic values (not a value type, not unknown).</summary>
    private static bool IsKnown(Pointee pointee) => IsNumber(pointee) || pointee is Pointee.Reference or Pointee.Generic;

    /// <summary>The width <c>stind.*</c>/<c>stelem.*</c> write (ECMA-335 §III.3.62, §III.4.26).</summary>
    private static Pointee StoreWidth(ushort code) => code switch
    {
        0x52 or 0x9C => Pointee.Number1,
        0x53 or 0x9D => Pointee.Number2,
        0x54 or 0x56 or 0x9E or 0xA0 => Pointee.Number4,
        0x55 or 0x57 or 0x9F or 0xA1 => Pointee.Number8,
        0xDF or 0x9B => Pointee.NumberNative,
        _ => Pointee.Mixed,
    };

    private static Pointee PointeeOf(SignatureShape shape) => shape.Category switch
    {
        ValueCategory.Native => Pointee.NumberNative,
        ValueCategory.Number => shape.ElementSize switch
        {
            1 => Pointee.Number1,
            2 => Pointee.Number2,
            4 => Pointee.Number4,
            8 => Pointee.Number8,
            _ => Pointee.Mixed,
        },
        ValueCategory.Reference => Pointee.Reference,
        ValueCategory.Generic => Pointee.Generic,
        _ => Pointee.Unknown,
    };

    /// <summary>The slot a value of the declared type <paramref name="shape"/> occupies once loaded.</summary>
    private Slot Load(SignatureShape shape)
    {
        if (shape.IsByRef)
        {
            return new Slot(Origin.ByRef, PointeeOf(shape), ClassOfPointee(shape));
        }

        return shape.Category switch
        {
            ValueCategory.Number => Origin.Number,
            ValueCategory.Native => Origin.Native,
            ValueCategory.Reference => new Slot(Origin.Other, shape.Element is { } element ? PointeeOf(element) : Pointee.Unknown, _classes.Of(shape)),
            ValueCategory.Generic => new Slot(Origin.Generic, Pointee.Unknown, _classes.Of(shape)),
            ValueCategory.Value => new Slot(Origin.Struct, Pointee.Unknown, _classes.Of(shape)),
            _ => new Slot(Origin.Unknown, Pointee.Unknown, _classes.Of(shape)),
        };
    }

    /// <summary>
    /// The slot a join of two paths gives: a number on either path stays a number; addresses and objects never mix;
    /// objects join to their nearest common type, other types that disagree to <see cref="ClassTable.Mixed"/>.
    /// </summary>
    private Slot Join(Slot a, Slot b)
    {
        if (a == b)
        {
            return a;
        }

        var pointee = a.Pointee == b.Pointee ? a.Pointee
            : a.Pointee == Pointee.Null ? b.Pointee
            : b.Pointee == Pointee.Null ? a.Pointee
            : Pointee.Mixed;
        Origin origin;
        // Two enums may meet where C# cast one to the other (no IL marks that): either stands for both.
        var type = a.Class == b.Class ? a.Class
            : a.Origin == Origin.Struct && b.Origin == Origin.Struct && _classes.IsEnumOrUnknown(a.Class) && _classes.IsEnumOrUnknown(b.Class) ? a.Class
            : ClassTable.Mixed;
        if (a.Origin == b.Origin)
        {
            origin = a.Origin;
            if (a.IsObject)
            {
                type = _classes.Join(a.Class, b.Class);
            }
        }
        else if (a.IsNumber || b.IsNumber)
        {
            // An enum constant on one path and an enum value on the other is still a number.
            origin = a.Origin is Origin.Number or Origin.Struct && b.Origin is Origin.Number or Origin.Struct ? Origin.Number : Origin.Native;
        }
        else if (a.IsAddress && b.IsAddress)
        {
            origin = a.Origin == Origin.ReadOnlyElement || b.Origin == Origin.ReadOnlyElement ? Origin.ReadOnlyElement : Origin.ReadOnlyStaticRef;
        }
        else if (a.Origin == Origin.Generic && b is { Origin: Origin.Other, Class: ClassTable.Null })
        {
            // null on one path, a T on the other (a class-constrained T): still a T.
            (origin, type) = (Origin.Generic, a.Class);
        }
        else if (b.Origin == Origin.Generic && a is { Origin: Origin.Other, Class: ClassTable.Null })
        {
            (origin, type) = (Origin.Generic, b.Class);
        }
        else if (a.IsObject && b.IsObject)
        {
            (origin, type) = (Origin.Unknown, _classes.Join(a.Class, b.Class));
        }
        else
        {
            origin = Origin.Native;
        }

        return new Slot(origin, pointee, origin is Origin.Number or Origin.Native ? ClassTable.Object : type);
    }

    /// <summary>Whether <paramref name="value"/> may be stored where <paramref name="target"/> is declared, by kind.</summary>
    private static bool FitsKind(SignatureShape target, Slot value)
    {
        if (target.IsByRef)
        {
            return value.IsAddress && PointeeFits(PointeeOf(target), value.Pointee);
        }

        return target.Category switch
        {
            ValueCategory.Reference => value.IsObject && (target.Element is not { } element || !ElementsConflict(value.Pointee, PointeeOf(element))),
            ValueCategory.Generic => value.Origin == Origin.Generic || value is { Origin: Origin.Other, Class: ClassTable.Null },
            ValueCategory.Value or ValueCategory.Unknown => value.Origin is Origin.Struct or Origin.Number or Origin.Unknown,
            _ => true,
        };
    }

    /// <summary>Whether <paramref name="value"/> may be stored where <paramref name="target"/> is declared, by kind and by class.</summary>
    private bool Fits(SignatureShape target, Slot value) => FitsKind(target, value) && FitsClass(target, value);

    /// <summary>A managed pointer to <paramref name="have"/> may stand where one to <paramref name="want"/> is declared.</summary>
    private static bool PointeeFits(Pointee want, Pointee have) => have == want && have != Pointee.Mixed;

    /// <summary>An array holding <paramref name="have"/> used as one holding <paramref name="want"/>.</summary>
    private static bool ElementsConflict(Pointee have, Pointee want) =>
        have == Pointee.Mixed || (IsKnown(have) && have != want);

    /// <summary>Whether <paramref name="value"/> may be the instance of a member of a type of <paramref name="declaring"/> category.</summary>
    private static bool FitsInstance(ValueCategory declaring, Slot value, bool valueTypeValueAllowed) => declaring switch
    {
        ValueCategory.Reference => value.IsObject,
        ValueCategory.Number or ValueCategory.Native => value.IsAddress && IsNumber(value.Pointee),
        ValueCategory.Generic => !value.IsNumber && value.Pointee != Pointee.Mixed,
        ValueCategory.Unknown => value.IsObject || (value.IsAddress && value.Pointee == Pointee.Unknown)
            || (valueTypeValueAllowed && value.Origin == Origin.Struct),
        _ => (value.IsAddress && value.Pointee == Pointee.Unknown) || (valueTypeValueAllowed && value.Origin is Origin.Struct or Origin.Unknown),
    };

    private LoadRefusal Mismatch(BodyContext context, string what, Slot value) =>
        new(LoadRefusalReason.TypeMismatch, (value.IsNumber ? "a number " : "a " + Describe(value) + " ") + what + " in " + context.Method);

    private string Describe(Slot value) => value.IsObject ? _classes.Describe(value.Class) : DescribeKind(value);

    private static string DescribeKind(Slot value) => value.Origin switch
    {
        Origin.ByRef or Origin.ReadOnlyStaticRef or Origin.ReadOnlyElement => "managed pointer to " + value.Pointee switch
        {
            >= Pointee.Number1 and <= Pointee.NumberNative => "a number of " + value.Pointee switch
            {
                Pointee.Number1 => "1 byte",
                Pointee.Number2 => "2 bytes",
                Pointee.Number4 => "4 bytes",
                Pointee.Number8 => "8 bytes",
                _ => "native size",
            },
            Pointee.Reference => "an object reference",
            Pointee.Generic => "a generic value",
            Pointee.Mixed => "mixed kinds",
            _ => "a value type",
        },
        Origin.Struct => "value type",
        Origin.Generic => "generic value",
        _ => "value of another kind",
    };

    /// <summary>Checks a store of the top slot into a declared location (local, argument, field, return).</summary>
    private LoadRefusal CheckStore(BodyContext context, List<Slot> stack, SignatureShape target, string where) =>
        stack.Count == 0 ? Malformed(context, "stack underflow")
        : stack[^1].Origin == Origin.ReadOnlyElement ? Confused(context, "a readonly. array element address stored into " + where)
        : !FitsKind(target, stack[^1]) ? Mismatch(context, "stored into " + Declared(target) + " " + where, stack[^1])
        : FitsClass(target, stack[^1]) ? LoadRefusal.None
        : ClassMismatch(context, stack[^1], target, "stored into", where);

    private static string Declared(SignatureShape shape) =>
        (shape.IsByRef ? "ref " : string.Empty) + shape.Category switch
        {
            ValueCategory.Reference => "object-typed",
            ValueCategory.Generic => "generic-typed",
            ValueCategory.Number or ValueCategory.Native => "number-typed",
            _ => "value-typed",
        };
}
