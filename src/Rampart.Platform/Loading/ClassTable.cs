using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;
using System.Text;

namespace Rampart.Platform.Loading;

/// <summary>
/// The static classes of the body checker's object references (docs/decisions/0160-kernel-cooperative-syscalls.md,
/// "class identity"). Every type the checker meets gets a number: types of the checked archive are told apart by
/// assembly, the host's by name; a generic parameter by the method whose body is being checked. The table answers
/// whether a value of one type may stand where another is declared (<see cref="IsAssignable"/>) and which type two
/// control-flow paths agree on (<see cref="Join"/>), reading hierarchies from the checked assembly's metadata,
/// the archive's other assemblies and the host (<see cref="ClassHierarchy"/>).
/// </summary>
internal sealed partial class ClassTable
{
    /// <summary><c>System.Object</c>: accepts every object reference. Also what a slot with no recorded class is taken for.</summary>
    public const int Object = 0;

    /// <summary>The null literal: fits every reference type.</summary>
    public const int Null = 1;

    /// <summary>Paths that disagree on what a managed pointer or value is: fits nothing declared.</summary>
    public const int Mixed = 2;

    private static int _stamps;

    private readonly int _stamp = Interlocked.Increment(ref _stamps);
    private readonly List<Entry> _entries = [];
    private readonly Dictionary<TypeKey, int> _ids;
    private readonly Dictionary<(string Scope, string Name), int> _definitions = [];
    private readonly Dictionary<long, bool> _assignable = [];
    private readonly Dictionary<long, int> _joins = [];
    private readonly Dictionary<int, int> _arrays = [];
    private readonly MetadataClasses _own;
    private readonly ClassHierarchy _hierarchy;
    private TypeDefinitionHandle _contextType;
    private MethodDefinitionHandle _contextMethod;
    private int _context = -1;
    private int _depth;

    public ClassTable(MetadataClasses own, ClassHierarchy hierarchy)
    {
        _own = own;
        _hierarchy = hierarchy;
        _ids = new Dictionary<TypeKey, int>(new TypeKeyComparer(this));
        _ = Of(SignatureShape.Plain("System.Object", 0, ValueCategory.Reference));
        _entries.Add(new Entry(SignatureShape.Plain("null", 0, ValueCategory.Reference), -2, null, default, default) { Resolved = true });
        _entries.Add(new Entry(SignatureShape.Plain("a value of disagreeing types", 0, ValueCategory.Unknown), -3, null, default, default) { Resolved = true });
    }

    /// <summary>One type: its shape, its definition and (once asked) its direct supertypes.</summary>
    private sealed class Entry(SignatureShape shape, int definition, string? hostName, TypeDefinitionHandle contextType, MethodDefinitionHandle contextMethod)
    {
        public SignatureShape Shape { get; } = shape;

        /// <summary>The number of the generic definition (the type without its arguments); arrays and generic parameters have their own.</summary>
        public int Definition { get; } = definition;

        /// <summary>For a type of the host (not an array, not a generic parameter): its full name.</summary>
        public string? HostName { get; } = hostName;

        /// <summary>For a generic parameter: the body it belongs to.</summary>
        public TypeDefinitionHandle ContextType { get; } = contextType;

        public MethodDefinitionHandle ContextMethod { get; } = contextMethod;

        public bool IsGenericParameter => IsGeneric(Shape);

        public bool IsArray => Shape.Element is not null;

        public int[]? Arguments { get; set; }

        public int Element { get; set; } = -2;

        public bool Resolved { get; set; }

        /// <summary>The hierarchy could not be read (a type no assembly the loader knows defines).</summary>
        public bool Unresolved { get; set; }

        public int Base { get; set; } = -1;

        public int[] Interfaces { get; set; } = [];

        public bool IsInterface { get; set; }

        /// <summary>A generic parameter constrained to reference types.</summary>
        public bool IsReferenceParameter { get; set; }

        public byte[] Variance { get; set; } = [];
    }

    /// <summary>Sets the body whose generic parameters <c>!n</c> and <c>!!n</c> name.</summary>
    public void SetContext(TypeDefinitionHandle type, MethodDefinitionHandle method)
    {
        _contextType = type;
        _contextMethod = method;
        _context = MetadataTokens.GetToken(method);
    }

    /// <summary>The number of the type <paramref name="shape"/> names (a <c>ref T</c> gives T's).</summary>
    public int Of(SignatureShape shape)
    {
        // Most shapes are asked for again and again (a parameter at every call): remembered on the shape itself.
        // A memo is replaced whole, never changed, so a shape shared across threads never shows another table's number.
        if (shape.Memo is { } memo && ReferenceEquals(memo.Owner, shape) && memo.Table == _stamp && (memo.Context < 0 || memo.Context == _context))
        {
            return memo.Id;
        }

        var key = new TypeKey(shape, ContainsGeneric(shape) ? _context : -1);
        if (!_ids.TryGetValue(key, out var id))
        {
            id = Add(key);
        }

        shape.Memo = new ClassMemo(shape, _stamp, key.Context, id);
        return id;
    }

    /// <summary>The shape of type <paramref name="id"/>.</summary>
    public SignatureShape Shape(int id) => _entries[id].Shape;

    /// <summary>The element type of a vector (<c>T[]</c>), or -1 for anything else.</summary>
    public int ElementOf(int id)
    {
        var entry = _entries[id];
        if (entry.Element == -2)
        {
            entry.Element = entry.Shape.Element is { } element && entry.Shape.MdRank == 0 ? Of(element) : -1;
        }

        return entry.Element;
    }

    /// <summary>The vector of <paramref name="element"/>.</summary>
    public int ArrayOf(int element)
    {
        if (!_arrays.TryGetValue(element, out var id))
        {
            id = Of(SignatureShapeProvider.ArrayOf(_entries[element].Shape with { IsByRef = false }, 0));
            _arrays[element] = id;
        }

        return id;
    }

    /// <summary>What <c>box T</c> or a cast to <paramref name="type"/> yields: a <c>Nullable&lt;U&gt;</c> boxes as U.</summary>
    public int Boxed(SignatureShape type) =>
        type.Name == "System.Nullable`1" && !InArchive(type.Scope) && type.Arguments is { IsDefault: false, Length: 1 } arguments
            ? Of(arguments[0])
            : Of(type);

    /// <summary>Whether <paramref name="scope"/> is the checked assembly or another of its archive.</summary>
    private bool InArchive(string? scope) => scope is not null && (scope == _own.Scope || _hierarchy.InArchive(scope));

    /// <summary>Whether a type holds references: a class, interface, array or string, or a generic parameter constrained to one.</summary>
    public bool IsReference(int id)
    {
        var entry = _entries[id];
        if (entry.IsGenericParameter)
        {
            Resolve(entry);
            return entry.IsReferenceParameter;
        }

        return id != Mixed && entry.Shape.Category == ValueCategory.Reference;
    }

    /// <summary>
    /// Whether a value of type <paramref name="id"/> may stand for another value type without IL: an enum (C# casts
    /// between enums and numbers emit nothing), a number, or a type recorded as none or whose hierarchy cannot be read.
    /// </summary>
    public bool IsEnumOrUnknown(int id)
    {
        if (id == Object)
        {
            return true;
        }

        var entry = _entries[id];
        if (id is Null or Mixed || entry.IsGenericParameter || entry.IsArray)
        {
            return false;
        }

        if (entry.Shape.Category is ValueCategory.Number or ValueCategory.Native)
        {
            return true;
        }

        Resolve(entry);
        return entry.Unresolved || (entry.Base >= 0 && _entries[entry.Base].HostName == "System.Enum");
    }

    /// <summary>The name of type <paramref name="id"/> for a refusal.</summary>
    public string Describe(int id)
    {
        var builder = new StringBuilder();
        Describe(builder, _entries[id].Shape);
        return builder.ToString();
    }

    private static void Describe(StringBuilder builder, SignatureShape shape)
    {
        if (shape.Element is { } element)
        {
            Describe(builder, element);
            builder.Append(SignatureShape.ArraySuffix(shape.MdRank));
            return;
        }

        builder.Append(shape.Name);
        if (!shape.Arguments.IsDefaultOrEmpty)
        {
            builder.Append('<');
            for (var i = 0; i < shape.Arguments.Length; i++)
            {
                if (i > 0)
                {
                    builder.Append(", ");
                }

                Describe(builder, shape.Arguments[i]);
            }

            builder.Append('>');
        }
    }

    private int Add(TypeKey key)
    {
        var shape = key.Shape;
        var id = _entries.Count;
        int definition;
        string? hostName = null;
        if (shape.Element is not null || IsGeneric(shape))
        {
            definition = -1 - id;
        }
        else
        {
            var scope = ArchiveScope(shape) ?? string.Empty;
            hostName = scope.Length == 0 ? shape.Name : null;
            if (!_definitions.TryGetValue((scope, shape.Name), out definition))
            {
                definition = _definitions.Count;
                _definitions[(scope, shape.Name)] = definition;
            }
        }

        _entries.Add(new Entry(shape, definition, hostName, _contextType, _contextMethod));
        _ids[key] = id;
        return id;
    }

    /// <summary>Reads the direct supertypes of <paramref name="entry"/>, with its generic arguments put in.</summary>
    private void Resolve(Entry entry)
    {
        if (entry.Resolved)
        {
            return;
        }

        entry.Resolved = true;
        var shape = entry.Shape;
        if (entry.IsArray)
        {
            entry.Base = Of(SignatureShape.Plain("System.Array", 0, ValueCategory.Reference));
            return;
        }

        if (entry.IsGenericParameter)
        {
            var ofMethod = shape.GenericIndex(ofMethod: true) >= 0;
            var constraints = _own.Constraints(entry.ContextType, entry.ContextMethod, ofMethod, shape.GenericIndex(ofMethod), out var referenceType);
            entry.Interfaces = Numbers(constraints, default);
            entry.IsReferenceParameter = referenceType;
            foreach (var constraint in entry.Interfaces)
            {
                entry.IsReferenceParameter |= IsClass(constraint);
            }

            return;
        }

        var info = shape.Scope is not null && shape.Scope == _own.Scope ? _own.Resolve(shape.Name) : _hierarchy.Resolve(shape);
        var arguments = shape.Arguments.IsDefault ? [] : shape.Arguments;
        if (info is null || info.Variance.Length != arguments.Length)
        {
            entry.Unresolved = true;
            return;
        }

        entry.Base = info.Base is { } baseType ? Of(baseType.Substitute(arguments, default)) : -1;
        entry.Interfaces = Numbers(info.Interfaces, arguments);
        entry.IsInterface = info.IsInterface;
        entry.Variance = info.Variance;
    }

    /// <summary>A constraint that makes a parameter a reference type: a class other than <c>System.ValueType</c>/<c>System.Enum</c>.</summary>
    private bool IsClass(int id)
    {
        var entry = _entries[id];
        if (entry.IsGenericParameter || entry.Shape.Category != ValueCategory.Reference || entry.HostName is "System.ValueType" or "System.Enum")
        {
            return false;
        }

        Resolve(entry);
        return !entry.Unresolved && !entry.IsInterface;
    }

    private int[] Numbers(SignatureShape[] shapes, System.Collections.Immutable.ImmutableArray<SignatureShape> arguments)
    {
        var numbers = new int[shapes.Length];
        for (var i = 0; i < shapes.Length; i++)
        {
            numbers[i] = Of(arguments.IsDefault ? shapes[i] : shapes[i].Substitute(arguments, default));
        }

        return numbers;
    }

    private int[] ArgumentsOf(Entry entry)
    {
        if (entry.Arguments is null)
        {
            var arguments = entry.Shape.Arguments;
            entry.Arguments = arguments.IsDefaultOrEmpty ? [] : Numbers([.. arguments], default);
        }

        return entry.Arguments;
    }
}
