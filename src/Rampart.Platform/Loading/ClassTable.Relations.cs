namespace Rampart.Platform.Loading;

/// <summary>Assignability and joins over the numbered types (ECMA-335 §I.8.7, §III.1.8.1.3).</summary>
internal sealed partial class ClassTable
{
    /// <summary>What every array is, whatever it holds.</summary>
    private static readonly string[] ArraySupertypes =
    [
        "System.Array", "System.ICloneable", "System.Collections.IList", "System.Collections.ICollection",
        "System.Collections.IEnumerable", "System.Collections.IStructuralComparable", "System.Collections.IStructuralEquatable",
    ];

    /// <summary>How deep the walk up a hierarchy goes (untrusted metadata can chain types without end; the stack cannot).</summary>
    private const int MaxDepth = 256;

    /// <summary>The generic interfaces a vector <c>T[]</c> implements over its element type.</summary>
    private static readonly string[] VectorInterfaces =
    [
        "System.Collections.Generic.IList`1", "System.Collections.Generic.ICollection`1", "System.Collections.Generic.IEnumerable`1",
        "System.Collections.Generic.IReadOnlyList`1", "System.Collections.Generic.IReadOnlyCollection`1",
    ];

    /// <summary>
    /// Whether an object of type <paramref name="from"/> may stand where <paramref name="to"/> is declared: the same
    /// type, null, <c>System.Object</c>, a base class, an implemented interface, a variant generic interface or
    /// delegate, an array by covariance, or a generic parameter through its constraints.
    /// </summary>
    public bool IsAssignable(int from, int to)
    {
        if (from == to || from == Null || to == Object)
        {
            return true;
        }

        if (from == Mixed || to == Mixed || to == Null)
        {
            return false;
        }

        var key = ((long)from << 32) | (uint)to;
        if (_assignable.TryGetValue(key, out var known))
        {
            return known;
        }

        // A cycle in malformed metadata meets this false and ends; a hierarchy deeper than any compiler makes is not followed.
        if (_depth >= MaxDepth)
        {
            return false;
        }

        _assignable[key] = false;
        _depth++;
        try
        {
            var result = Compute(from, to);
            _assignable[key] = result;
            return result;
        }
        finally
        {
            _depth--;
        }
    }

    private bool Compute(int from, int to)
    {
        var source = _entries[from];
        var target = _entries[to];
        if (source.IsArray)
        {
            return ArrayAssignable(from, source, target);
        }

        if (target.IsArray)
        {
            return false;
        }

        if (source.Definition == target.Definition && VariantAssignable(source, target))
        {
            return true;
        }

        Resolve(source);
        if (source.Base >= 0 && IsAssignable(source.Base, to))
        {
            return true;
        }

        foreach (var super in source.Interfaces)
        {
            if (IsAssignable(super, to))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Two instantiations of one generic interface or delegate: each argument the same, or varying as its parameter allows (reference types only).</summary>
    private bool VariantAssignable(Entry source, Entry target)
    {
        var left = ArgumentsOf(source);
        var right = ArgumentsOf(target);
        if (left.Length == 0 || left.Length != right.Length)
        {
            return false;
        }

        Resolve(source);
        for (var i = 0; i < left.Length; i++)
        {
            if (left[i] == right[i])
            {
                continue;
            }

            var variance = i < source.Variance.Length ? source.Variance[i] : (byte)0;
            if (variance == 0 || !IsReference(left[i]) || !IsReference(right[i])
                || !(variance == ClassInfo.Covariant ? IsAssignable(left[i], right[i]) : IsAssignable(right[i], left[i])))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Array covariance over reference elements, and the interfaces every array or every vector has.</summary>
    private bool ArrayAssignable(int from, Entry source, Entry target)
    {
        if (target.IsArray)
        {
            if (source.Shape.MdRank != target.Shape.MdRank)
            {
                return false;
            }

            return ElementsAssignable(Of(source.Shape.Element!), Of(target.Shape.Element!));
        }

        if (target.Shape.Arguments.IsDefaultOrEmpty && target.HostName is { } name && Array.IndexOf(ArraySupertypes, name) >= 0)
        {
            return true;
        }

        var arguments = ArgumentsOf(target);
        return source.Shape.MdRank == 0 && arguments.Length == 1 && target.HostName is { } generic && Array.IndexOf(VectorInterfaces, generic) >= 0
            && ElementsAssignable(ElementOf(from), arguments[0]);
    }

    private bool ElementsAssignable(int from, int to) =>
        from == to || (IsReference(from) && IsReference(to) && IsAssignable(from, to));

    /// <summary>
    /// The type two paths agree on (ECMA-335 §III.1.8.1.3): one of them when the other is assignable to it, an
    /// array of the join of reference elements, else the nearest common base class — <c>System.Object</c> at worst,
    /// which then fits only object-typed uses.
    /// </summary>
    public int Join(int a, int b)
    {
        if (a == b || b == Null)
        {
            return a;
        }

        if (a == Null)
        {
            return b;
        }

        if (a == Mixed || b == Mixed)
        {
            return Object;
        }

        var key = ((long)a << 32) | (uint)b;
        if (!_joins.TryGetValue(key, out var joined))
        {
            joined = IsAssignable(a, b) ? b : IsAssignable(b, a) ? a : CommonBase(a, b);
            _joins[key] = joined;
        }

        return joined;
    }

    private int CommonBase(int a, int b)
    {
        if (ElementOf(a) is var left and >= 0 && ElementOf(b) is var right and >= 0 && IsReference(left) && IsReference(right))
        {
            return ArrayOf(Join(left, right));
        }

        var current = a;
        for (var depth = 0; depth < MetadataNames.MaxNesting; depth++)
        {
            var entry = _entries[current];
            Resolve(entry);
            if (entry.Base < 0)
            {
                break;
            }

            if (IsAssignable(b, entry.Base))
            {
                return entry.Base;
            }

            current = entry.Base;
        }

        return Object;
    }

    /// <summary>For a refusal: a type on <paramref name="from"/>'s way up whose hierarchy the loader could not read, if any.</summary>
    public string? Unreadable(int from)
    {
        var seen = new HashSet<int>();
        var pending = new Stack<int>();
        pending.Push(from);
        while (pending.Count > 0 && seen.Count < 4096)
        {
            var id = pending.Pop();
            if (!seen.Add(id))
            {
                continue;
            }

            var entry = _entries[id];
            Resolve(entry);
            if (entry.Unresolved)
            {
                return Describe(id);
            }

            if (entry.Base >= 0)
            {
                pending.Push(entry.Base);
            }

            foreach (var super in entry.Interfaces)
            {
                pending.Push(super);
            }
        }

        return null;
    }
}
