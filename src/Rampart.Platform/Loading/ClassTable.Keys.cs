namespace Rampart.Platform.Loading;

/// <summary>
/// A type number remembered on the shape it was worked out for: of the table stamped <paramref name="Table"/> (a number,
/// not the table, so a long-lived shape keeps no finished check alive), in body <paramref name="Context"/> (-1: any).
/// </summary>
internal sealed record ClassMemo(SignatureShape Owner, int Table, int Context, int Id);

/// <summary>
/// Type identity without building names: two shapes are one type when their names, their assemblies (for the
/// archive's types; the host has one type per name), their generic arguments and their array ranks agree. A
/// generic parameter is also told by the body it belongs to.
/// </summary>
internal sealed partial class ClassTable
{
    /// <summary>A shape and, when it names a generic parameter anywhere inside, the body checked (-1 otherwise).</summary>
    private readonly record struct TypeKey(SignatureShape Shape, int Context);

    private static bool IsGeneric(SignatureShape shape) => shape.Category == ValueCategory.Generic && shape.Name.StartsWith('!');

    private static bool ContainsGeneric(SignatureShape shape)
    {
        if (shape.Element is { } element)
        {
            return ContainsGeneric(element);
        }

        if (IsGeneric(shape))
        {
            return true;
        }

        if (!shape.Arguments.IsDefaultOrEmpty)
        {
            foreach (var argument in shape.Arguments)
            {
                if (ContainsGeneric(argument))
                {
                    return true;
                }
            }
        }

        return false;
    }

    /// <summary>The assembly a type is told apart by: the checked one's or another of its archive; null for the host's.</summary>
    private string? ArchiveScope(SignatureShape shape) => InArchive(shape.Scope) ? shape.Scope : null;

    private bool Same(SignatureShape a, SignatureShape b)
    {
        if (ReferenceEquals(a, b))
        {
            return true;
        }

        if (a.Element is { } left)
        {
            return b.Element is { } right && a.MdRank == b.MdRank && Same(left, right);
        }

        if (b.Element is not null || IsGeneric(a) != IsGeneric(b) || !string.Equals(a.Name, b.Name, StringComparison.Ordinal))
        {
            return false;
        }

        if (IsGeneric(a))
        {
            return true;
        }

        if (!string.Equals(ArchiveScope(a), ArchiveScope(b), StringComparison.Ordinal))
        {
            return false;
        }

        var first = a.Arguments.IsDefault ? [] : a.Arguments;
        var second = b.Arguments.IsDefault ? [] : b.Arguments;
        if (first.Length != second.Length)
        {
            return false;
        }

        for (var i = 0; i < first.Length; i++)
        {
            if (!Same(first[i], second[i]))
            {
                return false;
            }
        }

        return true;
    }

    private int Hash(SignatureShape shape)
    {
        if (shape.Element is { } element)
        {
            return HashCode.Combine(Hash(element), shape.MdRank, 0x5B5D);
        }

        var hash = StringComparer.Ordinal.GetHashCode(shape.Name);
        if (IsGeneric(shape))
        {
            return hash;
        }

        if (ArchiveScope(shape) is { } scope)
        {
            hash = HashCode.Combine(hash, StringComparer.Ordinal.GetHashCode(scope));
        }

        if (!shape.Arguments.IsDefaultOrEmpty)
        {
            foreach (var argument in shape.Arguments)
            {
                hash = HashCode.Combine(hash, Hash(argument));
            }
        }

        return hash;
    }

    private sealed class TypeKeyComparer(ClassTable table) : IEqualityComparer<TypeKey>
    {
        public bool Equals(TypeKey x, TypeKey y) => x.Context == y.Context && table.Same(x.Shape, y.Shape);

        public int GetHashCode(TypeKey obj) => HashCode.Combine(table.Hash(obj.Shape), obj.Context);
    }
}
