using System.Collections.Immutable;
using System.Reflection;
using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;
using System.Reflection.PortableExecutable;
using Rampart.Hal.CoreControl;

namespace Rampart.Platform.Loading;

/// <summary>
/// The authoritative load-time check of an app assembly (KERNEL.md, ARCHITECTURE.md §2): reads
/// its metadata and every method body with System.Reflection.Metadata and refuses, by name, any
/// reference outside <see cref="AllowList"/>, P/Invoke rows, pointer and function-pointer types,
/// pointer opcodes, explicit layout and declared mutable static fields — except the compiler's
/// own lambda caches (<c>&lt;&gt;c::&lt;&gt;9__…</c>) and constant data
/// (<c>&lt;PrivateImplementationDetails&gt;</c>). It never runs a byte of the assembly and never
/// throws on bad bytes: a malformed image is a <see cref="LoadRefusalReason.Malformed"/> refusal.
/// What may be named from outside is the <see cref="CheckProfile"/>'s: apps by default, firmware
/// stages with the stage profile (docs/decisions/0240-stage-loading.md); the rest is the same for both.
/// </summary>
internal sealed partial class AppImageChecker : IMetadataFacts
{
    /// <summary>The type the instrumenter adds; an app that defines it is refused.</summary>
    public const string MeterTypeName = "<Rampart>Meter";

    private const string PrivateImplementationDetails = "<PrivateImplementationDetails>";

    private readonly PEReader _pe;
    private readonly MetadataReader _reader;
    private readonly CheckProfile _profile;
    private readonly Dictionary<int, MethodFacts> _methods;
    private readonly Dictionary<int, FieldFacts> _fields;
    private readonly Dictionary<TypeReferenceHandle, byte> _referenceKinds = [];
    private readonly Dictionary<int, SignatureShape?> _types = [];
    private readonly Dictionary<int, SignatureShape[]> _locals = [];
    private readonly HashSet<int> _classified = [];
    private readonly SignatureShapeProvider _provider;
    private readonly ClassHierarchy _hierarchy;
    private readonly MetadataClasses _classes;
    private readonly string _scope;

    private AppImageChecker(PEReader pe, CheckProfile profile, ClassHierarchy hierarchy)
    {
        _pe = pe;
        _reader = pe.GetMetadataReader();
        _profile = profile;
        _hierarchy = hierarchy;
        _scope = _reader.IsAssembly ? _reader.GetString(_reader.GetAssemblyDefinition().Name) : string.Empty;
        _provider = new SignatureShapeProvider(_referenceKinds, _scope);
        _classes = new MetadataClasses(_reader, _scope);

        // Sized once from the tables: growing these (facts are large structs) was a visible part of the check.
        _methods = new Dictionary<int, MethodFacts>(_reader.GetTableRowCount(TableIndex.MethodDef) + _reader.GetTableRowCount(TableIndex.MemberRef)
            + _reader.GetTableRowCount(TableIndex.MethodSpec));
        _fields = new Dictionary<int, FieldFacts>(_reader.GetTableRowCount(TableIndex.Field) + _reader.GetTableRowCount(TableIndex.MemberRef));
    }

    /// <summary>Checks <paramref name="image"/>; <see cref="LoadRefusal.None"/> means it may be instrumented and loaded.</summary>
    public static LoadRefusal Check(ReadOnlySpan<byte> image) => Check(image, AppCheckProfile.Single, out _, out _);

    /// <summary>
    /// Checks <paramref name="image"/> against <paramref name="profile"/>; on acceptance also gives the
    /// assembly's simple name and module version id (read from metadata, nothing runs). Classes of other
    /// assemblies are looked up in <paramref name="hierarchy"/> (the host's alone when null).
    /// </summary>
    public static LoadRefusal Check(ReadOnlySpan<byte> image, CheckProfile profile, out string assemblyName, out Guid moduleVersionId, ClassHierarchy? hierarchy = null)
    {
        assemblyName = string.Empty;
        moduleVersionId = Guid.Empty;
        try
        {
            using var pe = new PEReader(ImmutableArray.Create(image.ToArray()));
            if (!pe.HasMetadata)
            {
                return new LoadRefusal(LoadRefusalReason.Malformed, "no CLI metadata");
            }

            var checker = new AppImageChecker(pe, profile, hierarchy ?? ClassHierarchy.HostOnly());
            var reader = checker._reader;
            if (!reader.IsAssembly)
            {
                return new LoadRefusal(LoadRefusalReason.Malformed, "not an assembly");
            }

            var refusal = checker.Run();
            if (refusal.Reason == LoadRefusalReason.None)
            {
                assemblyName = reader.GetString(reader.GetAssemblyDefinition().Name);
                moduleVersionId = reader.GetGuid(reader.GetModuleDefinition().Mvid);
            }

            return refusal;
        }
        catch (BadImageFormatException e)
        {
            return new LoadRefusal(LoadRefusalReason.Malformed, e.Message);
        }
        catch (InvalidOperationException e)
        {
            return new LoadRefusal(LoadRefusalReason.Malformed, e.Message);
        }
        catch (ArgumentException e)
        {
            return new LoadRefusal(LoadRefusalReason.Malformed, e.Message);
        }
        catch (OverflowException e)
        {
            // System.Reflection.Metadata uses checked arithmetic on header offsets and sizes.
            return new LoadRefusal(LoadRefusalReason.Malformed, e.Message);
        }
    }

    private LoadRefusal Run()
    {
        RecordReferenceKinds();
        var refusal = CheckReferences();
        if (refusal.Reason != LoadRefusalReason.None)
        {
            return refusal;
        }

        refusal = CheckSpecifications();
        if (refusal.Reason != LoadRefusalReason.None)
        {
            return refusal;
        }

        foreach (var typeHandle in _reader.TypeDefinitions)
        {
            refusal = CheckType(typeHandle, bodies: null);
            if (refusal.Reason != LoadRefusalReason.None)
            {
                return refusal;
            }
        }

        // Bodies last, once every field and method of the assembly has its facts.
        if (_classes.Duplicate() is { } duplicate)
        {
            return new LoadRefusal(LoadRefusalReason.Malformed, "two type definitions named " + duplicate);
        }

        var bodies = new MethodBodyChecker(this, new ClassTable(_classes, _hierarchy));
        foreach (var typeHandle in _reader.TypeDefinitions)
        {
            refusal = CheckType(typeHandle, bodies);
            if (refusal.Reason != LoadRefusalReason.None)
            {
                return refusal;
            }
        }

        return LoadRefusal.None;
    }

    private LoadRefusal CheckReferences()
    {
        foreach (var handle in _reader.AssemblyReferences)
        {
            var refusal = _profile.CheckAssembly(_reader.GetString(_reader.GetAssemblyReference(handle).Name));
            if (refusal.Reason != LoadRefusalReason.None)
            {
                return refusal;
            }
        }

        if (_reader.GetTableRowCount(TableIndex.ModuleRef) > 0)
        {
            var module = _reader.GetModuleReference(MetadataTokens.ModuleReferenceHandle(1));
            return new LoadRefusal(LoadRefusalReason.PInvoke, "module reference " + _reader.GetString(module.Name));
        }

        foreach (var handle in _reader.TypeReferences)
        {
            var outer = MetadataNames.Outermost(_reader, handle, out _);
            switch (outer.ResolutionScope.Kind)
            {
                case HandleKind.AssemblyReference:
                    var assembly = _reader.GetString(_reader.GetAssemblyReference((AssemblyReferenceHandle)outer.ResolutionScope).Name);
                    var refusal = _profile.CheckType(assembly, _reader.GetString(outer.Namespace), _reader.GetString(outer.Name));
                    if (refusal.Reason != LoadRefusalReason.None)
                    {
                        return refusal;
                    }

                    break;
                case HandleKind.ModuleDefinition:
                    break;
                case HandleKind.ModuleReference:
                    return new LoadRefusal(LoadRefusalReason.PInvoke, "type in a module reference: " + MetadataNames.Of(_reader, handle));
                default:
                    return new LoadRefusal(LoadRefusalReason.ForbiddenType, "unscoped type reference " + MetadataNames.Of(_reader, handle));
            }
        }

        foreach (var handle in _reader.MemberReferences)
        {
            var member = _reader.GetMemberReference(handle);
            var name = _reader.GetString(member.Name);
            if (member.Parent.Kind == HandleKind.ModuleReference)
            {
                return new LoadRefusal(LoadRefusalReason.PInvoke, "member of a module reference: " + name);
            }

            var parent = MetadataNames.ParentName(_reader, member.Parent) ?? "?";
            if (member.GetKind() == MemberReferenceKind.Method)
            {
                var signature = member.DecodeMethodSignature(_provider, null);
                var refusal = _profile.CheckMember(parent, name, signature);
                if (refusal.Reason == LoadRefusalReason.None)
                {
                    refusal = BlockingWaits.CheckMember(parent, name);
                }

                if (refusal.Reason != LoadRefusalReason.None)
                {
                    return refusal;
                }

                if (signature.Header.CallingConvention != SignatureCallingConvention.Default)
                {
                    return new LoadRefusal(LoadRefusalReason.FunctionPointer, "non-default calling convention on " + parent + "::" + name);
                }

                var facts = Facts(name, parent, member.Parent, signature, external: true);
                _methods[MetadataTokens.GetToken(handle)] = facts;
                if (!facts.IsPointerSpanCtor)
                {
                    var unsafeShape = signature.ParameterTypes.Append(signature.ReturnType).FirstOrDefault(t => t.IsUnsafe);
                    if (unsafeShape is not null)
                    {
                        return Unsafe(unsafeShape, parent + "::" + name);
                    }
                }
            }
            else
            {
                var refusal = _profile.CheckMember(parent, name, null);
                if (refusal.Reason != LoadRefusalReason.None)
                {
                    return refusal;
                }

                var type = member.DecodeFieldSignature(_provider, null);
                if (type.IsUnsafe)
                {
                    return Unsafe(type, parent + "::" + name);
                }

                var declaring = ParentShape(member.Parent, classify: false);
                _fields[MetadataTokens.GetToken(handle)] = new FieldFacts(parent + "::" + name, false, false, true, false, 0, type.IsByRef, default,
                    type.Substitute(declaring.Arguments, default), declaring.Category, declaring);
            }
        }

        return LoadRefusal.None;
    }

    private LoadRefusal CheckSpecifications()
    {
        for (var row = 1; row <= _reader.GetTableRowCount(TableIndex.TypeSpec); row++)
        {
            var shape = _reader.GetTypeSpecification(MetadataTokens.TypeSpecificationHandle(row)).DecodeSignature(_provider, null);
            if (shape.IsUnsafe)
            {
                return Unsafe(shape, "type specification");
            }
        }

        for (var row = 1; row <= _reader.GetTableRowCount(TableIndex.MethodSpec); row++)
        {
            var handle = MetadataTokens.MethodSpecificationHandle(row);
            var spec = _reader.GetMethodSpecification(handle);
            var unsafeShape = spec.DecodeSignature(_provider, null).FirstOrDefault(t => t.IsUnsafe);
            if (unsafeShape is not null)
            {
                return Unsafe(unsafeShape, "generic method instantiation");
            }
        }

        for (var row = 1; row <= _reader.GetTableRowCount(TableIndex.StandAloneSig); row++)
        {
            var signature = _reader.GetStandaloneSignature(MetadataTokens.StandaloneSignatureHandle(row));
            if (signature.GetKind() == StandaloneSignatureKind.Method)
            {
                return new LoadRefusal(LoadRefusalReason.FunctionPointer, "stand-alone method signature (calli)");
            }

            var locals = signature.DecodeLocalSignature(_provider, null);
            var unsafeLocal = locals.FirstOrDefault(t => t.IsUnsafe);
            if (unsafeLocal is not null)
            {
                return Unsafe(unsafeLocal, "local variable");
            }

            // Bodies sharing a signature share its shapes (decoded once).
            _locals[MetadataTokens.GetToken(MetadataTokens.StandaloneSignatureHandle(row))] = [.. locals];
        }

        return LoadRefusal.None;
    }

    private LoadRefusal CheckType(TypeDefinitionHandle typeHandle, MethodBodyChecker? bodies)
    {
        var type = _reader.GetTypeDefinition(typeHandle);
        var typeName = MetadataNames.Of(_reader, typeHandle);
        if (typeName == MeterTypeName)
        {
            return new LoadRefusal(LoadRefusalReason.ReservedName, typeName);
        }

        if (typeName == "<Module>" && (type.GetMethods().Count > 0 || type.GetFields().Count > 0))
        {
            return new LoadRefusal(LoadRefusalReason.ReservedName, "<Module> members (a module initializer would run at load)");
        }

        var isPrivateImplementation = typeName == PrivateImplementationDetails || typeName.StartsWith(PrivateImplementationDetails + "/", StringComparison.Ordinal);

        // The compiler's sized blobs for constant data (<PrivateImplementationDetails>/__StaticArrayInitTypeSize=N)
        // are explicit-layout structs without fields: nothing can overlap.
        if ((type.Attributes & TypeAttributes.LayoutMask) == TypeAttributes.ExplicitLayout && !(isPrivateImplementation && type.GetFields().Count == 0))
        {
            return new LoadRefusal(LoadRefusalReason.ExplicitLayout, typeName);
        }

        var isLambdaCache = typeName.EndsWith("/<>c", StringComparison.Ordinal);
        var self = OwnShape(typeHandle);
        foreach (var fieldHandle in type.GetFields())
        {
            var field = _reader.GetFieldDefinition(fieldHandle);
            var fieldName = _reader.GetString(field.Name);
            var shape = field.DecodeSignature(_provider, null);
            if (shape.IsUnsafe)
            {
                return Unsafe(shape, typeName + "::" + fieldName);
            }

            var attributes = field.Attributes;
            var isStatic = (attributes & FieldAttributes.Static) != 0;
            var isInitOnly = (attributes & FieldAttributes.InitOnly) != 0;
            var isLiteral = (attributes & FieldAttributes.Literal) != 0;
            var hasRva = (attributes & FieldAttributes.HasFieldRVA) != 0;
            if (hasRva && !(isPrivateImplementation && isInitOnly))
            {
                return new LoadRefusal(LoadRefusalReason.MutableStaticField, typeName + "::" + fieldName + " (raw data field)");
            }

            if (isStatic && !isInitOnly && !isLiteral && !(isLambdaCache && fieldName.StartsWith("<>9__", StringComparison.Ordinal) && (_profile.AnyLambdaCacheType || IsDelegateName(shape.Name))))
            {
                return new LoadRefusal(LoadRefusalReason.MutableStaticField, typeName + "::" + fieldName);
            }

            _fields[MetadataTokens.GetToken(fieldHandle)] = new FieldFacts(
                typeName + "::" + fieldName, isStatic, isInitOnly, false, isPrivateImplementation && hasRva, DataSize(shape, fieldHandle), shape.IsByRef, typeHandle,
                shape, IsValueType(type) ? ValueCategory.Value : ValueCategory.Reference, self);
        }

        foreach (var methodHandle in type.GetMethods())
        {
            var refusal = CheckMethod(typeHandle, typeName, self, methodHandle, bodies);
            if (refusal.Reason != LoadRefusalReason.None)
            {
                return refusal;
            }
        }

        return LoadRefusal.None;
    }

    private LoadRefusal CheckMethod(TypeDefinitionHandle typeHandle, string typeName, SignatureShape self, MethodDefinitionHandle methodHandle, MethodBodyChecker? bodies)
    {
        var method = _reader.GetMethodDefinition(methodHandle);
        var name = typeName + "::" + _reader.GetString(method.Name);
        if ((method.Attributes & MethodAttributes.PinvokeImpl) != 0 || !method.GetImport().Module.IsNil)
        {
            return new LoadRefusal(LoadRefusalReason.PInvoke, name);
        }

        var impl = method.ImplAttributes;
        if ((impl & MethodImplAttributes.InternalCall) != 0 || (impl & MethodImplAttributes.CodeTypeMask) is MethodImplAttributes.Native or MethodImplAttributes.OPTIL
            || (impl & MethodImplAttributes.Unmanaged) != 0)
        {
            return new LoadRefusal(LoadRefusalReason.PInvoke, name + " (not managed IL)");
        }

        var signature = method.DecodeSignature(_provider, null);
        if (signature.Header.CallingConvention != SignatureCallingConvention.Default)
        {
            return new LoadRefusal(LoadRefusalReason.FunctionPointer, "non-default calling convention on " + name);
        }

        var unsafeShape = signature.ParameterTypes.Append(signature.ReturnType).FirstOrDefault(t => t.IsUnsafe);
        if (unsafeShape is not null)
        {
            return Unsafe(unsafeShape, name);
        }

        if (bodies is null)
        {
            // The first pass records every method's facts; the second, with them all known, checks the bodies.
            _methods[MetadataTokens.GetToken(methodHandle)] = Facts(_reader.GetString(method.Name), typeName, typeHandle, signature, external: false);
            return LoadRefusal.None;
        }

        if (method.RelativeVirtualAddress == 0)
        {
            return (impl & MethodImplAttributes.CodeTypeMask) == MethodImplAttributes.Runtime || (method.Attributes & MethodAttributes.Abstract) != 0
                ? LoadRefusal.None
                : new LoadRefusal(LoadRefusalReason.Malformed, name + " has no body");
        }

        var body = _pe.GetMethodBody(method.RelativeVirtualAddress);
        SignatureShape[] locals = body.LocalSignature.IsNil ? []
            : _locals.TryGetValue(MetadataTokens.GetToken(body.LocalSignature), out var decoded) ? decoded
            : [.. _reader.GetStandaloneSignature(body.LocalSignature).DecodeLocalSignature(_provider, null)];
        var args = new List<SignatureShape>();
        if (signature.Header.IsInstance)
        {
            // this: the type over its own generic parameters, by reference for a value type.
            args.Add(self.Category == ValueCategory.Reference ? self : self with { IsByRef = true });
        }

        args.AddRange(signature.ParameterTypes);
        var simpleName = _reader.GetString(method.Name);
        var isTypeInitializer = simpleName == ".cctor";
        var isAsyncMoveNext = simpleName is "MoveNext" or "System.Runtime.CompilerServices.IAsyncStateMachine.MoveNext" && ImplementsAsyncStateMachine(_reader.GetTypeDefinition(typeHandle));
        return bodies.Check(name, body, [.. args], locals, signature.ReturnType, typeHandle, methodHandle, isTypeInitializer, isAsyncMoveNext);
    }

    private static bool IsDelegateName(string name) =>
        name.StartsWith("System.Func`", StringComparison.Ordinal) || name.StartsWith("System.Action", StringComparison.Ordinal)
        || name.StartsWith("System.Predicate`", StringComparison.Ordinal) || name.StartsWith("System.Comparison`", StringComparison.Ordinal)
        || name.StartsWith("System.Converter`", StringComparison.Ordinal) || name.StartsWith("Rampart.Kernel.Abi.", StringComparison.Ordinal);

    private static LoadRefusal Unsafe(SignatureShape shape, string where) => shape.HasFunctionPointer
        ? new LoadRefusal(LoadRefusalReason.FunctionPointer, "function pointer in " + where)
        : new LoadRefusal(LoadRefusalReason.PointerOpcode, (shape.IsPinned ? "pinned local in " : "pointer type in ") + where);
}
